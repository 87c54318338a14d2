import { defineRule } from '../../src/engine/rule.js';
import { cap, capName, describe, secKey } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

export default defineRule({
  id: 'container/capabilities-not-dropped',
  formerIds: ['image/capabilities-not-dropped'],
  title: 'Capabilities not dropped',
  severity: 'medium',
  status: 'stable',
  severities: [
    { severity: 'medium', when: 'a Kubernetes container does not drop `ALL` capabilities' },
    { severity: 'low', when: 'a compose service has no `cap_drop: [ALL]`' },
  ],
  description:
    'Finds Kubernetes containers whose `securityContext.capabilities.drop` does not include `ALL`, and compose services without `cap_drop: [ALL]` (low: local development).',
  rationale:
    'Container runtimes grant a default set of about 14 capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, ...). Few services need any of them, and each one widens what an attacker can do after taking over the process.',
  remediation:
    'Drop everything and add back only what the process needs: `capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}` (compose: `cap_drop: [ALL]`, `cap_add: [...]`).',
  remediationByKind: {
    compose: 'Add `cap_drop: [ALL]` to the service and add back only what the process needs with `cap_add:` (for example `[NET_BIND_SERVICE]`).',
  },
  differences: "- **kube-linter drop-net-raw-capability**: kube-linter only asks for `NET_RAW` to be dropped. We ask for `drop: [ALL]` (as Checkov CKV_K8S_37, Trivy KSV003 and Polaris do): the runtime's default set also holds `DAC_OVERRIDE`, `SETUID`, `SETGID` and `CHOWN`, each of which helps an attacker after a takeover, and dropping all and adding back is the only form that stays correct when the default set changes.\n- **Trivy KSV003**: Trivy reports at low; we report Kubernetes containers at medium and compose services at low (compose files are mostly local development, where the default set is rarely the threat).",
  references: [
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    'https://man7.org/linux/man-pages/man7/capabilities.7.html',
  ],
  tags: ['security', 'containers', 'kubernetes', 'compose'],
  reads: ['workloads'],
  kinds: ['kubernetes', 'compose'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext:\n        capabilities: { drop: [NET_RAW] }\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext:\n        capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] }\n',
  },
  check(ctx) {
    for (const c of containersOf(ctx.model, ['kubernetes', 'compose'])) {
      const s = c.security;
      // A privileged container has every capability whatever it drops; container/privileged reports it.
      if (s.privileged?.value === true) continue;
      if (s.capDrop.some((d) => capName(d.value) === 'ALL')) continue;
      const compose = c.workload.platform === 'compose';
      const dropped = s.capDrop.map((d) => capName(d.value));
      const what = dropped.length ? `drops only ${dropped.join(', ')}` : compose ? 'has no `cap_drop: [ALL]`' : 'does not drop `ALL` capabilities';
      ctx.report({
        at: c.location,
        message: `${cap(describe(c))} ${what}, so it keeps the runtime's default capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW, ...). Drop ALL and add back only what it needs${compose ? ' (`cap_drop: [ALL]`)' : ' (`capabilities.drop: [ALL]`)'}.`,
        key: compose ? `${c.logicalPath}.cap_drop` : secKey(c, 'capabilities.drop'),
        severity: compose ? 'low' : undefined,
      });
    }
  },
});
