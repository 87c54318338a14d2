import { defineRule } from '../../src/engine/rule.js';
import { hpaMin } from '../../src/model/rollout-facts.js';
import { obj, objKey } from './_words.js';

export default defineRule({
  id: 'rollout/hpa-min-replicas-low',
  title: 'HorizontalPodAutoscaler may scale down to one pod',
  severity: 'low',
  status: 'preview',
  description: 'Finds HorizontalPodAutoscalers with `minReplicas` below 2 (unset means 1).',
  rationale:
    'At low traffic the autoscaler shrinks the workload to a single pod, which then has every weakness of `rollout/single-replica`: a drain, eviction or crash is an outage, exactly when nobody watches.',
  remediation: 'Set `minReplicas: 2` or more, so that at least two pods run at the lowest traffic.',
  references: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/'],
  tags: ['kubernetes', 'availability', 'resources'],
  reads: ['hpas'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: 1\n  maxReplicas: 10\n',
    good: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: 2\n  maxReplicas: 10\n',
  },
  check({ model, report }) {
    for (const h of model.hpas) {
      const min = hpaMin(h);
      if (min >= 2 || h.minReplicas?.value === 0) continue;
      report({
        at: h.minReplicas?.location ?? h.object.kindLocation,
        message: `${obj(h.object)} ${h.minReplicas ? `sets minReplicas: ${min}` : 'sets no minReplicas (defaults to 1)'}: at low traffic ${h.target ? `${h.target.kind} ${h.target.name}` : 'its target'} runs a single pod, and a drain or crash is an outage. Set minReplicas: 2.`,
        key: `${objKey(h.object)} spec.minReplicas`,
      });
    }
  },
});
