import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { isIdleContainer, isLongRunning, servingContainers } from '../../src/model/probe-facts.js';

export default defineRule({
  id: 'probes/missing-liveness',
  title: 'Long-running container has no liveness probe',
  severity: 'low',
  status: 'preview',
  description: 'Finds app containers of long-running Kubernetes workloads (Deployments, StatefulSets, DaemonSets, Argo Rollouts, bare Pods) without a `livenessProbe`.',
  rationale:
    'A process that deadlocks or stops making progress without exiting keeps its pod Running forever: without a liveness probe the kubelet never restarts it, and a Service with readiness alone only takes it out of rotation, lowering capacity until someone notices. ' +
    'Reported low: a liveness probe that is wrong does more harm than none (it restarts healthy pods), so this is a prompt to decide, not a defect. Unlike kube-linter and checkov, Jobs, CronJobs, one-off Pods, init containers, native sidecars and containers that only idle (`sleep infinity`) are left out, and a bare Pod is reported only when it serves traffic (declares a port or is selected by a Service): bare Pods are mostly demos and debugging shells.',
  remediation: 'Add a `livenessProbe` that checks only the process itself (a cheap `/healthz` endpoint, not its dependencies), with a failure window of tens of seconds; give slow starters a `startupProbe`.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-liveness-http-request', 'https://docs.kubelinter.io/#/generated/checks?id=no-liveness-probe'],
  tags: ['probes', 'availability', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          readinessProbe:\n            httpGet: { path: /ready, port: http }\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          readinessProbe:\n            httpGet: { path: /ready, port: http }\n          livenessProbe:\n            httpGet: { path: /healthz, port: http }\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (!isLongRunning(w)) continue;
      // A bare Pod is often a demo or a debugging shell: only one that serves traffic is reported.
      const containers = w.kind === 'Pod' ? servingContainers(w) : w.containers.filter((c) => !isIdleContainer(c));
      for (const c of containers) {
        if (c.probes.liveness) continue;
        report({
          at: c.location,
          message: `${cap(describe(c))} has no livenessProbe: if the process hangs without exiting, the kubelet never restarts it and the pod stays Running.`,
          key: `${c.logicalPath}.livenessProbe`,
        });
      }
    }
  },
});
