import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';
import { isDevManifest, limitRangeDefaults } from '../../src/model/rollout-facts.js';
import { resKey } from './_words.js';

const POD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

export default defineRule({
  id: 'resources/missing-requests',
  title: 'Container without CPU or memory requests',
  severity: 'medium',
  status: 'preview',
  description: 'Finds Kubernetes containers (init containers included) with no CPU or no memory request, where neither a limit nor a LimitRange in the scan supplies one.',
  rationale:
    'The scheduler places pods by their requests. A pod without them is BestEffort (or Burstable with one missing): it can land on a full node, is the first evicted under memory pressure, and an HPA on CPU utilisation cannot compute a percentage. A limit without a request is not reported, because Kubernetes then uses the limit as the request; nor is a resource that a LimitRange in the same namespace defaults. kube-score and Polaris report every missing field separately; here one finding per container names what is missing. Manifests for a developer machine or a test cluster (`dev/`, `local/`, `minikube/`, `kind/`, `test/`, `e2e/` folders, `*.dev.yaml`) are skipped.',
  remediation: 'Set `resources.requests.cpu` and `resources.requests.memory` to what the container uses under normal load.',
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/', 'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/'],
  tags: ['kubernetes', 'resources', 'availability'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: POD,
    good: `${POD}          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n            limits: { memory: 256Mi }\n`,
  },
  check({ model, report }) {
    for (const c of containersOf(model, ['kubernetes'])) {
      if (isDevManifest(c.workload.file)) continue;
      const r = c.resources;
      const defaults = limitRangeDefaults(model, c.workload.namespace);
      const missing = ['cpu', 'memory'].filter((k) => !r?.requests[k] && !r?.limits[k] && !defaults.requests.has(k));
      if (missing.length === 0) continue;
      report({
        at: r?.location ?? c.location,
        message: `${cap(describe(c))} requests no ${missing.join(' and no ')}: the scheduler cannot place it by what it needs, and it is among the first pods evicted under node pressure. Set resources.requests.`,
        key: resKey(c, 'requests'),
      });
    }
  },
});
