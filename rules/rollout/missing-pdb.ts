import { defineRule } from '../../src/engine/rule.js';
import { effectiveReplicas, hpaOf, isDevManifest, isHelmHook, isReplicatedController } from '../../src/model/rollout-facts.js';
import { wl } from './_words.js';

const POD = '  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n';

export default defineRule({
  id: 'rollout/missing-pdb',
  title: 'Replicated workload without a PodDisruptionBudget',
  severity: 'medium',
  status: 'preview',
  description: 'Finds Deployments, StatefulSets and Argo Rollouts with 2 or more replicas (or an HPA) that no PodDisruptionBudget in the scan selects.',
  rationale:
    'A node drain (cluster upgrade, autoscaler scale-down) evicts every pod on the node at once unless a PodDisruptionBudget limits it; with replicas packed on few nodes that is an outage during routine maintenance. Single-replica workloads are left to `rollout/single-replica` (a PDB cannot protect one pod without blocking drains), and DaemonSets and Jobs are skipped. kube-score reports this for any Deployment; we only report workloads that have replicas to protect. Manifests for a developer machine or a test cluster (`dev/`, `local/`, `minikube/`, `kind/`, `test/`, `e2e/` folders, `*.dev.yaml`) are skipped.',
  remediation: 'Add a PodDisruptionBudget selecting the pods, e.g. `maxUnavailable: 1` (it keeps working when the replica count changes).',
  references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/', 'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/'],
  tags: ['kubernetes', 'availability'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 3\n${POD}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 3\n${POD}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { app: api } }\n`,
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (!isReplicatedController(w) || isHelmHook(w) || w.pdbs.length > 0 || isDevManifest(w.file)) continue;
      const h = hpaOf(w);
      if (!h && effectiveReplicas(w) < 2) continue;
      report({
        at: w.replicas?.location ?? w.anchor,
        message: `${wl(w)} runs ${h ? `under HorizontalPodAutoscaler ${h.name}` : `${effectiveReplicas(w)} replicas`} but no PodDisruptionBudget selects its pods: a node drain may evict all of them at once. Add a PodDisruptionBudget (e.g. maxUnavailable: 1).`,
        key: `${w.id} PodDisruptionBudget`,
      });
    }
  },
});
