import { defineRule } from '../../src/engine/rule.js';
import { workloadsNear } from '../../src/model/rollout-facts.js';
import { obj, objKey } from './_words.js';

export default defineRule({
  id: 'rollout/pdb-selects-nothing',
  title: 'PodDisruptionBudget selects no workload',
  severity: 'medium',
  status: 'preview',
  description: 'Finds PodDisruptionBudgets whose `matchLabels` select no workload in the scan, when workloads are declared next to them.',
  rationale:
    'A budget whose selector matches no pod protects nothing: the workload it was written for is evicted freely during drains, while the PDB gives the impression it is covered (usually a label renamed on one side only). PDBs alone in a folder (their pods come from a chart or another repository) and selectors with `matchExpressions` are not judged.',
  remediation: "Make the PDB's `selector.matchLabels` match the pod template labels of the workload it protects.",
  references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget'],
  tags: ['kubernetes', 'availability', 'correctness'],
  reads: ['pdbs'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { app: api-server } }\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { app: api } }\n',
  },
  check({ model, report }) {
    for (const p of model.pdbs) {
      const sel = p.selector;
      if (!sel || Object.keys(sel.value).length === 0 || p.targets.length > 0) continue;
      if ((p.labelSelector?.matchExpressions.length ?? 0) > 0 || !workloadsNear(model, p.object.file)) continue;
      const text = Object.entries(sel.value).map(([k, v]) => `${k}=${v}`).join(', ');
      report({
        at: sel.location,
        message: `${obj(p.object)} selects ${text}, which no workload in the scan's pod templates carries: the budget protects nothing. Match the labels of the workload it is meant for.`,
        key: `${objKey(p.object)} spec.selector`,
      });
    }
  },
});
