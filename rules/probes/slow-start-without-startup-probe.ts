import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { probedContainers } from '../../src/model/probe-facts.js';
import { probeKey } from './_wording.js';

export default defineRule({
  id: 'probes/slow-start-without-startup-probe',
  title: 'Slow start handled by a long liveness delay instead of a startup probe',
  severity: 'low',
  status: 'preview',
  description: 'Finds Kubernetes liveness probes with `initialDelaySeconds` of 30 or more in containers that have no `startupProbe`.',
  rationale:
    'A long initial delay is a guess: when startup takes longer (a cold cache, a slow node, a migration) the container is killed before it is up and crash-loops; when it is shorter, nothing checks the container for the rest of the delay. A startup probe holds liveness off exactly until the application is up, so liveness can then use a short failure window.',
  remediation: 'Add a `startupProbe` on the same endpoint with `failureThreshold × periodSeconds` covering the slowest start (e.g. `periodSeconds: 5`, `failureThreshold: 30`), and drop the liveness `initialDelaySeconds`.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes'],
  tags: ['probes', 'availability', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          livenessProbe:\n            httpGet: { path: /healthz, port: 8080 }\n            initialDelaySeconds: 90\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          startupProbe:\n            httpGet: { path: /healthz, port: 8080 }\n            periodSeconds: 5\n            failureThreshold: 30\n          livenessProbe:\n            httpGet: { path: /healthz, port: 8080 }\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      for (const c of probedContainers(w)) {
        const delay = c.probes.liveness?.initialDelaySeconds;
        if (!delay || delay.value < 30 || c.probes.startup) continue;
        report({
          at: delay.location,
          message: `${cap(describe(c))} delays its livenessProbe by ${delay.value} s instead of using a startupProbe: a start slower than that crash-loops, and a hang in the first ${delay.value} s goes unnoticed.`,
          key: probeKey(c, 'liveness', '.initialDelaySeconds'),
        });
      }
    }
  },
});
