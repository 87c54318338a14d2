import { defineRule } from '../../src/engine/rule.js';
import { flaggerAnalysisChecks } from '../../src/model/rollout-facts.js';
import { obj, objKey } from './_words.js';

const canary = (analysis: string) =>
  `apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: { name: api }\nspec:\n  targetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  service: { port: 80 }\n  analysis:\n    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 10\n${analysis}`;

export default defineRule({
  id: 'rollout/flagger-no-analysis',
  title: 'Flagger Canary without metrics or webhooks',
  severity: 'low',
  status: 'preview',
  description: 'Finds Flagger Canaries whose `analysis` has neither `metrics` nor `webhooks`.',
  rationale:
    'Flagger promotes a canary when its checks pass; with no metrics and no webhooks there is nothing to fail, so every version is promoted after the last step, however it behaves.',
  remediation: 'Add `analysis.metrics` (e.g. `request-success-rate` and `request-duration`) or a webhook that runs acceptance or load tests.',
  references: ['https://docs.flagger.app/usage/metrics', 'https://docs.flagger.app/usage/webhooks'],
  tags: ['kubernetes', 'rollout'],
  reads: ['progressiveDeliveries'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: canary(''),
    good: canary('    metrics:\n      - name: request-success-rate\n        thresholdRange: { min: 99 }\n        interval: 1m\n'),
  },
  check({ model, report }) {
    for (const pd of model.progressiveDeliveries) {
      if (pd.controller !== 'flagger') continue;
      const { metrics, webhooks } = flaggerAnalysisChecks(pd);
      if (metrics > 0 || webhooks > 0) continue;
      report({
        at: pd.analysis ?? pd.object.kindLocation,
        message: `${obj(pd.object)} has no analysis metrics and no webhooks: nothing can fail the canary, so every version is promoted after the last step. Add metrics or a test webhook.`,
        key: `${objKey(pd.object)} spec.analysis`,
      });
    }
  },
});
