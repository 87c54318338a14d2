import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { dependencyCheckSegment, probedContainers } from '../../src/model/probe-facts.js';
import { probeKey } from './_wording.js';

export default defineRule({
  id: 'probes/liveness-checks-dependencies',
  title: 'Liveness probe calls a readiness or deep health endpoint',
  severity: 'info',
  status: 'preview',
  description: 'Finds Kubernetes liveness probes whose HTTP path looks like a readiness or dependency check: a path segment `ready`, `readyz`, `readiness`, `deep`, `db`, `database`, `dependencies` or `deps` (`/ready`, `/health/ready`, `/healthz/db`).',
  rationale:
    'Such endpoints usually check the database, caches or downstream services. Used for liveness, an outage of a dependency fails the probe on every replica at once and the kubelet restarts them all, which does not fix the dependency and adds a thundering herd of reconnects when it comes back. Reported as info: the name is a hint, not proof.',
  remediation: 'Point liveness at an endpoint that only proves the process responds (`/healthz`, `/livez`, `/health/live`) and keep dependency checks in readiness.',
  references: ['https://kubernetes.io/docs/reference/using-api/health-checks/', 'https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/#liveness-probe'],
  tags: ['probes', 'availability', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          livenessProbe:\n            httpGet: { path: /health/ready, port: 8080 }\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          livenessProbe:\n            httpGet: { path: /health/live, port: 8080 }\n          readinessProbe:\n            httpGet: { path: /health/ready, port: 8080 }\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      for (const c of probedContainers(w)) {
        const p = c.probes.liveness;
        if (!p || p.kind !== 'http') continue;
        const seg = dependencyCheckSegment(p.path);
        if (!seg) continue;
        report({
          at: p.pathLocation ?? p.location,
          message: `${cap(describe(c))} has a livenessProbe on ${p.path}, which looks like a ${seg === 'ready' || seg === 'readyz' || seg === 'readiness' ? 'readiness' : 'dependency'} check: if it fails when a dependency is down, every replica is restarted at once.`,
          key: probeKey(c, 'liveness', '.path'),
        });
      }
    }
  },
});
