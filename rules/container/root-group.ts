import { defineRule } from '../../src/engine/rule.js';
import { cap, describe, secKey } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

export default defineRule({
  id: 'container/root-group',
  title: 'Non-root container runs with the root group',
  severity: 'medium',
  status: 'preview',
  severities: [
    { severity: 'medium', when: '`runAsGroup: 0`: the process runs with root as its primary group' },
    { severity: 'low', when: '`fsGroup: 0` only: the process gets root as a supplementary group and volumes are made group-root writable' },
  ],
  description:
    'Finds Kubernetes containers that run as a non-root user (`runAsUser` other than 0, or `runAsNonRoot: true`) but with `runAsGroup: 0`, or in a pod with `fsGroup: 0`.',
  rationale:
    'A uid that is not 0 but whose group is 0 can read and write every file in the image that is group-owned by root and group-writable, which most images leave that way (OpenShift relies on exactly this), and files it creates on volumes belong to the root group. Dropping root only to keep its group gives back much of what `runAsNonRoot` was meant to take away. kube-linter treats a zero group as running as root; we report it at medium (primary group) and low (`fsGroup` only), below running as root itself.',
  remediation: 'Set `runAsGroup` (and `fsGroup`, if volumes need it) to a non-zero group, e.g. the uid you run as: `runAsUser: 10001`, `runAsGroup: 10001`, `fsGroup: 10001`.',
  differences: "- **kube-linter run-as-non-root**: kube-linter reports a zero group as running as root, at the same level. We report it separately and below `container/run-as-root`: `runAsGroup: 0` at medium (root's group files are writable, but root's capabilities are not held), `fsGroup: 0` alone at low (a supplementary group and group-root volume ownership). Trivy KSV-0116 is the closest equivalent; Checkov has none.",
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    'https://docs.kubelinter.io/#/generated/checks?id=run-as-non-root',
  ],
  tags: ['security', 'least-privilege', 'containers', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 0 }\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 }\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n',
  },
  check(ctx) {
    const fsGroupReported = new Set<string>();
    for (const c of containersOf(ctx.model, ['kubernetes'])) {
      const s = c.security;
      // Only for a user that is not root: a root process is container/run-as-root's finding.
      const nonRootUser = (s.runAsUser !== undefined && s.runAsUser.value !== 0) || (s.runAsUser === undefined && s.runAsNonRoot?.value === true);
      if (!nonRootUser) continue;
      if (s.runAsGroup?.value === 0) {
        ctx.report({
          at: s.runAsGroup.location,
          message: `${cap(describe(c))} runs as a non-root user with \`runAsGroup: 0\`: its primary group is root, so it can write every group-writable root-owned file in the image and creates files owned by group root. Use a non-zero group, e.g. the same id as the user.`,
          key: secKey(c, 'runAsGroup'),
        });
        continue;
      }
      const fs = s.fsGroup;
      if (fs?.value !== 0) continue;
      const where = `${fs.location.path}:${fs.location.startLine}:${fs.location.startColumn}`;
      if (fsGroupReported.has(where)) continue; // one pod-level key, one finding
      fsGroupReported.add(where);
      ctx.report({
        at: fs.location,
        severity: 'low',
        message: `${c.workload.kind} ${c.workload.name} runs non-root containers with \`fsGroup: 0\`: every process gets root as a supplementary group and its volumes are made writable for group root. Use a non-zero fsGroup.`,
        key: `${c.workload.kind}/${c.workload.name} securityContext.fsGroup`,
      });
    }
  },
});
