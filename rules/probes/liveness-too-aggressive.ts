import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { probedContainers, probeTiming } from '../../src/model/probe-facts.js';
import type { Location } from '../../src/model/types.js';
import { probeKey } from './_wording.js';

export default defineRule({
  id: 'probes/liveness-too-aggressive',
  title: 'Liveness probe restarts a container after a short hiccup',
  severity: 'medium',
  status: 'preview',
  description:
    'Finds Kubernetes liveness probes that give up within 10 seconds (`failureThreshold` × `periodSeconds` under 10), whose `timeoutSeconds` is not shorter than `periodSeconds`, or that restart after a single failure (`failureThreshold: 1`).',
  rationale:
    'A liveness failure kills the container. A GC pause, a CPU-throttled second or a slow disk is enough to miss a probe or two; when that window is a few seconds, healthy pods restart under load, which adds load to the others and can cascade into a restart storm. A timeout as long as the period makes probes overlap, and a threshold of 1 turns any single slow answer into a restart.',
  remediation: 'Give liveness a failure window of at least 10 s (the default, `periodSeconds: 10` × `failureThreshold: 3`, is 30 s), a `timeoutSeconds` below `periodSeconds`, and a `failureThreshold` of 3 or more; detect fast failures with readiness instead.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes'],
  tags: ['probes', 'availability', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          livenessProbe:\n            httpGet: { path: /healthz, port: http }\n            periodSeconds: 2\n            failureThreshold: 2\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          livenessProbe:\n            httpGet: { path: /healthz, port: http }\n            periodSeconds: 5\n            failureThreshold: 3\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      for (const c of probedContainers(w)) {
        const p = c.probes.liveness;
        if (!p) continue;
        const t = probeTiming(p);
        const problems: string[] = [];
        let at: Location | undefined;
        if (p.failureThreshold?.value === 1) {
          problems.push('failureThreshold: 1 restarts it after a single slow or failed check');
          at ??= p.failureThreshold.location;
        }
        const window = t.failureThreshold * t.periodSeconds;
        if (window < 10 && (p.failureThreshold || p.periodSeconds) && t.failureThreshold !== 1) {
          problems.push(`it restarts after ${t.failureThreshold} failed check${t.failureThreshold === 1 ? '' : 's'} ${t.periodSeconds} s apart, a window of ${window} s`);
          at ??= (p.periodSeconds ?? p.failureThreshold)!.location;
        }
        if (t.timeoutSeconds >= t.periodSeconds && (p.timeoutSeconds || p.periodSeconds)) {
          problems.push(`timeoutSeconds (${t.timeoutSeconds}) is not shorter than periodSeconds (${t.periodSeconds}), so checks overlap`);
          at ??= (p.timeoutSeconds ?? p.periodSeconds)!.location;
        }
        if (problems.length === 0) continue;
        report({
          at: at ?? p.location,
          message: `${cap(describe(c))} has an aggressive livenessProbe: ${problems.join('; ')}. A GC pause or a busy second then kills a healthy container.`,
          key: probeKey(c, 'liveness', '.timing'),
        });
      }
    }
  },
});
