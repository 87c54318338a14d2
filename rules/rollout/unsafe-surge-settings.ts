import { defineRule } from '../../src/engine/rule.js';
import { isReplicatedController, isZeroIntOrPercent, rollingBudget } from '../../src/model/rollout-facts.js';
import { wl } from './_words.js';

const POD = '  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n';

export default defineRule({
  id: 'rollout/unsafe-surge-settings',
  title: 'Rolling update takes too many pods down, or cannot progress',
  severity: 'medium',
  status: 'preview',
  severities: [
    { severity: 'high', when: '`maxUnavailable` and `maxSurge` are both 0, which the API rejects' },
    { severity: 'medium', when: '`maxUnavailable` resolves to at least 1 pod with 3 or fewer replicas, or to half the replicas or more' },
  ],
  description: 'Finds Deployment and Argo Rollouts canary `maxUnavailable` / `maxSurge` settings that remove a large share of capacity during a rollout, or that cannot roll at all.',
  rationale:
    'Kubernetes resolves `maxUnavailable` percentages by rounding down and `maxSurge` by rounding up (defaults 25% each). A `maxUnavailable` of one pod out of two or three, or of half the replicas, removes that capacity for the whole rollout while traffic stays the same, and a new version that never becomes ready keeps it removed. With both at 0 the Deployment is rejected. Only explicit settings are judged: the defaults never resolve to an unsafe budget below 4 replicas.',
  remediation: 'Use `maxUnavailable: 0` and `maxSurge: 1` (or a percentage): new pods start and become ready before old ones stop.',
  references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge'],
  tags: ['kubernetes', 'availability', 'rollout'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  strategy:\n    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 }\n${POD}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  strategy:\n    rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }\n${POD}`,
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (!isReplicatedController(w) || w.kind === 'StatefulSet' || !w.strategy) continue;
      const type = w.strategy.type.value;
      if (type !== 'RollingUpdate' && type !== 'Canary') continue;
      const mu = w.strategy.maxUnavailable;
      const ms = w.strategy.maxSurge;
      if (mu && ms && isZeroIntOrPercent(mu.value) && isZeroIntOrPercent(ms.value)) {
        report({
          at: ms.location,
          severity: 'high',
          message: `${wl(w)} sets maxUnavailable: ${mu.value} and maxSurge: ${ms.value}: the rollout may neither stop an old pod nor start a new one, so the API rejects the object. Set maxSurge: 1.`,
          related: [{ location: mu.location, message: 'maxUnavailable' }],
          key: `${w.id} spec.strategy.rollingUpdate`,
        });
        continue;
      }
      if (!mu) continue;
      const b = rollingBudget(w);
      if (b.maxUnavailable === undefined || b.maxUnavailable < 1 || b.replicas === 0) continue;
      const share = b.maxUnavailable / b.replicas;
      if (b.replicas > 3 && share < 0.5) continue;
      const resolved = typeof mu.value === 'string' && mu.value.endsWith('%') ? ` (${b.maxUnavailable} of ${b.replicas} pods, rounded down)` : '';
      report({
        at: mu.location,
        message: `${wl(w)} allows maxUnavailable: ${mu.value}${resolved} with ${b.replicas} replica${b.replicas === 1 ? '' : 's'}: ${Math.round(Math.min(share, 1) * 100)}% of capacity goes away during every rollout, and stays away if the new version never becomes ready. Use maxUnavailable: 0 with maxSurge: 1.`,
        key: `${w.id} spec.strategy.rollingUpdate.maxUnavailable`,
      });
    }
  },
});
