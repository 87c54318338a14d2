import { defineRule } from '../../src/engine/rule.js';
import { isHelmHook } from '../../src/model/rollout-facts.js';

export default defineRule({
  id: 'rollout/naked-pod',
  title: 'Bare Pod outside a controller',
  severity: 'medium',
  status: 'preview',
  description: 'Finds `kind: Pod` manifests: pods that no Deployment, StatefulSet, Job or other controller manages.',
  rationale:
    'A bare pod is not rescheduled when its node fails or is drained, cannot be rolled out to a new version (most of its spec is immutable: a new image means delete and recreate, with downtime), and has no rollback. Helm test hooks (`helm.sh/hook`) are skipped.',
  remediation: 'Wrap the pod spec in a Deployment (long-running) or a Job (run to completion).',
  references: ['https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs'],
  tags: ['kubernetes', 'availability', 'rollout'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api, labels: { app: api } }\nspec:\n  containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes' || w.kind !== 'Pod' || isHelmHook(w)) continue;
      report({
        at: w.anchor,
        message: `Pod ${w.name} is not managed by a controller: it is not recreated when its node fails or drains, and a new version means deleting it (downtime, no rollback). Use a Deployment or a Job.`,
        key: `${w.id} kind`,
      });
    }
  },
});
