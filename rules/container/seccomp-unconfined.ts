import { defineRule } from '../../src/engine/rule.js';
import type { Container } from '../../src/model/types.js';
import { cap, describe, secKey } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

export default defineRule({
  id: 'container/seccomp-unconfined',
  formerIds: ['image/seccomp-unconfined'],
  title: 'Seccomp disabled or not set',
  severity: 'high',
  status: 'stable',
  severities: [
    { severity: 'high', when: 'a container runs with seccomp `Unconfined` (Kubernetes `seccompProfile`, the legacy annotation, or compose `security_opt`)' },
    { severity: 'low', when: 'a Kubernetes container has no seccomp profile at all' },
  ],
  description:
    'Finds containers running with seccomp `Unconfined` (Kubernetes `seccompProfile.type`, the legacy seccomp annotations, compose `security_opt: [seccomp:unconfined]`), and at low severity Kubernetes containers with no seccomp profile at all (pod-level `RuntimeDefault` counts). Docker applies its default profile when compose sets none, so a compose service without one is not reported.',
  rationale:
    'Seccomp blocks the system calls most kernel exploits and container escapes need. Without it the whole kernel attack surface is reachable from the container; Kubernetes runs containers unconfined unless a profile is set (or the kubelet uses `--seccomp-default`).',
  remediation: 'Set `securityContext.seccompProfile.type: RuntimeDefault` at pod level (or a `Localhost` profile); in compose remove `seccomp:unconfined`.',
  remediationByKind: {
    compose: 'Remove `seccomp:unconfined` from the service\'s `security_opt:`; Docker then applies its default seccomp profile. If the process needs a syscall the default blocks, give it a custom profile (`seccomp=./seccomp.json`).',
  },
  differences: "- **Checkov CKV_K8S_31, KICS Seccomp Profile Is Not Configured**: they fail a missing profile exactly like an explicit `Unconfined`. We report an explicit `Unconfined` at high and a missing profile at low: a missing profile is the Kubernetes default that the Pod Security Standards' baseline level still admits (only `restricted` requires a profile), and clusters with the kubelet's `--seccomp-default` apply `RuntimeDefault` anyway; turning it off on purpose is the real decision to review.\n- **compose**: Docker applies its default profile when compose sets none, so unlike Kubernetes a compose service without `security_opt` is not reported at all.",
  references: ['https://kubernetes.io/docs/tutorials/security/seccomp/', 'https://docs.docker.com/engine/security/seccomp/'],
  tags: ['security', 'containers', 'kubernetes', 'compose'],
  reads: ['workloads'],
  kinds: ['kubernetes', 'compose'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext:\n        seccompProfile: { type: Unconfined }\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext:\n        seccompProfile: { type: RuntimeDefault }\n',
  },
  check(ctx) {
    for (const c of containersOf(ctx.model, ['kubernetes', 'compose'])) {
      const f = c.security.seccompProfile;
      const compose = c.workload.platform === 'compose';
      if (f && f.value.toLowerCase() === 'unconfined') {
        ctx.report({
          at: f.location,
          message: `${cap(describe(c))} runs without seccomp (${compose ? '`seccomp:unconfined`' : '`Unconfined`'}): every system call, including those kernel exploits and container escapes use, is reachable. ${compose ? 'Remove `seccomp:unconfined` so Docker applies its default profile.' : 'Use `RuntimeDefault`.'}`,
          key: compose ? `${c.logicalPath}.security_opt.seccomp` : secKey(c, 'seccompProfile'),
        });
        continue;
      }
      if (f || compose) continue;
      const annotated = annotationProfile(c);
      if (annotated === 'unconfined') {
        ctx.report({
          at: c.workload.anchor,
          message: `${cap(describe(c))} runs without seccomp (seccomp annotation \`unconfined\`): every system call is reachable. Use \`securityContext.seccompProfile.type: RuntimeDefault\`.`,
          key: secKey(c, 'seccompProfile'),
        });
        continue;
      }
      if (annotated) continue;
      ctx.report({
        at: c.location,
        message: `${cap(describe(c))} sets no seccomp profile, so it runs unconfined unless the kubelet enables \`--seccomp-default\`. Set \`securityContext.seccompProfile.type: RuntimeDefault\` at pod level.`,
        key: secKey(c, 'seccompProfile'),
        severity: 'low',
      });
    }
  },
});

/** The pre-1.19 annotations (`seccomp.security.alpha.kubernetes.io/pod`, `container.seccomp...`/<name>). */
function annotationProfile(c: Container): 'unconfined' | 'set' | undefined {
  const a = c.workload.annotations;
  const v = a[`container.seccomp.security.alpha.kubernetes.io/${c.name}`] ?? a['seccomp.security.alpha.kubernetes.io/pod'];
  if (v === undefined) return undefined;
  return v.trim().toLowerCase() === 'unconfined' ? 'unconfined' : 'set';
}
