import { defineRule } from '../../src/engine/rule.js';
import { closestWorkloads, effectiveReplicas, hpaMin, hpaOf, isZeroIntOrPercent } from '../../src/model/rollout-facts.js';
import { obj, objKey, wl } from './_words.js';

const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n---\n';

export default defineRule({
  id: 'rollout/pdb-blocks-eviction',
  title: 'PodDisruptionBudget allows no disruption',
  severity: 'high',
  status: 'preview',
  description: 'Finds PodDisruptionBudgets with `maxUnavailable: 0`, `minAvailable: 100%`, or a `minAvailable` at least as large as the replicas of a workload it selects.',
  rationale:
    'A budget that allows zero evictions makes every `kubectl drain` hang: cluster upgrades and autoscaler scale-downs stall until someone deletes the PDB by hand, which removes the protection exactly when it matters. Workloads an HPA scales are compared at `minReplicas`; a `minAvailable` above it is `rollout/pdb-exceeds-hpa-min`.',
  remediation: 'Use `maxUnavailable: 1` (or a percentage below 100%), or make `minAvailable` smaller than the replica count.',
  references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions', 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/'],
  tags: ['kubernetes', 'availability', 'deploy-failure'],
  reads: ['pdbs'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${DEP}apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec:\n  minAvailable: 3\n  selector: { matchLabels: { app: api } }\n`,
    good: `${DEP}apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { app: api } }\n`,
  },
  check({ model, report }) {
    for (const p of model.pdbs) {
      const mu = p.maxUnavailable;
      const ma = p.minAvailable;
      if (mu && isZeroIntOrPercent(mu.value)) {
        report({
          at: mu.location,
          message: `${obj(p.object)} sets maxUnavailable: ${mu.value}: no pod it selects may ever be evicted, so node drains (cluster upgrades, scale-downs) hang until the budget is deleted. Use maxUnavailable: 1.`,
          key: `${objKey(p.object)} spec.maxUnavailable`,
        });
        continue;
      }
      if (!ma) continue;
      if (typeof ma.value === 'string' && /^100%$/.test(ma.value.trim())) {
        report({
          at: ma.location,
          message: `${obj(p.object)} sets minAvailable: 100%: no pod it selects may ever be evicted, so node drains hang until the budget is deleted. Use maxUnavailable: 1.`,
          key: `${objKey(p.object)} spec.minAvailable`,
        });
        continue;
      }
      if (typeof ma.value !== 'number') continue;
      const min = ma.value;
      const blocked = closestWorkloads(p.object.file, p.targets).find((w) => {
        const h = hpaOf(w);
        if (h && min > hpaMin(h)) return false;
        return w.replicas?.value !== 0 && min >= effectiveReplicas(w);
      });
      if (!blocked) continue;
      const h = hpaOf(blocked);
      const n = effectiveReplicas(blocked);
      report({
        at: ma.location,
        message: `${obj(p.object)} requires minAvailable: ${min} while ${wl(blocked)} runs ${h ? `as few as ${n} (HPA ${h.name} minReplicas)` : n} replica${n === 1 ? '' : 's'}: no pod can be evicted, so node drains hang. Use maxUnavailable: 1, or a minAvailable below the replica count.`,
        related: [{ location: blocked.replicas?.location ?? blocked.anchor, message: `${wl(blocked)}` }],
        key: `${objKey(p.object)} spec.minAvailable`,
      });
    }
  },
});
