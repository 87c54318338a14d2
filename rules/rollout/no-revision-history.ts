import { defineRule } from '../../src/engine/rule.js';
import { isReplicatedController } from '../../src/model/rollout-facts.js';
import { wl } from './_words.js';

const POD = '  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n';

export default defineRule({
  id: 'rollout/no-revision-history',
  title: 'revisionHistoryLimit is 0',
  severity: 'high',
  status: 'preview',
  description: 'Finds Deployments, StatefulSets and Argo Rollouts with `revisionHistoryLimit: 0`.',
  rationale:
    'The controller keeps old ReplicaSets (or ControllerRevisions) so that `kubectl rollout undo` can go back. With a limit of 0 they are deleted as soon as a rollout finishes, and the only way back from a bad release is a new deploy of the old manifest.',
  remediation: 'Remove `revisionHistoryLimit` (default 10) or set it to a few revisions, e.g. 3.',
  references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#clean-up-policy', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-back-a-deployment'],
  tags: ['kubernetes', 'rollback'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  revisionHistoryLimit: 0\n${POD}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  revisionHistoryLimit: 3\n${POD}`,
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      const r = w.rollout?.revisionHistoryLimit;
      if (!isReplicatedController(w) || r?.value !== 0) continue;
      report({
        at: r.location,
        message: `${wl(w)} sets revisionHistoryLimit: 0: old revisions are deleted after each rollout, so \`kubectl rollout undo\` has nothing to go back to. Keep a few (e.g. 3).`,
        key: `${w.id} spec.revisionHistoryLimit`,
      });
    }
  },
});
