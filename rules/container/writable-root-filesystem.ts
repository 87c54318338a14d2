import { defineRule } from '../../src/engine/rule.js';
import { cap, describe, secKey } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

export default defineRule({
  id: 'container/writable-root-filesystem',
  formerIds: ['image/writable-root-filesystem'],
  title: 'Root filesystem is writable',
  severity: 'medium',
  status: 'stable',
  severities: [
    { severity: 'medium', when: 'a Kubernetes container has a writable root filesystem' },
    { severity: 'low', when: 'a compose service does not set `read_only: true`' },
  ],
  description:
    'Finds Kubernetes containers without `securityContext.readOnlyRootFilesystem: true`, and compose services without `read_only: true` (low: local development).',
  rationale:
    'With a writable root filesystem an attacker can drop tools and binaries, replace the application or persist a backdoor for the life of the container. A read-only root also keeps the container identical to the tested image.',
  remediation:
    'Set `readOnlyRootFilesystem: true` (compose: `read_only: true`) and mount an `emptyDir` (compose: `tmpfs`) at the few paths the process writes to, such as /tmp.',
  remediationByKind: {
    compose: 'Set `read_only: true` on the service and mount `tmpfs:` at the few paths the process writes to, such as /tmp.',
  },
  differences: "- **kube-linter no-read-only-root-fs, Checkov CKV_K8S_22**: same verdict for Kubernetes (medium). For compose we report at low instead of not at all (Checkov's compose checks have no read-only check): compose files are mostly local development, but those that deploy should be told.",
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/', 'https://docs.docker.com/reference/compose-file/services/#read_only'],
  tags: ['security', 'containers', 'kubernetes', 'compose'],
  reads: ['workloads'],
  kinds: ['kubernetes', 'compose'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext: { runAsNonRoot: true }\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true }\n',
  },
  check(ctx) {
    for (const c of containersOf(ctx.model, ['kubernetes', 'compose'])) {
      const f = c.security.readOnlyRootFilesystem;
      if (f?.value === true) continue;
      const compose = c.workload.platform === 'compose';
      const setting = compose ? '`read_only: true`' : '`readOnlyRootFilesystem: true`';
      ctx.report({
        at: f?.location ?? c.location,
        message: `${cap(describe(c))} ${f ? 'sets' : 'does not set'} ${f ? (compose ? '`read_only: false`' : '`readOnlyRootFilesystem: false`') : setting}: an attacker can drop tools or replace the application inside the running container. Set ${setting} and mount ${compose ? 'a tmpfs' : 'an emptyDir'} where it must write.`,
        key: compose ? `${c.logicalPath}.read_only` : secKey(c, 'readOnlyRootFilesystem'),
        severity: compose ? 'low' : undefined,
      });
    }
  },
});
