import { defineRule } from '../../src/engine/rule.js';
import { wl } from './_words.js';

const POD = '  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n';

export default defineRule({
  id: 'rollout/recreate-strategy',
  title: 'Deployment uses the Recreate strategy',
  severity: 'medium',
  status: 'preview',
  description: 'Finds Deployments with `strategy.type: Recreate`.',
  rationale:
    'Recreate stops every old pod before starting a new one, so each deploy is an outage lasting as long as the new pods take to become ready, and a bad image leaves nothing running. It is sometimes chosen deliberately (a ReadWriteOnce volume, a schema that old and new code cannot share); suppress with that reason.',
  remediation: 'Use `strategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }` so new pods are ready before old ones stop.',
  references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment'],
  tags: ['kubernetes', 'availability', 'rollout'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  strategy:\n    type: Recreate\n${POD}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }\n${POD}`,
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes' || w.kind !== 'Deployment' || w.strategy?.type.value !== 'Recreate') continue;
      report({
        at: w.strategy.type.location,
        message: `${wl(w)} uses strategy Recreate: every deploy stops all old pods before new ones start, so the service is down until the new version is ready (and stays down if it never is). Use RollingUpdate with maxUnavailable: 0.`,
        key: `${w.id} spec.strategy.type`,
      });
    }
  },
});
