/**
 * The value tree a kustomize build works on. It is plain YAML data in which
 * every node remembers where it was set: the base resource line, the patch
 * line that replaced it, or the kustomization.yaml line of a transformer
 * (`images:`, `namespace:`, a generator literal). Transformers build new nodes
 * with the origin of the instruction that made them, so the emitted output can
 * be mapped back line by line.
 */
import type { Location } from '../../base/location.js';

export type Scalar = string | number | boolean | null;

interface NodeBase {
  /** Where this value was written. */
  at: Location;
}

export interface KScalar extends NodeBase {
  t: 'scalar';
  v: Scalar;
}

export interface KEntry {
  key: string;
  /** Where the key was written (for a patched or generated entry, the patch or kustomization line). */
  keyAt: Location;
  value: KNode;
}

export interface KMap extends NodeBase {
  t: 'map';
  entries: KEntry[];
}

export interface KSeq extends NodeBase {
  t: 'seq';
  items: KNode[];
}

export type KNode = KScalar | KMap | KSeq;

export function scalar(v: Scalar, at: Location): KScalar {
  return { t: 'scalar', v, at };
}

export function map(at: Location, entries: KEntry[] = []): KMap {
  return { t: 'map', entries, at };
}

export function seq(at: Location, items: KNode[] = []): KSeq {
  return { t: 'seq', items, at };
}

export function isMap(n: KNode | undefined): n is KMap {
  return n?.t === 'map';
}

export function isSeq(n: KNode | undefined): n is KSeq {
  return n?.t === 'seq';
}

export function isScalar(n: KNode | undefined): n is KScalar {
  return n?.t === 'scalar';
}

export function entry(m: KMap, key: string): KEntry | undefined {
  return m.entries.find((e) => e.key === key);
}

export function get(n: KNode | undefined, key: string): KNode | undefined {
  return isMap(n) ? entry(n, key)?.value : undefined;
}

export function path(n: KNode | undefined, ...keys: string[]): KNode | undefined {
  let cur = n;
  for (const k of keys) cur = get(cur, k);
  return cur;
}

/** The string value of a scalar (numbers and booleans spelled as YAML would), else undefined. */
export function str(n: KNode | undefined): string | undefined {
  if (!isScalar(n) || n.v === null) return undefined;
  return String(n.v);
}

/** Sets `key` to `value`, keeping the entry's place when it exists. */
export function set(m: KMap, key: string, value: KNode, keyAt: Location = value.at): void {
  const e = entry(m, key);
  if (e) e.value = value;
  else m.entries.push({ key, keyAt, value });
}

export function remove(m: KMap, key: string): boolean {
  const i = m.entries.findIndex((e) => e.key === key);
  if (i === -1) return false;
  m.entries.splice(i, 1);
  return true;
}

/** The map at `key`, created (with origin `at`) when missing or not a map. */
export function ensureMap(m: KMap, key: string, at: Location): KMap {
  const cur = get(m, key);
  if (isMap(cur)) return cur;
  const fresh = map(at);
  set(m, key, fresh, at);
  return fresh;
}

export function clone<T extends KNode>(n: T): T {
  if (n.t === 'scalar') return { ...n };
  if (n.t === 'seq') return { ...n, items: n.items.map(clone) } as T;
  return { ...n, entries: (n as KMap).entries.map((e) => ({ key: e.key, keyAt: e.keyAt, value: clone(e.value) })) } as T;
}

/** A plain JS value (generator input, JSON6902 `value`) as a tree whose every node was set at `at`. */
export function fromPlain(v: unknown, at: Location): KNode {
  if (Array.isArray(v)) return seq(at, v.map((x) => fromPlain(x, at)));
  if (v !== null && typeof v === 'object') return map(at, Object.entries(v as Record<string, unknown>).map(([key, x]) => ({ key, keyAt: at, value: fromPlain(x, at) })));
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return scalar(v, at);
  return scalar(null, at);
}

export function toPlain(n: KNode): unknown {
  if (n.t === 'scalar') return n.v;
  if (n.t === 'seq') return n.items.map(toPlain);
  const o: Record<string, unknown> = {};
  for (const e of n.entries) o[e.key] = toPlain(e.value);
  return o;
}

/** Structural equality (the JSON6902 `test` op, list matching). */
export function equal(a: KNode, b: KNode): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'scalar') return a.v === (b as KScalar).v;
  if (a.t === 'seq') {
    const bi = (b as KSeq).items;
    return a.items.length === bi.length && a.items.every((x, i) => equal(x, bi[i]!));
  }
  const be = (b as KMap).entries;
  if (a.entries.length !== be.length) return false;
  return a.entries.every((e) => {
    const other = be.find((x) => x.key === e.key);
    return other !== undefined && equal(e.value, other.value);
  });
}

/** Every node of a tree with its key path, depth first (bounded by the tree, which is finite: no aliases survive loading). */
export function* walk(n: KNode, trail: string[] = []): Generator<{ node: KNode; trail: string[] }> {
  yield { node: n, trail };
  if (n.t === 'map') for (const e of n.entries) yield* walk(e.value, [...trail, e.key]);
  else if (n.t === 'seq') for (const x of n.items) yield* walk(x, [...trail, '[]']);
}
