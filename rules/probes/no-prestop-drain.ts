import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { hasPreStop, isLongRunning, rollsGradually, rolloutStrategy, selectingServices, servingContainers } from '../../src/model/probe-facts.js';

export default defineRule({
  id: 'probes/no-prestop-drain',
  title: 'Service-backed container stops without a preStop delay',
  severity: 'low',
  status: 'preview',
  description: 'Finds serving containers of Kubernetes workloads that a Service selects and that roll out gradually (RollingUpdate, canary, blue-green) but have no `lifecycle.preStop` hook.',
  rationale:
    'When a pod is deleted the kubelet sends SIGTERM while the endpoint controller, kube-proxy and ingress controllers are still removing the pod from their endpoint lists, asynchronously. An application that exits (or stops accepting) on SIGTERM gets requests for a few more seconds and answers them with connection errors, on every rollout and scale-down. A short preStop sleep keeps it serving until the endpoints have caught up.',
  remediation:
    'Add `lifecycle: { preStop: { sleep: { seconds: 5 } } }` (Kubernetes 1.30+) or `preStop: { exec: { command: ["sleep", "5"] } }`, and keep `terminationGracePeriodSeconds` above the sleep plus the application\'s own drain time. An application that keeps serving for a while after SIGTERM can document that with an explicit suppression.',
  references: ['https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination', 'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/'],
  tags: ['graceful-shutdown', 'rollout', 'availability', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n---\napiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api }\n  ports: [{ port: 80, targetPort: http }]\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          lifecycle:\n            preStop:\n              sleep: { seconds: 5 }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api }\n  ports: [{ port: 80, targetPort: http }]\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (!isLongRunning(w) || !rollsGradually(w)) continue;
      const services = selectingServices(w);
      if (services.length === 0) continue;
      for (const c of servingContainers(w)) {
        if (hasPreStop(c)) continue;
        report({
          at: c.location,
          message: `${cap(describe(c))} has no preStop hook, but Service ${services[0]!.name} routes traffic to it and the ${rolloutStrategy(w)} rollout deletes old pods: endpoints are removed asynchronously after SIGTERM, so requests still arrive while it shuts down and fail.`,
          related: [{ location: services[0]!.object.kindLocation, message: `Service ${services[0]!.name} selects this workload` }],
          key: `${c.logicalPath}.lifecycle.preStop`,
        });
      }
    }
  },
});
