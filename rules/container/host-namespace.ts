import { defineRule } from '../../src/engine/rule.js';
import type { Field } from '../../src/model/types.js';

const WHAT = {
  hostNetwork: ["the host's network namespace", 'it sees every interface on the node, can bind any host port and reach services listening on localhost'],
  hostPID: ["the host's PID namespace", 'it sees every process on the node and, as root, can signal or ptrace them and read their environment'],
  hostIPC: ["the host's IPC namespace", 'it can read and write shared memory of other processes on the node'],
} as const;

const COMPOSE = { hostNetwork: 'network_mode: host', hostPID: 'pid: host', hostIPC: 'ipc: host' } as const;

export default defineRule({
  id: 'container/host-namespace',
  formerIds: ['image/host-namespace'],
  title: 'Host namespace shared',
  severity: 'high',
  status: 'stable',
  description: 'Finds pods with `hostNetwork`, `hostPID` or `hostIPC` set to true, and compose services with `network_mode: host`, `pid: host` or `ipc: host`.',
  rationale:
    "Sharing a host namespace removes a layer of isolation: the workload can see and interfere with the node's processes, shared memory or network, and a compromise of it reaches far beyond the container.",
  remediation: 'Remove the setting. Expose ports through a Service (or compose `ports:`); use a node agent only where host access is the point of the workload.',
  remediationByKind: {
    compose: 'Remove `network_mode: host`, `pid: host` or `ipc: host` from the service; publish the ports it serves with `ports:` and reach other services over the compose network.',
  },
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline', 'https://docs.docker.com/engine/network/drivers/host/'],
  tags: ['security', 'containers', 'kubernetes', 'compose'],
  reads: ['workloads'],
  kinds: ['kubernetes', 'compose'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  hostNetwork: true\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  hostNetwork: false\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n',
  },
  check(ctx) {
    for (const w of ctx.model.workloads) {
      if (w.platform !== 'kubernetes' && w.platform !== 'compose') continue;
      for (const k of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
        const f: Field<boolean> | undefined = w[k];
        if (f?.value !== true) continue;
        const [ns, why] = WHAT[k];
        const setting = w.platform === 'compose' ? `\`${COMPOSE[k]}\`` : `\`${k}: true\``;
        const who = w.platform === 'compose' ? `Compose service "${w.name}"` : `${w.kind} ${w.name}`;
        ctx.report({
          at: f.location,
          message: `${who} shares ${ns} (${setting}): ${why}. Remove it unless this is a node agent that needs it.`,
          key: `${w.id}.${k}`,
        });
      }
    }
  },
});
