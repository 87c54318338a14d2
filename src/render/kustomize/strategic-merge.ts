/**
 * Strategic merge patches as kustomize applies them to the common kinds.
 * Maps merge key by key; `null` deletes; `$patch: replace` / `$patch: delete`
 * on a map or a list item; `$setElementOrder/…` and `$retainKeys` are read
 * and ignored (they only reorder or prune what the patch already lists);
 * `$deleteFromPrimitiveList/<key>` removes values from a primitive list.
 *
 * Lists merge by the Kubernetes patch merge key of their field (containers
 * by `name`, container ports by `containerPort`, volumeMounts by `mountPath`,
 * …); lists the API marks atomic (tolerations, args, command) are replaced.
 * For fields the schema does not know (custom resources), kustomize's kyaml
 * treats a list whose items all carry one of a few well-known keys as keyed
 * by it, and so does this.
 */
import { clone, isMap, isScalar, isSeq, str, type KMap, type KNode, type KSeq } from './tree.js';

/** Merge keys of the Kubernetes API's list fields, by field name. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  conditions: 'type',
};

/** Lists the API replaces as a whole. */
const ATOMIC = new Set(['tolerations', 'args', 'command', 'envFrom', 'accessModes', 'subjects', 'rules', 'finalizers']);

/** kyaml's keys for lists of maps without schema, in its order of preference. */
const ASSOCIATIVE_KEYS = ['mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'name', 'containerPort'];

export class PatchError extends Error {}

/** `patch` merged into `target` (both maps); returns the new tree, or undefined when the patch deletes the whole object. */
export function strategicMerge(target: KMap, patch: KMap): KMap | undefined {
  const r = mergeMap(clone(target), patch);
  return r;
}

function directive(m: KMap): string | undefined {
  return str(m.entries.find((e) => e.key === '$patch')?.value);
}

function withoutDirectives(n: KNode): KNode {
  if (isMap(n)) {
    return { ...n, entries: n.entries.filter((e) => !isDirectiveKey(e.key)).map((e) => ({ ...e, value: withoutDirectives(e.value) })) };
  }
  if (isSeq(n)) return { ...n, items: n.items.filter((x) => !(isMap(x) && directive(x) !== undefined && x.entries.length === 1)).map(withoutDirectives) };
  return n;
}

function isDirectiveKey(k: string): boolean {
  return k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/');
}

function mergeMap(base: KMap, patch: KMap): KMap | undefined {
  const d = directive(patch);
  if (d === 'delete') return undefined;
  if (d === 'replace') return withoutDirectives(patch) as KMap;
  for (const e of patch.entries) {
    const k = e.key;
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = base.entries.find((x) => x.key === field);
      if (cur && isSeq(cur.value) && isSeq(e.value)) {
        const drop = e.value.items.map((x) => (isScalar(x) ? x.v : undefined));
        cur.value = { ...cur.value, items: cur.value.items.filter((x) => !(isScalar(x) && drop.includes(x.v))) };
      }
      continue;
    }
    const i = base.entries.findIndex((x) => x.key === k);
    const pv = e.value;
    if (isScalar(pv) && pv.v === null) {
      if (i !== -1) base.entries.splice(i, 1);
      continue;
    }
    if (i === -1) {
      if (isMap(pv) && directive(pv) === 'delete') continue;
      base.entries.push({ key: k, keyAt: e.keyAt, value: withoutDirectives(pv) });
      continue;
    }
    const cur = base.entries[i]!;
    if (isMap(cur.value) && isMap(pv)) {
      const merged = mergeMap(cur.value, pv);
      if (merged === undefined) base.entries.splice(i, 1);
      else cur.value = merged;
    } else if (isSeq(cur.value) && isSeq(pv)) {
      cur.value = mergeList(k, cur.value, pv);
    } else if (!(isScalar(cur.value) && isScalar(pv) && cur.value.v === pv.v)) {
      // A scalar, or a change of type: the patch's value, set where the patch wrote it. Repeating
      // the value (a merge key, a patch's `name:`) leaves it where the base set it.
      base.entries[i] = { key: k, keyAt: e.keyAt, value: withoutDirectives(pv) };
    }
  }
  return base;
}

/** The merge key of list `field`, or undefined when the list is replaced. */
export function mergeKeyOf(field: string, base: KSeq, patch: KSeq): string | undefined {
  if (ATOMIC.has(field)) return undefined;
  const items = [...base.items, ...patch.items].filter((x) => !(isMap(x) && directive(x) === 'replace' && x.entries.length === 1));
  if (items.length === 0 || !items.every(isMap)) return undefined;
  if (field === 'ports') {
    // Container ports merge by containerPort, Service ports by port.
    if (items.every((x) => str((x as KMap).entries.find((e) => e.key === 'containerPort')?.value) !== undefined)) return 'containerPort';
    if (items.every((x) => str((x as KMap).entries.find((e) => e.key === 'port')?.value) !== undefined)) return 'port';
    return undefined;
  }
  const known = MERGE_KEYS[field];
  if (known) return known;
  return ASSOCIATIVE_KEYS.find((k) => items.every((x) => (x as KMap).entries.some((e) => e.key === k)));
}

function mergeList(field: string, base: KSeq, patch: KSeq): KSeq {
  // `- $patch: replace` among the items: the patch's other items are the whole list.
  if (patch.items.some((x) => isMap(x) && directive(x) === 'replace' && x.entries.length === 1)) return withoutDirectives(patch) as KSeq;
  const key = mergeKeyOf(field, base, patch);
  if (!key) return withoutDirectives(patch) as KSeq;
  const items = [...base.items];
  const keyOf = (n: KNode) => str((n as KMap).entries.find((e) => e.key === key)?.value);
  for (const p of patch.items) {
    if (!isMap(p)) continue;
    const id = keyOf(p);
    const at = id === undefined ? -1 : items.findIndex((x) => isMap(x) && keyOf(x) === id);
    if (directive(p) === 'delete') {
      if (at !== -1) items.splice(at, 1);
      continue;
    }
    if (at === -1) {
      items.push(withoutDirectives(p));
      continue;
    }
    const merged = mergeMap(items[at] as KMap, p);
    if (merged === undefined) items.splice(at, 1);
    else items[at] = merged;
  }
  return { ...base, items };
}
