import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'secrets/automount-service-account-token',
  title: 'Service account token mounted into the pod',
  severity: 'low',
  status: 'preview',
  description:
    'Finds Kubernetes workloads whose pods get an API token mounted: neither the pod spec nor its ServiceAccount (when the scan defines it) sets `automountServiceAccountToken: false`.',
  rationale:
    'Most applications never call the Kubernetes API, yet every container gets a token at `/var/run/secrets/kubernetes.io/serviceaccount/`: code execution in any of them is a credential for the API with whatever the service account may do.',
  remediation: 'Set `automountServiceAccountToken: false` on the pod spec (or on its ServiceAccount), and mount a projected token only in workloads that talk to the API.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting'],
  tags: ['security', 'least-privilege', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      serviceAccountName: api\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      serviceAccountName: api\n      automountServiceAccountToken: false\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n',
  },
  check({ model, report }) {
    const accounts = new Map<string, boolean | undefined>();
    for (const o of model.k8sObjects) {
      if (o.kind !== 'ServiceAccount') continue;
      const v = o.value['automountServiceAccountToken'];
      accounts.set(`${o.namespace ?? ''}/${o.name}`, typeof v === 'boolean' ? v : undefined);
    }
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      const pod = w.automountServiceAccountToken;
      if (pod?.value === false) continue;
      const sa = w.serviceAccountName?.value || 'default';
      // The pod's own `true` wins over its ServiceAccount's `false`.
      if (pod === undefined && accounts.get(`${w.namespace ?? ''}/${sa}`) === false) continue;
      report({
        at: pod?.location ?? w.podSpecLocation ?? w.anchor,
        message: `${w.kind} ${w.name} gets the API token of service account "${sa}" mounted into every container (${pod ? '`automountServiceAccountToken: true`' : 'neither the pod nor its ServiceAccount sets `automountServiceAccountToken: false`'}): code execution in any of them is a credential for the Kubernetes API. Turn it off unless the workload calls the API.`,
        key: `${w.id}.spec.automountServiceAccountToken`,
      });
    }
  },
});
