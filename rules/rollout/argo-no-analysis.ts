import { defineRule } from '../../src/engine/rule.js';
import { pauseSeconds } from '../../src/model/rollout-facts.js';
import { obj, objKey } from './_words.js';

const ro = (steps: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: api }\nspec:\n  replicas: 4\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n  strategy:\n    canary:\n      steps:\n${steps}`;

export default defineRule({
  id: 'rollout/argo-no-analysis',
  title: 'Argo canary verifies nothing',
  severity: 'low',
  status: 'preview',
  description: 'Finds Argo Rollouts canaries with no analysis (background or step), no experiment and no indefinite `pause: {}` for a manual promotion.',
  rationale:
    'Without analysis or a manual gate, a canary only waits between weight steps and then promotes, whatever the canary did: it is a slow rolling update with extra machinery, and a bad version reaches 100% on schedule. A canary with no steps at all is how Argo spells a plain rolling update and is not reported.',
  remediation: 'Add `analysis` (an AnalysisTemplate on error rate or latency) or an `analysis` step, or a `pause: {}` step where a person promotes.',
  references: ['https://argo-rollouts.readthedocs.io/en/stable/features/analysis/'],
  tags: ['kubernetes', 'rollout'],
  reads: ['progressiveDeliveries'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: ro('        - setWeight: 20\n        - pause: { duration: 10m }\n        - setWeight: 50\n        - pause: { duration: 10m }\n'),
    good: ro('        - setWeight: 20\n        - analysis:\n            templates: [{ templateName: success-rate }]\n        - setWeight: 50\n        - pause: {}\n'),
  },
  check({ model, report }) {
    for (const pd of model.progressiveDeliveries) {
      // A canary without steps is Argo's rolling-update form, and says so.
      if (pd.controller !== 'argo-rollouts' || pd.strategy !== 'canary' || pd.analysis || pd.steps.length === 0) continue;
      const gated = pd.steps.some((s) => s.kind === 'analysis' || s.kind === 'experiment' || (s.kind === 'pause' && pauseSeconds(s.value) === 'indefinite'));
      if (gated) continue;
      report({
        at: pd.steps[0]!.location,
        message: `${obj(pd.object)} is a canary with no analysis and no manual pause: it promotes on schedule whatever the canary does. Add an analysis or a \`pause: {}\` gate.`,
        key: `${objKey(pd.object)} strategy.canary.analysis`,
      });
    }
  },
});
