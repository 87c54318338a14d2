import { defineRule } from '../../src/engine/rule.js';
import { closestWorkloads, hpaMin, hpaOf } from '../../src/model/rollout-facts.js';
import { obj, objKey, wl } from './_words.js';

const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: 2\n  maxReplicas: 10\n---\n';

export default defineRule({
  id: 'rollout/pdb-exceeds-hpa-min',
  title: "PodDisruptionBudget minAvailable above the HPA's minReplicas",
  severity: 'high',
  status: 'preview',
  description: "Finds PodDisruptionBudgets whose integer `minAvailable` is greater than the `minReplicas` of the HorizontalPodAutoscaler scaling a workload they select.",
  rationale:
    'When the autoscaler scales the workload down to `minReplicas`, fewer pods run than the budget demands: the PDB reports zero allowed disruptions and every node drain hangs, typically at night when traffic is low and maintenance runs.',
  remediation: 'Use `maxUnavailable: 1` in the PDB, or a `minAvailable` below `minReplicas` (a percentage scales with the HPA).',
  references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/', 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/'],
  tags: ['kubernetes', 'availability', 'resources'],
  reads: ['pdbs', 'hpas'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${DEP}apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec:\n  minAvailable: 3\n  selector: { matchLabels: { app: api } }\n`,
    good: `${DEP}apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { app: api } }\n`,
  },
  check({ model, report }) {
    for (const p of model.pdbs) {
      const ma = p.minAvailable;
      if (!ma || typeof ma.value !== 'number') continue;
      for (const w of closestWorkloads(p.object.file, p.targets)) {
        const h = hpaOf(w);
        if (!h || ma.value <= hpaMin(h)) continue;
        report({
          at: ma.location,
          message: `${obj(p.object)} requires minAvailable: ${ma.value} but HorizontalPodAutoscaler ${h.name} may scale ${wl(w)} down to ${hpaMin(h)}: then no pod can be evicted and node drains hang. Use maxUnavailable: 1.`,
          related: [{ location: h.minReplicas?.location ?? h.object.kindLocation, message: `HorizontalPodAutoscaler ${h.name} minReplicas` }],
          key: `${objKey(p.object)} spec.minAvailable ${w.id}`,
        });
      }
    }
  },
});
