import { defineRule } from '../../src/engine/rule.js';
import { hpaOf, isDevManifest, isHelmHook, isReplicatedController } from '../../src/model/rollout-facts.js';
import { replicasText, wl } from './_words.js';

const POD = '  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n';

export default defineRule({
  id: 'rollout/single-replica',
  title: 'Workload runs a single replica',
  severity: 'medium',
  status: 'preview',
  description: 'Finds Deployments, StatefulSets and Argo Rollouts with fewer than two replicas (unset means 1) and no HorizontalPodAutoscaler, among the workloads a Service routes to (all of them when the scan declares no Service).',
  rationale:
    'With one pod, every node drain, eviction, OOM kill or crash is an outage, and a rolling update depends on the new pod being ready before the old one goes. DaemonSets, Jobs and CronJobs are skipped (their pod count is not a replica count), as are workloads scaled to 0 on purpose (Argo Rollouts `workloadRef` targets), workloads no Service routes to when the scan declares Services (workers, debug and load-generator pods: a restart delays their work but answers no request wrongly) and workloads an HPA scales (`rollout/hpa-min-replicas-low` covers those). Unlike kube-linter\'s opt-in `minimum-three-replicas`, two replicas are enough here: the guides this project follows ask for at least two. Manifests for a developer machine or a test cluster (`dev/`, `local/`, `minikube/`, `kind/`, `test/`, `e2e/` folders, `*.dev.yaml`) are skipped.',
  remediation: 'Set `replicas: 2` or more, or add a HorizontalPodAutoscaler with `minReplicas: 2`. If the workload must be a singleton (a leader-only job, a single-writer database), suppress the finding with the reason.',
  references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas', 'https://learnk8s.io/production-best-practices#application-development'],
  tags: ['kubernetes', 'availability', 'rollout'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 1\n${POD}`,
    good: `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 3\n${POD}`,
  },
  check({ model, report }) {
    const repoHasServices = model.services.length > 0;
    for (const w of model.workloads) {
      if (!isReplicatedController(w) || isHelmHook(w) || hpaOf(w) || isDevManifest(w.file)) continue;
      // Where the repository declares Services, a workload none of them routes to is a worker or a tool pod.
      if (repoHasServices && w.services.length === 0) continue;
      const n = w.replicas?.value ?? 1;
      if (n >= 2 || n === 0) continue;
      report({
        at: w.replicas?.location ?? w.anchor,
        message: `${wl(w)} has ${replicasText(w)}: a node drain, eviction or crash takes the whole service down, and nothing serves while its only pod restarts. Run at least 2 replicas.`,
        key: `${w.id} spec.replicas`,
      });
    }
  },
});
