import { defineRule } from '../../src/engine/rule.js';
import { isHelmHook } from '../../src/model/rollout-facts.js';
import { wl } from './_words.js';

const POD = '  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2", ports: [{ containerPort: 8080 }] }]\n';
const SVC = '---\napiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api }\n  ports: [{ port: 80, targetPort: 8080 }]\n';

export default defineRule({
  id: 'rollout/no-min-ready-seconds',
  title: 'Service-backed Deployment without minReadySeconds',
  severity: 'low',
  status: 'preview',
  description: 'Finds Deployments behind a Service in the scan that do not set `minReadySeconds`.',
  rationale:
    'Without `minReadySeconds` a new pod counts as available the moment its readiness probe first passes, and the rollout moves on to replace the next old pod. A version that crashes a few seconds after start, or that passes one probe and then fails under traffic, can replace every old pod before anyone notices. Only Deployments that a Service in the scan routes to are reported: workers without traffic gain little from it.',
  remediation: 'Set `minReadySeconds` (e.g. 10-30) to how long a new pod must stay ready before the rollout continues.',
  references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#min-ready-seconds'],
  tags: ['kubernetes', 'rollout'],
  reads: ['workloads', 'services'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n${POD}${SVC}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  minReadySeconds: 15\n${POD}${SVC}`,
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes' || w.kind !== 'Deployment' || isHelmHook(w) || w.services.length === 0) continue;
      if (w.rollout?.minReadySeconds || w.replicas?.value === 0) continue;
      report({
        at: w.anchor,
        message: `${wl(w)} serves Service ${w.services[0]!.name} but sets no minReadySeconds: a new pod counts as available the moment its readiness probe first passes, so a version that fails seconds later can replace every old pod. Set minReadySeconds.`,
        key: `${w.id} spec.minReadySeconds`,
      });
    }
  },
});
