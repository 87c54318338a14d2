import { defineRule } from '../../src/engine/rule.js';
import { cap, describe, secKey } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

export default defineRule({
  id: 'container/privileged',
  formerIds: ['image/privileged'],
  title: 'Privileged container',
  severity: 'critical',
  status: 'stable',
  description: 'Finds Kubernetes containers with `securityContext.privileged: true` and compose services with `privileged: true`.',
  rationale:
    'A privileged container has every capability, all host devices and no seccomp/AppArmor confinement: root in it is root on the node, and one compromised process owns the host and every other workload on it.',
  remediation:
    'Remove `privileged: true`. Grant only the capability the workload really needs (`capabilities.add`) or, for device access, use a device plugin.',
  remediationByKind: {
    compose: 'Remove `privileged: true` from the service. Grant only the capability it needs (`cap_add: [NET_ADMIN]`) or pass the one device it uses with `devices:`.',
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
    'https://docs.docker.com/reference/cli/docker/container/run/#privileged',
  ],
  tags: ['security', 'containers', 'kubernetes', 'compose'],
  reads: ['workloads'],
  kinds: ['kubernetes', 'compose'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext: { privileged: true }\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext:\n        privileged: false\n        capabilities: { drop: [ALL] }\n',
  },
  check(ctx) {
    for (const c of containersOf(ctx.model, ['kubernetes', 'compose'])) {
      const p = c.security.privileged;
      if (p?.value !== true) continue;
      ctx.report({
        at: p.location,
        message: `${cap(describe(c))} is privileged: it gets every capability and the host's devices, so a compromise of it is a compromise of the host. Remove \`privileged: true\` and add only the capabilities it needs.`,
        key: c.workload.platform === 'compose' ? `${c.logicalPath}.privileged` : secKey(c, 'privileged'),
      });
    }
  },
});
