import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';
import { parseQuantity } from '../../src/model/rollout-facts.js';
import { resKey } from './_words.js';

const POD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

export default defineRule({
  id: 'resources/invalid-quantity',
  title: 'Resource quantity Kubernetes would reject',
  severity: 'high',
  status: 'preview',
  description: 'Finds Kubernetes container requests and limits that are not valid quantities (`512mb`, `1.5.0`, `1 Gi`) or are negative.',
  rationale:
    'The API server rejects the whole object when a quantity does not parse (`quantities must match the regular expression ...`), so the apply fails and the deploy never happens; `512mb` is a common slip (Kubernetes spells it `512Mi` or `512M`). Values still holding a template placeholder are skipped.',
  remediation: 'Write quantities as Kubernetes does: CPU as cores or millicores (`0.5`, `500m`), memory with `Ki`/`Mi`/`Gi` (binary) or `k`/`M`/`G` (decimal).',
  references: ['https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#resource-units-in-kubernetes'],
  tags: ['kubernetes', 'resources', 'deploy-failure'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${POD}          resources:\n            requests: { cpu: 100m, memory: 512mb }\n`,
    good: `${POD}          resources:\n            requests: { cpu: 100m, memory: 512Mi }\n`,
  },
  check({ model, report }) {
    for (const c of containersOf(model, ['kubernetes'])) {
      const r = c.resources;
      if (!r) continue;
      for (const [section, map] of [['requests', r.requests], ['limits', r.limits]] as const) {
        for (const [k, q] of Object.entries(map)) {
          if (q.value.includes('$') || q.value.includes('{')) continue;
          const n = parseQuantity(q.value);
          if (n !== undefined && n >= 0) continue;
          report({
            at: q.location,
            message: `${cap(describe(c))} ${section} ${k}: "${q.value}", ${n === undefined ? 'which is not a Kubernetes quantity' : 'a negative quantity'}: the API rejects the object and the deploy fails. Write it as e.g. 512Mi or 500m.`,
            key: resKey(c, `${section}.${k}`),
          });
        }
      }
    }
  },
});
