import { defineRule } from '../../src/engine/rule.js';
import { REPLICATED_KINDS, workloadsNear } from '../../src/model/rollout-facts.js';
import { obj, objKey } from './_words.js';

const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n---\n';

export default defineRule({
  id: 'rollout/hpa-target-missing',
  title: 'HorizontalPodAutoscaler targets a workload not in the scan',
  severity: 'medium',
  status: 'preview',
  description: "Finds HorizontalPodAutoscalers whose `scaleTargetRef` names a Deployment, StatefulSet, ReplicaSet or Rollout that is not declared, when workloads are declared next to them.",
  rationale:
    'An HPA whose target does not exist scales nothing: the workload it was meant for (usually renamed) runs at its fixed replica count under load. HPAs alone in a folder, or targeting other kinds, are not judged: their target may be deployed from elsewhere.',
  remediation: "Make `scaleTargetRef.kind` and `name` match the workload's kind and `metadata.name` (same namespace).",
  references: ['https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/'],
  tags: ['kubernetes', 'resources', 'correctness'],
  reads: ['hpas'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${DEP}apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api-server }\n  minReplicas: 2\n  maxReplicas: 10\n`,
    good: `${DEP}apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: 2\n  maxReplicas: 10\n`,
  },
  check({ model, report }) {
    for (const h of model.hpas) {
      const t = h.target;
      if (!t || h.targetWorkload || !(REPLICATED_KINDS.has(t.kind) || t.kind === 'ReplicaSet')) continue;
      if (!workloadsNear(model, h.object.file)) continue;
      report({
        at: t.location,
        message: `${obj(h.object)} scales ${t.kind} ${t.name}, which is not declared in the scan${h.object.namespace ? ` (namespace ${h.object.namespace})` : ''}: it scales nothing. Fix scaleTargetRef.`,
        key: `${objKey(h.object)} spec.scaleTargetRef`,
      });
    }
  },
});
