import { defineRule } from '../../src/engine/rule.js';
import { workloadsNear } from '../../src/model/rollout-facts.js';
import { selectorMatches } from '../../src/model/selectors.js';
import { obj, objKey } from './_words.js';

const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2", ports: [{ containerPort: 8080 }] }]\n---\n';

export default defineRule({
  id: 'rollout/service-selects-nothing',
  title: 'Service selects no pods',
  severity: 'high',
  status: 'preview',
  description: "Finds Services whose selector matches no workload's pod template in the scan (Deployments, StatefulSets, DaemonSets, Argo Rollouts, bare Pods), when workloads are declared next to them.",
  rationale:
    "A Service with no matching pods has no endpoints: every request fails with connection refused or a 503 from the ingress, usually after a label was renamed on one side. Argo Rollouts' pod templates count (kube-score and kube-linter miss them and report Services in front of Rollouts). Services without a selector (manual Endpoints, ExternalName) and Services alone in a folder are not judged. A workload without a namespace counts as matching a Service in any namespace (kustomize or `-n` sets it at deploy time).",
  remediation: "Make the Service's `spec.selector` a subset of the pod template labels of the workload it fronts.",
  references: ['https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service', 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/#does-the-service-have-any-endpoints'],
  tags: ['kubernetes', 'availability', 'correctness'],
  reads: ['services'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${DEP}apiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api-server }\n  ports: [{ port: 80, targetPort: 8080 }]\n`,
    good: `${DEP}apiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api }\n  ports: [{ port: 80, targetPort: 8080 }]\n`,
  },
  check({ model, report }) {
    for (const s of model.services) {
      const sel = s.selector;
      if (!sel || Object.keys(sel.value).length === 0 || s.selects.length > 0) continue;
      if (!workloadsNear(model, s.object.file)) continue;
      const loose = model.workloads.some((w) => w.platform === 'kubernetes' && (w.namespace === undefined || s.namespace === undefined) && selectorMatches(sel.value, w.podLabels));
      if (loose) continue;
      const text = Object.entries(sel.value).map(([k, v]) => `${k}=${v}`).join(', ');
      report({
        at: sel.location,
        message: `${obj(s.object)} selects ${text}, which no pod template in the scan carries: it has no endpoints and every request to it fails. Match the labels of the workload it fronts.`,
        key: `${objKey(s.object)} spec.selector`,
      });
    }
  },
});
