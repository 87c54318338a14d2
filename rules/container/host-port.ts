import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

export default defineRule({
  id: 'container/host-port',
  formerIds: ['image/host-port'],
  title: 'Container binds a host port',
  severity: 'medium',
  status: 'stable',
  description: 'Finds Kubernetes container ports with a `hostPort`.',
  rationale:
    'A hostPort ties the pod to a port on its node: two replicas cannot share a node, so rollouts and scheduling stall when nodes run out, and the port bypasses Services and NetworkPolicies and is exposed on the node address.',
  remediation: 'Remove `hostPort` and expose the port through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress.',
  differences: "- **Checkov CKV_K8S_26, Trivy KSV-0024, Polaris hostPortSet**: same verdict; kube-linter has no such check. We do not report compose `ports:` here: publishing a port is how compose exposes a service at all.",
  references: ['https://kubernetes.io/docs/concepts/configuration/overview/#services', 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  tags: ['security', 'kubernetes', 'rollout'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      ports: [{ containerPort: 8080, hostPort: 8080 }]\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      ports: [{ containerPort: 8080 }]\n',
  },
  check(ctx) {
    for (const c of containersOf(ctx.model, ['kubernetes'])) {
      for (const p of c.ports) {
        const hp = p.hostPort;
        if (!hp || !(hp.value > 0)) continue;
        ctx.report({
          at: hp.location,
          message: `${cap(describe(c))} binds host port ${hp.value}: only one such pod fits on a node (rollouts and rescheduling can stall) and the port is exposed on the node's address outside Services and NetworkPolicies. Use a Service instead.`,
          key: `${c.logicalPath}.ports[${p.containerPort ?? p.name ?? hp.value}].hostPort`,
        });
      }
    }
  },
});
