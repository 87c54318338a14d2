import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { probeHandler, probedContainers } from '../../src/model/probe-facts.js';
import { describeHandler, probeKey } from './_wording.js';

export default defineRule({
  id: 'probes/identical-liveness-readiness',
  title: 'Liveness and readiness probes share one handler',
  severity: 'medium',
  status: 'preview',
  description: 'Finds Kubernetes containers whose liveness and readiness probes call the same handler: the same HTTP path and port (named ports resolved), the same TCP or gRPC port, or the same exec command.',
  rationale:
    'Liveness answers "is this process wedged, restart it"; readiness answers "should traffic come here now". One endpoint cannot mean both: when it reflects dependencies (database, downstream APIs), a dependency blip fails liveness on every replica at once and the kubelet restarts the whole fleet; when it does not, readiness never takes an overloaded or warming pod out of rotation.',
  remediation: 'Give liveness a cheap endpoint that only proves the process responds (`/healthz`, `/livez`) and readiness one that checks what serving needs (`/ready`, `/readyz`).',
  references: ['https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/', 'https://kubernetes.io/docs/reference/using-api/health-checks/'],
  tags: ['probes', 'availability', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          livenessProbe:\n            httpGet: { path: /health, port: http }\n          readinessProbe:\n            httpGet: { path: /health, port: 8080 }\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          livenessProbe:\n            httpGet: { path: /healthz, port: http }\n          readinessProbe:\n            httpGet: { path: /ready, port: http }\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      for (const c of probedContainers(w)) {
        const { liveness, readiness } = c.probes;
        if (!liveness || !readiness) continue;
        const h = probeHandler(liveness, c);
        if (h === undefined || h !== probeHandler(readiness, c)) continue;
        report({
          at: liveness.location,
          message: `${cap(describe(c))} uses the same handler (${describeHandler(liveness)}) for its liveness and readiness probes: when it fails because a dependency is slow, every replica is restarted instead of only leaving rotation.`,
          related: [{ location: readiness.location, message: 'the readiness probe with the same handler' }],
          key: probeKey(c, 'liveness', '.handler'),
        });
      }
    }
  },
});
