import { defineRule } from '../../src/engine/rule.js';
import { wl } from './_words.js';

const POD = '  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n';

export default defineRule({
  id: 'rollout/invalid-progress-deadline',
  title: 'progressDeadlineSeconds not greater than minReadySeconds',
  severity: 'high',
  status: 'preview',
  description: 'Finds Deployments and Argo Rollouts whose `progressDeadlineSeconds` is not greater than `minReadySeconds` (unset: 0).',
  rationale:
    'The API rejects a Deployment whose progress deadline is not greater than `minReadySeconds`: a pod could never become available before the rollout is declared failed. The apply fails, so the deploy never happens.',
  remediation: 'Make `progressDeadlineSeconds` comfortably larger than `minReadySeconds` plus the time a pod needs to start (the default is 600).',
  references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds'],
  tags: ['kubernetes', 'rollout', 'deploy-failure'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  minReadySeconds: 60\n  progressDeadlineSeconds: 30\n${POD}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  minReadySeconds: 30\n  progressDeadlineSeconds: 600\n${POD}`,
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes' || (w.kind !== 'Deployment' && w.kind !== 'Rollout')) continue;
      const pds = w.rollout?.progressDeadlineSeconds;
      if (!pds) continue;
      const mrs = w.rollout?.minReadySeconds;
      const min = mrs?.value ?? 0;
      if (pds.value > min) continue;
      report({
        at: pds.location,
        message: `${wl(w)} sets progressDeadlineSeconds: ${pds.value}, not greater than minReadySeconds ${mrs ? `(${min})` : '(unset, 0)'}: the API rejects it, because no pod could become available before the deadline. Raise progressDeadlineSeconds.`,
        related: mrs ? [{ location: mrs.location, message: 'minReadySeconds' }] : undefined,
        key: `${w.id} spec.progressDeadlineSeconds`,
      });
    }
  },
});
