import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'secrets/default-service-account',
  title: 'Workload runs as the namespace\'s default service account',
  severity: 'low',
  status: 'preview',
  description: 'Finds Kubernetes workloads whose pod spec sets no `serviceAccountName`, so the pods run as the namespace\'s `default` service account.',
  rationale:
    'Every pod without its own service account shares `default`: a role granted to it for one workload is granted to all of them, and an audit log cannot tell them apart.',
  remediation: 'Create a ServiceAccount per workload and set `serviceAccountName`; bind only the roles that workload needs.',
  references: ['https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts', 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
  tags: ['security', 'least-privilege', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      serviceAccountName: api\n      automountServiceAccountToken: false\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      const sa = w.serviceAccountName;
      if (sa && sa.value !== '' && sa.value !== 'default') continue;
      report({
        at: sa?.location ?? w.podSpecLocation ?? w.anchor,
        message: `${w.kind} ${w.name} ${sa ? 'names' : 'sets no `serviceAccountName`, so it runs as'} the namespace's \`default\` service account: whatever is granted to it is shared by every such pod. Give the workload its own ServiceAccount.`,
        key: `${w.id}.spec.serviceAccountName`,
      });
    }
  },
});
