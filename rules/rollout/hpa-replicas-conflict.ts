import { defineRule } from '../../src/engine/rule.js';
import { hpaOf, isReplicatedController } from '../../src/model/rollout-facts.js';
import { wl } from './_words.js';

const POD = '  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n';
const HPA = '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: 2\n  maxReplicas: 10\n';

export default defineRule({
  id: 'rollout/hpa-replicas-conflict',
  title: 'Workload sets replicas while an HPA scales it',
  severity: 'medium',
  status: 'preview',
  description: 'Finds Deployments, StatefulSets and Argo Rollouts that set `spec.replicas` while a HorizontalPodAutoscaler in the scan targets them.',
  rationale:
    'Every `kubectl apply` (or GitOps sync) writes `replicas` back, overriding what the autoscaler chose: a deploy during a traffic peak drops the workload from, say, 12 pods to 2 until the HPA reacts again. Kubernetes recommends removing `replicas` from manifests of autoscaled workloads.',
  remediation: 'Remove `spec.replicas` and let the HPA own the count (`minReplicas` sets the floor).',
  references: ['https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling'],
  tags: ['kubernetes', 'resources', 'rollout'],
  reads: ['workloads', 'hpas'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n${POD}${HPA}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n${POD}${HPA}`,
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      const h = hpaOf(w);
      if (!isReplicatedController(w) || !h || !w.replicas) continue;
      report({
        at: w.replicas.location,
        message: `${wl(w)} sets replicas: ${w.replicas.value} while HorizontalPodAutoscaler ${h.name} scales it: every apply resets the count the autoscaler chose (a deploy at peak traffic scales it down). Remove replicas from the manifest.`,
        related: [{ location: h.object.kindLocation, message: `HorizontalPodAutoscaler ${h.name}` }],
        key: `${w.id} spec.replicas`,
      });
    }
  },
});
