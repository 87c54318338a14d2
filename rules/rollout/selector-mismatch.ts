import { defineRule } from '../../src/engine/rule.js';
import { labelSelectorMatches, selectorMismatch } from '../../src/model/rollout-facts.js';
import { wl } from './_words.js';

const TAIL = '  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n';

export default defineRule({
  id: 'rollout/selector-mismatch',
  title: "Controller selector does not match its pod template's labels",
  severity: 'critical',
  status: 'preview',
  description: "Finds controllers whose `spec.selector` (matchLabels and matchExpressions) does not match the labels of their own pod template.",
  rationale:
    'The API rejects a Deployment, ReplicaSet, StatefulSet or DaemonSet whose selector does not select its template (`selector does not match template labels`), so the deploy fails; controllers that are not validated (custom resources) create pods they then do not own.',
  remediation: "Make `spec.selector.matchLabels` a subset of `spec.template.metadata.labels`. The selector is immutable: changing it on a live Deployment means deleting and recreating it.",
  references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector', 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements'],
  tags: ['kubernetes', 'correctness', 'deploy-failure'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api-server } }\n${TAIL}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n${TAIL}`,
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      const sel = w.rollout?.selector;
      if (w.platform !== 'kubernetes' || w.kind === 'Pod' || !sel) continue;
      if (Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0) continue;
      if (labelSelectorMatches(sel, w.podLabels)) continue;
      report({
        at: sel.location,
        message: `${wl(w)}'s selector requires ${selectorMismatch(sel, w.podLabels)}, which its own pod template does not satisfy: the API rejects the object ("selector does not match template labels"). Make the selector a subset of the template labels.`,
        key: `${w.id} spec.selector`,
      });
    }
  },
});
