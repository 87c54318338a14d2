/** How rollout findings name things: `Deployment api`, `Service api`, `PodDisruptionBudget api`. */
import type { K8sObject, Workload } from '../../src/model/types.js';

export function wl(w: Workload): string {
  return `${w.kind} ${w.name}`;
}

export function obj(o: K8sObject): string {
  return `${o.kind} ${o.name}`;
}

export function objKey(o: K8sObject): string {
  return `${o.kind}/${o.name}`;
}

/** `replicas: 1` or `replicas unset (1)`, for messages. */
export function replicasText(w: Workload): string {
  return w.replicas ? `replicas: ${w.replicas.value}` : 'no replicas set (defaults to 1)';
}
