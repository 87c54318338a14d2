import { defineRule } from '../../src/engine/rule.js';
import { resolveTargetPort } from '../../src/model/rollout-facts.js';
import { obj, objKey } from './_words.js';

const dep = (ports: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [${ports}]\n---\n`;
const SVC = 'apiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api }\n  ports: [{ port: 80, targetPort: http }]\n';

export default defineRule({
  id: 'rollout/target-port-missing',
  title: "Service targetPort is not exposed by the selected pods",
  severity: 'high',
  status: 'preview',
  severities: [
    { severity: 'high', when: 'the targetPort is a name no selected container port has' },
    { severity: 'medium', when: 'the targetPort is a number the selected pods do not declare, though they declare other ports (an undeclared port may still listen)' },
  ],
  description: "Finds Service ports whose `targetPort` (unset: the `port`) names a container port the selected pods do not declare, or a number none of their declared ports has.",
  rationale:
    'A named targetPort resolves only against declared container port names; when no pod declares it, the Service has no usable endpoints for that port and requests fail. A numeric targetPort is reported only when the pods declare ports and none of them is that number (declaring ports is optional, so an undeclared port may still listen), and not when the number appears in the container command, args or env, or in a ConfigMap next to the Service, where servers usually configure their listeners; nor on headless Services, whose ports only name DNS records.',
  remediation: "Point `targetPort` at a declared container port (by name or number), or declare the port in the container's `ports`.",
  references: ['https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports'],
  tags: ['kubernetes', 'availability', 'correctness'],
  reads: ['services'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${dep('{ name: web, containerPort: 8080 }')}${SVC}`,
    good: `${dep('{ name: http, containerPort: 8080 }')}${SVC}`,
  },
  check({ model, report }) {
    for (const s of model.services) {
      for (const p of s.ports) {
        const r = resolveTargetPort(s, p, model);
        if (r.kind !== 'missing') continue;
        const target = p.targetPort === undefined ? `port ${r.target} (no targetPort, so the port itself)` : `targetPort ${r.target}`;
        const workloads = [...new Set(r.workloads.map((w) => `${w.kind} ${w.name}`))].join(', ');
        const declared = r.declared.length ? `only ${r.declared.join(', ')}` : 'no container ports';
        report({
          at: p.targetPortLocation ?? p.location,
          severity: r.named ? 'high' : 'medium',
          message: r.named
            ? `${obj(s.object)} forwards ${target}, but the pods it selects (${workloads}) declare ${declared}: a port name resolves only against declared container ports, so connections to this port fail. Point targetPort at a declared container port.`
            : `${obj(s.object)} forwards ${target}, but the pods it selects (${workloads}) declare ${declared}: unless the container listens on it undeclared, connections to this port fail. Declare the port, or point targetPort at a declared one.`,
          key: `${objKey(s.object)} spec.ports[${p.name ?? p.port ?? ''}].targetPort`,
        });
      }
    }
  },
});
