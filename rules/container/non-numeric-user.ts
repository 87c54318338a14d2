import { defineRule } from '../../src/engine/rule.js';
import type { ImageBuild } from '../../src/model/types.js';
import { cap, describe, secKey } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';
import { containerImageUser, stageUser } from '../../src/model/run-as.js';

export default defineRule({
  id: 'container/non-numeric-user',
  formerIds: ['image/non-numeric-user'],
  title: 'Image user is a name, so runAsNonRoot cannot be verified',
  severity: 'high',
  status: 'stable',
  severities: [
    { severity: 'high', when: 'a Kubernetes container requires `runAsNonRoot: true` without `runAsUser` and its in-repo Dockerfile sets `USER <name>`: it will not start' },
    { severity: 'low', when: 'a Dockerfile sets a named `USER` that no such pod runs' },
  ],
  description:
    'Finds Kubernetes containers that require `runAsNonRoot: true` without a `runAsUser` while the in-repo Dockerfile building their image sets `USER <name>`: the kubelet cannot tell whether a name is root and refuses to start the container. A named `USER` in a Dockerfile that no such pod runs is reported at low severity.',
  rationale:
    'With `runAsNonRoot: true` the kubelet checks the image user before starting the container. It can only verify a numeric uid; for `USER app` the pod fails with CreateContainerConfigError ("image has non-numeric user, cannot verify user is non-root") and the rollout stalls.',
  remediation:
    'Use a numeric uid in the Dockerfile (`USER 10001:10001`, after creating the account with that uid), or set `securityContext.runAsUser` in the pod spec.',
  references: [
    'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1',
    'https://github.com/hadolint/hadolint/wiki/DL3066',
  ],
  tags: ['security', 'containers', 'kubernetes', 'dockerfile', 'cross-artifact', 'rollout'],
  reads: ['imageBuilds', 'workloads'],
  kinds: ['dockerfile', 'kubernetes'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nRUN useradd --system app\nUSER app\n',
    good: 'FROM debian:bookworm-slim\nRUN useradd --system --uid 10001 app\nUSER 10001:10001\n',
  },
  check(ctx) {
    const nonRoot = ctx.config.nonRootImages;
    const reported = new Set<ImageBuild>();
    for (const c of containersOf(ctx.model, ['kubernetes'])) {
      const s = c.security;
      if (s.runAsNonRoot?.value !== true || s.runAsUser || !c.imageBuild) continue;
      const v = containerImageUser(c, nonRoot);
      if (v?.kind !== 'nonroot' || v.numeric || !v.user) continue;
      reported.add(c.imageBuild);
      ctx.report({
        at: s.runAsNonRoot.location,
        message: `${cap(describe(c))} requires \`runAsNonRoot: true\` without \`runAsUser\`, and its image's Dockerfile sets \`USER ${v.name}\`, a name: the kubelet cannot verify a name is not root and the pod fails with CreateContainerConfigError. Use a numeric \`USER\` in the Dockerfile or set \`runAsUser\`.`,
        related: [{ location: v.at, message: `USER ${v.name} is not numeric` }],
        key: secKey(c, 'runAsNonRoot'),
      });
    }
    for (const b of ctx.model.imageBuilds) {
      if (reported.has(b) || b.purpose.kind === 'devcontainer' || b.purpose.role.kind === 'data') continue;
      const v = stageUser(b, nonRoot);
      // A USER inherited from a base built by another Dockerfile here is reported once, in that Dockerfile.
      if (v?.kind !== 'nonroot' || v.numeric || !v.user || v.at.path !== b.file.path) continue;
      ctx.report({
        at: v.at,
        message: `USER ${v.name} is a name: a Kubernetes pod with \`runAsNonRoot: true\` and no \`runAsUser\` cannot verify it and fails to start. Use the numeric uid (e.g. \`USER 10001:10001\`).`,
        key: `${b.file.path} final-stage USER`,
        severity: 'low',
      });
    }
  },
});
