import { defineRule } from '../../src/engine/rule.js';
import { closestWorkloads, isLongRunning } from '../../src/model/rollout-facts.js';
import type { Workload } from '../../src/model/types.js';
import { obj, objKey, wl } from './_words.js';

const dep = (name: string, version: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name} }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api, version: ${version} } }\n  template:\n    metadata: { labels: { app: api, version: ${version} } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:${version === 'blue' ? '1.4.2' : '1.5.0'}" }]\n---\n`;

function images(w: Workload): string {
  return w.containers.map((c) => c.image?.raw ?? '?').sort().join(', ');
}

export default defineRule({
  id: 'rollout/service-spans-versions',
  title: 'Service sends traffic to workloads running different images',
  severity: 'medium',
  status: 'preview',
  description: 'Finds Services whose selector matches the pods of two or more workloads whose containers run different images.',
  rationale:
    "Traffic is split by pod count between the versions: an unintended canary, or a blue-green pair whose Service selector lacks the version label, so both colours serve at once and the switch does nothing. Services that an Istio VirtualService routes by subset, or that an Argo Rollout or Flagger manages, split versions on purpose and are not reported.",
  remediation: 'Add the label that tells the workloads apart (e.g. `version: blue`) to the Service selector, or give the workloads distinct app labels.',
  references: ['https://kubernetes.io/docs/concepts/cluster-administration/manage-deployment/#canary-deployments', 'https://kubernetes.io/docs/concepts/services-networking/service/'],
  tags: ['kubernetes', 'rollout', 'compatibility'],
  reads: ['services'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${dep('api-blue', 'blue')}${dep('api-green', 'green')}apiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api }\n  ports: [{ port: 80 }]\n`,
    good: `${dep('api-blue', 'blue')}${dep('api-green', 'green')}apiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api, version: blue }\n  ports: [{ port: 80 }]\n`,
  },
  check({ model, report }) {
    const routed = new Set(model.trafficRoutes.flatMap((r) => r.services));
    const managed = new Set(model.progressiveDeliveries.flatMap((p) => p.serviceRefs.map((r) => `${p.object.namespace ?? 'default'}/${r.name}`)));
    for (const s of model.services) {
      if (!s.selector || routed.has(s) || managed.has(`${s.namespace ?? 'default'}/${s.name}`)) continue;
      const ws = closestWorkloads(s.object.file, s.selects).filter((w) => isLongRunning(w) && w.kind !== 'Pod' && w.replicas?.value !== 0);
      if (ws.some((w) => w.kind === 'Rollout')) continue;
      const byImages = new Map<string, Workload>();
      for (const w of ws) if (!byImages.has(images(w))) byImages.set(images(w), w);
      if (byImages.size < 2) continue;
      const [a, b] = [...byImages.values()] as [Workload, Workload];
      report({
        at: s.selector.location,
        message: `${obj(s.object)} selects the pods of ${wl(a)} (${images(a)}) and ${wl(b)} (${images(b)})${byImages.size > 2 ? ` and ${byImages.size - 2} more` : ''}: traffic is split between the versions by pod count. Add the label that tells them apart (e.g. version) to the selector.`,
        related: [...byImages.values()].map((w) => ({ location: w.anchor, message: `${wl(w)}: ${images(w)}` })),
        key: `${objKey(s.object)} spec.selector`,
      });
    }
  },
});
