/**
 * A resource in a build: its tree, and the names it has had. Kustomize finds
 * patch targets and name references by any name a resource had on its way up
 * (the base's `api` is the overlay's `prod-api`), so the history is kept.
 */
import type { Location } from '../../base/location.js';
import { get, isMap, path, str, type KMap } from './tree.js';

export interface Res {
  node: KMap;
  /** Every name the resource had, oldest first; the last is its current name. */
  names: string[];
  /** A generated ConfigMap/Secret whose name gets kustomize's content hash at the end of the build. */
  needsHash: boolean;
  /** Where the resource comes from (its document, or the generator entry). */
  at: Location;
}

export function kindOf(r: Res): string {
  return str(get(r.node, 'kind')) ?? '';
}

export function apiVersionOf(r: Res): string {
  return str(get(r.node, 'apiVersion')) ?? '';
}

/** `apps/v1` → group `apps`, version `v1`; `v1` → the core group `''`. */
export function groupVersion(r: Res): { group: string; version: string } {
  const av = apiVersionOf(r);
  const i = av.lastIndexOf('/');
  return i === -1 ? { group: '', version: av } : { group: av.slice(0, i), version: av.slice(i + 1) };
}

export function nameOf(r: Res): string {
  return str(path(r.node, 'metadata', 'name')) ?? '';
}

export function namespaceOf(r: Res): string | undefined {
  return str(path(r.node, 'metadata', 'namespace'));
}

export function labelsOf(r: Res): Map<string, string> {
  return stringMap(path(r.node, 'metadata', 'labels'));
}

export function annotationsOf(r: Res): Map<string, string> {
  return stringMap(path(r.node, 'metadata', 'annotations'));
}

function stringMap(n: ReturnType<typeof get>): Map<string, string> {
  const out = new Map<string, string>();
  if (isMap(n)) for (const e of n.entries) out.set(e.key, str(e.value) ?? '');
  return out;
}

export function idOf(r: Res): string {
  const ns = namespaceOf(r);
  return `${kindOf(r)}/${nameOf(r)}${ns ? ` in namespace ${ns}` : ''}`;
}

/** Kinds without a namespace: `namespace:` leaves them alone. */
export const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass',
  'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'APIService', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode',
  'VolumeAttachment', 'PodSecurityPolicy', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterSecretStore',
  'ComponentStatus', 'FlowSchema', 'PriorityLevelConfiguration',
]);

/** The pod specs of a resource: a pod's own, a controller's template, a CronJob's job template; any CRD with `spec.template.spec.containers`. */
export function podSpecs(r: Res): KMap[] {
  const n = r.node;
  const candidates = [path(n, 'spec', 'template', 'spec'), path(n, 'spec', 'jobTemplate', 'spec', 'template', 'spec')];
  if (kindOf(r) === 'Pod') candidates.push(get(n, 'spec'));
  return candidates.filter((x): x is KMap => isMap(x));
}
