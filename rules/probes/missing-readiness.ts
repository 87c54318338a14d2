import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { isLongRunning, rollsGradually, rolloutStrategy, selectingServices, servingContainers } from '../../src/model/probe-facts.js';

export default defineRule({
  id: 'probes/missing-readiness',
  title: 'Serving container has no readiness probe',
  severity: 'medium',
  severities: [
    { severity: 'high', when: 'a Service selects the pods and the workload rolls out gradually (RollingUpdate, canary, blue-green)' },
    { severity: 'medium', when: 'the container serves a port but no Service in the repository selects it, or the workload is not rolled gradually' },
  ],
  status: 'preview',
  description:
    'Finds containers of long-running Kubernetes workloads (Deployments, StatefulSets, DaemonSets, Argo Rollouts, bare Pods) that serve traffic (they declare a port, or are the only container of a pod a Service selects) without a `readinessProbe`.',
  rationale:
    'Without a readiness probe a pod is added to its Service endpoints as soon as its containers start, before the application listens or has warmed up; during a rolling update the old pods are removed at the same pace, so requests fail on every deploy. ' +
    'Unlike kube-linter and checkov, which flag every container, this rule leaves out Jobs and CronJobs, one-off Pods (`restartPolicy: Never`/`OnFailure`), init containers (never probed), native sidecars, workers that declare no port and are selected by no Service (nothing routes traffic to them, so readiness decides nothing), and containers that only idle (`sleep infinity`, `tail -f /dev/null`: client and toolbox pods).',
  remediation: 'Add a `readinessProbe` that answers only when the container can serve requests (an HTTP endpoint such as `/ready` on the serving port), separate from the liveness probe.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-readiness-probes', 'https://docs.kubelinter.io/#/generated/checks?id=no-readiness-probe'],
  tags: ['probes', 'availability', 'rollout', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          readinessProbe:\n            httpGet: { path: /ready, port: http }\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (!isLongRunning(w)) continue;
      const services = selectingServices(w);
      const routed = services.length > 0;
      const high = routed && rollsGradually(w);
      for (const c of servingContainers(w)) {
        if (c.probes.readiness) continue;
        const why = high
          ? `Service ${services[0]!.name} routes traffic to it, and the ${rolloutStrategy(w)} rollout moves traffic to new pods as soon as they start, before the application can answer`
          : routed
            ? `Service ${services[0]!.name} sends it traffic as soon as it starts, before the application can answer`
            : 'it declares a port, and any Service in front of it sends traffic as soon as it starts, before the application can answer';
        report({
          at: c.location,
          message: `${cap(describe(c))} has no readinessProbe: ${why}.`,
          key: `${c.logicalPath}.readinessProbe`,
          severity: high ? 'high' : 'medium',
          related: routed ? [{ location: services[0]!.object.kindLocation, message: `Service ${services[0]!.name} selects this workload` }] : undefined,
        });
      }
    }
  },
});
