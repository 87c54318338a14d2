import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';
import { compareQuantities } from '../../src/model/rollout-facts.js';
import { resKey } from './_words.js';

const POD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

export default defineRule({
  id: 'resources/limit-below-request',
  title: 'Resource limit below its request',
  severity: 'high',
  status: 'preview',
  description: 'Finds Kubernetes containers whose limit for a resource is smaller than its request.',
  rationale:
    'The API rejects a pod whose limit is below its request (`must be less than or equal to limit`), so the Deployment creates no pods and the rollout stalls; usually a unit slip (`512M` vs `1Gi`, `500m` vs `0.25`).',
  remediation: 'Make each limit at least the request, checking the units (`Mi`/`Gi` are binary, `M`/`G` decimal, `m` is a thousandth of a CPU).',
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits', 'https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/'],
  tags: ['kubernetes', 'resources', 'deploy-failure'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${POD}          resources:\n            requests: { cpu: 500m, memory: 1Gi }\n            limits: { cpu: "1", memory: 512Mi }\n`,
    good: `${POD}          resources:\n            requests: { cpu: 500m, memory: 512Mi }\n            limits: { cpu: "1", memory: 1Gi }\n`,
  },
  check({ model, report }) {
    for (const c of containersOf(model, ['kubernetes'])) {
      const r = c.resources;
      if (!r) continue;
      for (const [k, limit] of Object.entries(r.limits)) {
        const request = r.requests[k];
        if (!request || compareQuantities(limit.value, request.value) !== -1) continue;
        report({
          at: limit.location,
          message: `${cap(describe(c))} limits ${k} to ${limit.value}, below its request of ${request.value}: the API rejects the pod, so no replica starts. Make the limit at least the request.`,
          related: [{ location: request.location, message: `requests.${k}` }],
          key: resKey(c, `limits.${k}`),
        });
      }
    }
  },
});
