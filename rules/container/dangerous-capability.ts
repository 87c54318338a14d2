import { defineRule } from '../../src/engine/rule.js';
import { cap, capName, describe, secKey } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

const DANGEROUS: Record<string, string> = {
  ALL: 'every capability, the same as root on the host kernel',
  SYS_ADMIN: 'mount filesystems, use namespaces and many kernel interfaces: the usual container-escape capability',
  NET_ADMIN: 'reconfigure interfaces, routes and iptables, intercepting other traffic',
  SYS_PTRACE: 'trace and inject code into other processes',
  SYS_MODULE: 'load kernel modules, i.e. run code in the kernel',
  NET_RAW: 'craft raw packets (ARP/DNS spoofing in the pod network)',
  DAC_READ_SEARCH: 'read any file and open files by handle (the "shocker" container escape)',
  BPF: 'load eBPF programs into the kernel',
};

export default defineRule({
  id: 'container/dangerous-capability',
  formerIds: ['image/dangerous-capability'],
  title: 'Dangerous capability added',
  severity: 'high',
  status: 'stable',
  description: `Finds containers that add \`${Object.keys(DANGEROUS).join('`, `')}\` (Kubernetes \`capabilities.add\`, compose \`cap_add\`, systemd \`AmbientCapabilities=\`).`,
  rationale:
    'These capabilities let a compromised process escape the container, tamper with the kernel or other workloads, or spoof network traffic. They are rarely needed by application services.',
  remediation: 'Remove the capability. If a feature needs it, move that feature to a dedicated, isolated component (e.g. a CNI plugin or node agent), not the service container.',
  remediationByKind: {
    compose: 'Remove the capability from the service\'s `cap_add:`. If a feature needs it, move that feature into a dedicated, isolated service.',
    systemd: 'Remove the capability from `AmbientCapabilities=` and `CapabilityBoundingSet=`; if a feature needs it, move that feature into a separate, isolated unit.',
  },
  references: ['https://man7.org/linux/man-pages/man7/capabilities.7.html', 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  tags: ['security', 'containers', 'kubernetes', 'compose', 'systemd'],
  reads: ['workloads'],
  kinds: ['kubernetes', 'compose', 'systemd'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext:\n        capabilities: { drop: [ALL], add: [SYS_ADMIN] }\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      securityContext:\n        capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] }\n',
  },
  check(ctx) {
    for (const c of containersOf(ctx.model, ['kubernetes', 'compose', 'systemd'])) {
      const seen = new Set<string>();
      for (const a of c.security.capAdd) {
        const name = capName(a.value);
        const why = DANGEROUS[name];
        // A capability listed twice is one problem: report its first occurrence only.
        if (!why || seen.has(name)) continue;
        seen.add(name);
        ctx.report({
          at: a.location,
          message: `${cap(describe(c))} adds ${name}: ${why}. Remove it unless this workload is infrastructure that truly needs it.`,
          key: c.workload.platform === 'kubernetes' ? secKey(c, `capabilities.add.${name}`) : `${c.logicalPath}.cap_add.${name}`,
        });
      }
    }
  },
});
