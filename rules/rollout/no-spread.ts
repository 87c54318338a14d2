import { defineRule } from '../../src/engine/rule.js';
import { effectiveReplicas, isDevManifest, isHelmHook, isReplicatedController } from '../../src/model/rollout-facts.js';
import { wl } from './_words.js';

export default defineRule({
  id: 'rollout/no-spread',
  title: 'Replicas may all land on one node',
  severity: 'low',
  status: 'preview',
  description: 'Finds Deployments, StatefulSets and Argo Rollouts with 2 or more replicas and neither pod anti-affinity nor `topologySpreadConstraints`.',
  rationale:
    "Replicas only protect against a node failure if they run on different nodes. The scheduler's built-in spreading is a soft preference (`ScheduleAnyway`) that loses to resource fit, so after a rollout or a scale-up several replicas often share a node. Reported at low: on clusters whose administrators configure default constraints it is covered. Unlike kube-score, which only accepts podAntiAffinity, topologySpreadConstraints count too. Manifests for a developer machine or a test cluster (`dev/`, `local/`, `minikube/`, `kind/`, `test/`, `e2e/` folders, `*.dev.yaml`) are skipped.",
  remediation: 'Add `topologySpreadConstraints` on `kubernetes.io/hostname` (and `topology.kubernetes.io/zone`), or a preferred pod anti-affinity on the same labels.',
  references: ['https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/', 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity'],
  tags: ['kubernetes', 'availability'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector: { matchLabels: { app: api } }\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (!isReplicatedController(w) || isHelmHook(w) || effectiveReplicas(w) < 2 || isDevManifest(w.file)) continue;
      if (w.rollout?.podAntiAffinity || w.rollout?.topologySpread) continue;
      report({
        at: w.replicas?.location ?? w.anchor,
        message: `${wl(w)} runs ${effectiveReplicas(w)}${w.hpas.length ? '+' : ''} replicas with neither pod anti-affinity nor topologySpreadConstraints: they may share one node, and that node's failure takes them all. Spread them over nodes.`,
        key: `${w.id} spec.template.spec.topologySpreadConstraints`,
      });
    }
  },
});
