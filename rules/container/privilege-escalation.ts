import { defineRule } from '../../src/engine/rule.js';
import type { Container } from '../../src/model/types.js';
import { cap, describe, secKey } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

/**
 * systemd settings that imply NoNewPrivileges=yes (systemd.exec(5)) for a
 * service without CAP_SYS_ADMIN, i.e. one that does not run as root.
 */
const IMPLIES_NNP_ANY = ['SystemCallFilter', 'SystemCallArchitectures', 'SystemCallLog', 'RestrictAddressFamilies', 'RestrictNamespaces'];
const IMPLIES_NNP_YES = [
  'PrivateDevices', 'ProtectKernelTunables', 'ProtectKernelModules', 'ProtectKernelLogs', 'ProtectClock', 'ProtectHostname',
  'MemoryDenyWriteExecute', 'RestrictRealtime', 'RestrictSUIDSGID', 'LockPersonality',
];
const YES = /^(1|yes|true|on)$/i;

export default defineRule({
  id: 'container/privilege-escalation',
  formerIds: ['image/privilege-escalation'],
  title: 'Privilege escalation not blocked',
  severity: 'medium',
  status: 'stable',
  severities: [
    { severity: 'medium', when: 'a Kubernetes container does not set `allowPrivilegeEscalation: false`' },
    { severity: 'low', when: 'a compose service lacks `no-new-privileges:true`, or a systemd service lacks `NoNewPrivileges=yes`' },
  ],
  description:
    'Finds Kubernetes containers without `allowPrivilegeEscalation: false`, compose services without `security_opt: ["no-new-privileges:true"]` (low: local development) and systemd services without `NoNewPrivileges=yes` or a setting that implies it (low).',
  rationale:
    'Without the no_new_privs flag a process can gain privileges through setuid binaries (su, sudo, ping) or file capabilities in the image: an attacker who gets code execution as the app user can become root in the container.',
  remediation:
    'Kubernetes: `securityContext.allowPrivilegeEscalation: false` on every container. compose: `security_opt: ["no-new-privileges:true"]`. systemd: `NoNewPrivileges=yes`.',
  remediationByKind: {
    compose: 'Add `security_opt: ["no-new-privileges:true"]` to the service.',
    systemd: 'Set `NoNewPrivileges=yes` in the unit\'s [Service] section.',
  },
  differences: "- **kube-linter privilege-escalation-container**: kube-linter only reports a container that allows escalation while it is privileged or has `SYS_ADMIN`. We report every container that does not set `allowPrivilegeEscalation: false` (as Checkov CKV_K8S_20 and Polaris do): setuid binaries and file capabilities in an ordinary image are enough to escalate, without either.",
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    'https://docs.kernel.org/userspace-api/no_new_privs.html',
    'https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#NoNewPrivileges=',
  ],
  tags: ['security', 'containers', 'kubernetes', 'compose', 'systemd'],
  reads: ['workloads'],
  kinds: ['kubernetes', 'compose', 'systemd'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext: { runAsNonRoot: true }\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false }\n',
  },
  check(ctx) {
    for (const c of containersOf(ctx.model, ['kubernetes', 'compose', 'systemd'])) {
      const f = c.security.allowPrivilegeEscalation;
      if (f?.value === false) continue;
      const platform = c.workload.platform;
      if (platform === 'systemd') {
        if (systemdImpliesNnp(c)) continue;
        ctx.report({
          at: f?.location ?? c.workload.anchor,
          message: `${cap(describe(c))} does not set \`NoNewPrivileges=yes\`: its processes can gain privileges through setuid binaries. Add \`NoNewPrivileges=yes\` to [Service].`,
          key: `${c.logicalPath}.NoNewPrivileges`,
          severity: 'low',
        });
        continue;
      }
      if (platform === 'compose') {
        ctx.report({
          at: f?.location ?? c.location,
          message: `${cap(describe(c))} does not set \`security_opt: ["no-new-privileges:true"]\`: processes in it can gain privileges through setuid binaries.`,
          key: `${c.logicalPath}.no-new-privileges`,
          severity: 'low',
        });
        continue;
      }
      // privileged: true implies escalation; container/privileged reports that more strongly.
      if (c.security.privileged?.value === true) continue;
      ctx.report({
        at: f?.location ?? c.location,
        message: `${cap(describe(c))} ${f ? 'sets `allowPrivilegeEscalation: true`' : 'does not set `allowPrivilegeEscalation: false`'}: a process in it can become root through setuid binaries or file capabilities in the image. Set \`securityContext.allowPrivilegeEscalation: false\`.`,
        key: secKey(c, 'allowPrivilegeEscalation'),
      });
    }
  },
});

function systemdImpliesNnp(c: Container): boolean {
  const d = c.workload.directives ?? {};
  if (d['DynamicUser'] && YES.test(d['DynamicUser'].value.trim())) return true;
  const s = c.security;
  const nonRootUser = (s.runAsUser !== undefined && s.runAsUser.value > 0) || (s.userName !== undefined && s.userName.value !== 'root');
  if (!nonRootUser) return false;
  if (IMPLIES_NNP_ANY.some((k) => d[k] && d[k]!.value.trim() !== '')) return true;
  return IMPLIES_NNP_YES.some((k) => d[k] && YES.test(d[k]!.value.trim()));
}
