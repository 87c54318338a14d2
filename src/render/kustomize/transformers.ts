/**
 * The built-in transformers of a kustomization, each setting the fields
 * kustomize's default field specs name, with the origin of the
 * kustomization line that asked for it: `namespace`, `namePrefix` /
 * `nameSuffix`, `commonLabels` / `labels`, `commonAnnotations`, `replicas`,
 * `images`.
 */
import type { Location } from '../../base/location.js';
import { CLUSTER_SCOPED, kindOf, nameOf, podSpecs, type Res } from './resource.js';
import { ensureMap, get, isMap, isSeq, path, scalar, set, str, type KMap, type KNode } from './tree.js';

export interface Pair {
  key: string;
  value: string;
  keyAt: Location;
  valueAt: Location;
}

export function setNamespace(resources: readonly Res[], ns: string, at: Location): void {
  for (const r of resources) {
    const kind = kindOf(r);
    if (CLUSTER_SCOPED.has(kind)) continue;
    set(ensureMap(r.node, 'metadata', at), 'namespace', scalar(ns, at), at);
  }
  // Bindings follow the ServiceAccounts they name into the namespace, as kustomize's namespace transformer does.
  const accounts = new Set(resources.filter((r) => kindOf(r) === 'ServiceAccount').flatMap((r) => r.names));
  for (const r of resources) {
    const kind = kindOf(r);
    if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') continue;
    const subjects = get(r.node, 'subjects');
    if (!isSeq(subjects)) continue;
    for (const s of subjects.items) {
      if (isMap(s) && str(get(s, 'kind')) === 'ServiceAccount' && accounts.has(str(get(s, 'name')) ?? '')) set(s, 'namespace', scalar(ns, at), at);
    }
  }
}

/** Kinds kustomize never renames. */
const NOT_RENAMED = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

export function addNameAffixes(resources: readonly Res[], prefix: { value: string; at: Location } | undefined, suffix: { value: string; at: Location } | undefined): void {
  if (!prefix?.value && !suffix?.value) return;
  for (const r of resources) {
    if (NOT_RENAMED.has(kindOf(r))) continue;
    const name = `${prefix?.value ?? ''}${nameOf(r)}${suffix?.value ?? ''}`;
    const at = (prefix?.value ? prefix.at : suffix!.at);
    set(ensureMap(r.node, 'metadata', at), 'name', scalar(name, at));
    r.names.push(name);
  }
}

type LabelTarget = 'metadata' | 'templates' | 'selectors';

/** Where labels go: resource metadata always; pod (and job, claim) templates; selectors that must keep matching them. */
function labelPaths(kind: string, include: ReadonlySet<LabelTarget>): Array<{ path: string[]; create: boolean }> {
  const out: Array<{ path: string[]; create: boolean }> = [{ path: ['metadata', 'labels'], create: true }];
  const templates = include.has('templates');
  const selectors = include.has('selectors');
  switch (kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
      if (templates) out.push({ path: ['spec', 'template', 'metadata', 'labels'], create: true });
      if (selectors) out.push({ path: ['spec', 'selector', 'matchLabels'], create: true });
      if (templates && kind === 'StatefulSet') out.push({ path: ['spec', 'volumeClaimTemplates', '[]', 'metadata', 'labels'], create: true });
      break;
    case 'ReplicationController':
      if (templates) out.push({ path: ['spec', 'template', 'metadata', 'labels'], create: true });
      if (selectors) out.push({ path: ['spec', 'selector'], create: true });
      break;
    case 'Job':
      if (templates) out.push({ path: ['spec', 'template', 'metadata', 'labels'], create: true });
      if (selectors) out.push({ path: ['spec', 'selector', 'matchLabels'], create: false });
      break;
    case 'CronJob':
      if (templates) {
        out.push({ path: ['spec', 'jobTemplate', 'metadata', 'labels'], create: true });
        out.push({ path: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'], create: true });
      }
      if (selectors) out.push({ path: ['spec', 'jobTemplate', 'spec', 'selector', 'matchLabels'], create: false });
      break;
    case 'Service':
      if (selectors) out.push({ path: ['spec', 'selector'], create: true });
      break;
    case 'PodDisruptionBudget':
      if (selectors) out.push({ path: ['spec', 'selector', 'matchLabels'], create: false });
      break;
    case 'NetworkPolicy':
      if (selectors) out.push({ path: ['spec', 'podSelector', 'matchLabels'], create: false });
      break;
  }
  return out;
}

/** `commonLabels` (everywhere, selectors included) or one `labels:` entry (metadata, plus templates and selectors as it asks). */
export function addLabels(resources: readonly Res[], labels: readonly Pair[], include: ReadonlySet<LabelTarget>): void {
  if (labels.length === 0) return;
  for (const r of resources) {
    for (const p of labelPaths(kindOf(r), include)) {
      for (const m of mapsAt(r.node, p.path, p.create, labels[0]!.keyAt)) for (const l of labels) set(m, l.key, scalar(l.value, l.valueAt), l.keyAt);
    }
  }
}

export function addAnnotations(resources: readonly Res[], annotations: readonly Pair[]): void {
  if (annotations.length === 0) return;
  for (const r of resources) {
    const paths = [['metadata', 'annotations']];
    const kind = kindOf(r);
    if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ReplicationController', 'Job'].includes(kind)) paths.push(['spec', 'template', 'metadata', 'annotations']);
    if (kind === 'CronJob') paths.push(['spec', 'jobTemplate', 'metadata', 'annotations'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'annotations']);
    for (const p of paths) for (const m of mapsAt(r.node, p, true, annotations[0]!.keyAt)) for (const a of annotations) set(m, a.key, scalar(a.value, a.valueAt), a.keyAt);
  }
}

/** The maps at `trail` (`[]` steps into every list item), created when `create` and the parent exists. */
function mapsAt(root: KMap, trail: readonly string[], create: boolean, at: Location): KMap[] {
  let level: KNode[] = [root];
  trail.forEach((seg, i) => {
    const last = i === trail.length - 1;
    const next: KNode[] = [];
    for (const n of level) {
      if (seg === '[]') {
        if (isSeq(n)) next.push(...n.items);
        continue;
      }
      if (!isMap(n)) continue;
      const cur = get(n, seg);
      if (cur !== undefined && (isMap(cur) || !last)) next.push(cur);
      else if (create && (cur === undefined || (last && !isMap(cur)))) next.push(ensureMap(n, seg, at));
    }
    level = next;
  });
  return level.filter(isMap);
}

const SCALED_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

export function setReplicas(resources: readonly Res[], name: string, count: KNode): boolean {
  let hit = false;
  for (const r of resources) {
    if (!r.names.includes(name)) continue;
    if (!SCALED_KINDS.has(kindOf(r)) && path(r.node, 'spec', 'replicas') === undefined) continue;
    set(ensureMap(r.node, 'spec', count.at), 'replicas', { ...count }, count.at);
    hit = true;
  }
  return hit;
}

export interface ImageSetting {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  /** Where the setting that decides the new reference is written (the tag or digest line, else the name line). */
  at: Location;
}

export interface ImageParts {
  name: string;
  tag?: string;
  digest?: string;
}

export function splitImage(ref: string): ImageParts {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

/** Sets images in every container list of every resource (pod templates of any kind, CRDs included); the count of references changed. */
export function setImages(resources: readonly Res[], settings: readonly ImageSetting[]): Set<ImageSetting> {
  const used = new Set<ImageSetting>();
  if (settings.length === 0) return used;
  for (const r of resources) {
    for (const c of containerMaps(r.node)) {
      const img = get(c, 'image');
      const ref = str(img);
      if (ref === undefined) continue;
      const parts = splitImage(ref);
      const s = settings.find((x) => matchesImage(x.name, parts));
      if (!s) continue;
      used.add(s);
      set(c, 'image', scalar(applyImage(parts, s), s.at));
    }
  }
  return used;
}

/** `images[].name` names the image without tag; one that carries a tag (`nginx:1.25`) matches only that tag. */
function matchesImage(name: string, parts: ImageParts): boolean {
  const want = splitImage(name);
  if (want.name !== parts.name) return false;
  return want.tag === undefined || want.tag === parts.tag;
}

export function applyImage(parts: ImageParts, s: ImageSetting): string {
  const name = s.newName ?? parts.name;
  if (s.digest) return `${name}${s.newTag ? `:${s.newTag}` : ''}@${s.digest}`;
  if (s.newTag !== undefined) return `${name}:${s.newTag}`;
  return `${name}${parts.tag !== undefined ? `:${parts.tag}` : ''}${parts.digest ? `@${parts.digest}` : ''}`;
}

/** Container maps of `containers`, `initContainers` and `ephemeralContainers` lists anywhere in a resource. */
function containerMaps(root: KNode): KMap[] {
  const out: KMap[] = [];
  const stack: KNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (isMap(n)) {
      for (const e of n.entries) {
        if ((e.key === 'containers' || e.key === 'initContainers' || e.key === 'ephemeralContainers') && isSeq(e.value)) {
          for (const c of e.value.items) if (isMap(c)) out.push(c);
        }
        stack.push(e.value);
      }
    } else if (isSeq(n)) stack.push(...n.items);
  }
  return out;
}

/** Fields that hold another resource's name, by the kind they refer to. */
const REFERENCES: Array<{ kind: string; find: (r: Res) => Array<{ holder: KMap; key: string }> }> = [
  { kind: 'ConfigMap', find: (r) => [...podRefs(r, 'configMap', 'name', 'configMapKeyRef', 'configMapRef'), ...projected(r, 'configMap')] },
  { kind: 'Secret', find: (r) => [...podRefs(r, 'secret', 'secretName', 'secretKeyRef', 'secretRef'), ...projected(r, 'secret'), ...pullSecrets(r)] },
  { kind: 'ServiceAccount', find: (r) => [...podSpecs(r).map((s) => ({ holder: s, key: 'serviceAccountName' })), ...subjects(r, 'ServiceAccount')] },
  { kind: 'PersistentVolumeClaim', find: (r) => podVolumes(r).flatMap((v) => inner(v, 'persistentVolumeClaim', 'claimName')) },
  { kind: 'Service', find: (r) => (kindOf(r) === 'StatefulSet' && isMap(get(r.node, 'spec')) ? [{ holder: get(r.node, 'spec') as KMap, key: 'serviceName' }] : []) },
  { kind: 'Role', find: (r) => roleRef(r, 'Role') },
  { kind: 'ClusterRole', find: (r) => roleRef(r, 'ClusterRole') },
  {
    kind: '*scaleTarget',
    find: (r) => {
      const ref = path(r.node, 'spec', 'scaleTargetRef');
      return kindOf(r) === 'HorizontalPodAutoscaler' && isMap(ref) ? [{ holder: ref, key: 'name' }] : [];
    },
  },
];

function podVolumes(r: Res): KMap[] {
  return podSpecs(r).flatMap((s) => {
    const v = get(s, 'volumes');
    return isSeq(v) ? v.items.filter(isMap) : [];
  });
}

function inner(m: KMap, key: string, field: string): Array<{ holder: KMap; key: string }> {
  const x = get(m, key);
  return isMap(x) ? [{ holder: x, key: field }] : [];
}

function podRefs(r: Res, volumeKey: string, volumeField: string, keyRef: string, fromRef: string): Array<{ holder: KMap; key: string }> {
  const out = podVolumes(r).flatMap((v) => inner(v, volumeKey, volumeField));
  for (const s of podSpecs(r)) {
    for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
      const cs = get(s, list);
      if (!isSeq(cs)) continue;
      for (const c of cs.items) {
        const env = get(c, 'env');
        if (isSeq(env)) for (const e of env.items) { const vf = get(e, 'valueFrom'); if (isMap(vf)) out.push(...inner(vf, keyRef, 'name')); }
        const from = get(c, 'envFrom');
        if (isSeq(from)) for (const f of from.items) if (isMap(f)) out.push(...inner(f, fromRef, 'name'));
      }
    }
  }
  return out;
}

function projected(r: Res, key: string): Array<{ holder: KMap; key: string }> {
  return podVolumes(r).flatMap((v) => {
    const sources = path(v, 'projected', 'sources');
    return isSeq(sources) ? sources.items.filter(isMap).flatMap((s) => inner(s, key, 'name')) : [];
  });
}

function pullSecrets(r: Res): Array<{ holder: KMap; key: string }> {
  return podSpecs(r).flatMap((s) => {
    const list = get(s, 'imagePullSecrets');
    return isSeq(list) ? list.items.filter(isMap).map((m) => ({ holder: m, key: 'name' })) : [];
  });
}

function subjects(r: Res, kind: string): Array<{ holder: KMap; key: string }> {
  const k = kindOf(r);
  if (k !== 'RoleBinding' && k !== 'ClusterRoleBinding') return [];
  const list = get(r.node, 'subjects');
  return isSeq(list) ? list.items.filter((s): s is KMap => isMap(s) && str(get(s, 'kind')) === kind).map((m) => ({ holder: m, key: 'name' })) : [];
}

function roleRef(r: Res, kind: string): Array<{ holder: KMap; key: string }> {
  const k = kindOf(r);
  const ref = get(r.node, 'roleRef');
  if ((k !== 'RoleBinding' && k !== 'ClusterRoleBinding') || !isMap(ref) || str(get(ref, 'kind')) !== kind) return [];
  return [{ holder: ref, key: 'name' }];
}

/**
 * After names changed (prefixes, suffixes, content hashes), references that
 * still hold an older name of a resource of the kind they refer to get its
 * final name, as kustomize's name-reference transformer does. The reference
 * keeps its own origin: the line that wrote the reference.
 */
export function fixNameReferences(resources: readonly Res[]): void {
  const byKind = new Map<string, Res[]>();
  for (const r of resources) {
    const k = kindOf(r);
    byKind.set(k, [...(byKind.get(k) ?? []), r]);
  }
  const scalable = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];
  for (const ref of REFERENCES) {
    for (const r of resources) {
      for (const { holder, key } of ref.find(r)) {
        const node = get(holder, key);
        const name = str(node);
        if (!node || name === undefined) continue;
        const kinds = ref.kind === '*scaleTarget' ? [str(get(holder, 'kind')) ?? ''].filter((k) => scalable.includes(k)) : [ref.kind];
        const candidates = kinds.flatMap((k) => byKind.get(k) ?? []);
        // A resource that has the name now is the one meant, whatever others were once called.
        if (candidates.some((t) => t.names[t.names.length - 1] === name)) continue;
        const target = candidates.find((t) => t.names.includes(name));
        if (!target) continue;
        const now = target.names[target.names.length - 1]!;
        if (now !== name) set(holder, key, scalar(now, node.at));
      }
    }
  }
}
