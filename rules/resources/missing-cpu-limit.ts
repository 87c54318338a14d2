import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';
import { limitRangeDefaults } from '../../src/model/rollout-facts.js';
import { resKey } from './_words.js';

const POD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';

export default defineRule({
  id: 'resources/missing-cpu-limit',
  title: 'Container without a CPU limit',
  severity: 'info',
  status: 'preview',
  description: 'Finds Kubernetes containers without `resources.limits.cpu`, unless a LimitRange in the scan defaults one.',
  rationale:
    'CPU limits are debated. A limit is enforced by CFS throttling: a container that reaches its quota is paused for the rest of each 100 ms period even when the node has idle CPU, which shows up as latency spikes (and as failed liveness probes for runtimes that start many threads). Many operators therefore set only CPU requests, which already guarantee a share under contention. We still report the missing limit, at info only, because without one a busy container can take all spare CPU on a node and make its neighbours\' performance depend on it, and because multi-tenant clusters and ResourceQuotas often require it. kube-score reports it as a warning and Polaris at danger by default; we deliberately do not let it fail a build.',
  remediation: 'Decide per workload: set `resources.limits.cpu` where noisy-neighbour isolation matters (generously above the request), or suppress this rule project-wide if your policy is requests-only.',
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run', 'https://home.robusta.dev/blog/stop-using-cpu-limits'],
  tags: ['kubernetes', 'resources'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: `${POD}          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n            limits: { memory: 256Mi }\n`,
    good: `${POD}          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n            limits: { cpu: "1", memory: 256Mi }\n`,
  },
  check({ model, report }) {
    for (const c of containersOf(model, ['kubernetes'])) {
      const r = c.resources;
      if (r?.limits['cpu'] || limitRangeDefaults(model, c.workload.namespace).limits.has('cpu')) continue;
      report({
        at: r?.location ?? c.location,
        message: `${cap(describe(c))} has no CPU limit: it may take all spare CPU on its node. Set resources.limits.cpu if neighbours need isolation (CPU limits throttle; many teams set requests only).`,
        key: resKey(c, 'limits.cpu'),
      });
    }
  },
});
