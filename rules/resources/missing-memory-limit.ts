import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';
import { limitRangeDefaults } from '../../src/model/rollout-facts.js';
import { resKey } from './_words.js';

const POD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

export default defineRule({
  id: 'resources/missing-memory-limit',
  title: 'Container without a memory limit',
  severity: 'medium',
  status: 'preview',
  description: 'Finds Kubernetes containers (init containers included) without `resources.limits.memory`, unless a LimitRange in the scan defaults one.',
  rationale:
    'Memory is not compressible: a container without a limit that leaks or spikes grows until the node runs out, and the kernel then kills processes of other pods on that node, not just the culprit. With a limit only the leaking container is OOM-killed and restarted.',
  remediation: 'Set `resources.limits.memory` (commonly equal to, or a little above, the memory request).',
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits', 'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/'],
  tags: ['kubernetes', 'resources', 'availability'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${POD}          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n`,
    good: `${POD}          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n            limits: { memory: 256Mi }\n`,
  },
  check({ model, report }) {
    for (const c of containersOf(model, ['kubernetes'])) {
      const r = c.resources;
      if (r?.limits['memory'] || limitRangeDefaults(model, c.workload.namespace).limits.has('memory')) continue;
      report({
        at: r?.location ?? c.location,
        message: `${cap(describe(c))} has no memory limit: a leak or spike grows until the node runs out of memory, and the kernel then kills processes of other pods too. Set resources.limits.memory.`,
        key: resKey(c, 'limits.memory'),
      });
    }
  },
});
