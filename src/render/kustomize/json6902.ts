/**
 * JSON patches (RFC 6902) on a value tree: add, remove, replace, move, copy,
 * test; JSON pointers with `~1` (/) and `~0` (~) escapes and `-` for the end
 * of a list. Values come from the patch with their own positions, so an
 * `add` or `replace` is reported where the patch wrote it.
 */
import type { Location } from '../../base/location.js';
import { clone, equal, isMap, isSeq, str, type KMap, type KNode } from './tree.js';

export interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: KNode;
  /** The op's place in the patch, for errors. */
  at: Location;
}

export class JsonPatchError extends Error {
  constructor(
    message: string,
    readonly at: Location,
  ) {
    super(message);
  }
}

/** The ops of a patch document (a list of maps), or an error naming the bad op. */
export function readOps(doc: KNode): JsonPatchOp[] {
  if (!isSeq(doc)) throw new JsonPatchError('a JSON6902 patch is a list of operations', doc.at);
  return doc.items.map((item) => {
    if (!isMap(item)) throw new JsonPatchError('a JSON6902 operation is a map with `op` and `path`', item.at);
    const get = (k: string) => item.entries.find((e) => e.key === k)?.value;
    const op = str(get('op'));
    const path = str(get('path'));
    if (!op || path === undefined) throw new JsonPatchError('a JSON6902 operation needs `op` and `path`', item.at);
    return { op, path, from: str(get('from')), value: get('value'), at: item.at };
  });
}

export function decodePointer(p: string, at: Location): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JsonPatchError(`JSON pointer "${p}" does not start with /`, at);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Applies the ops in order to a copy of `doc`; the first failing op throws (kustomize stops there too). */
export function applyJsonPatch(doc: KMap, ops: readonly JsonPatchOp[]): KNode {
  let root: KNode = clone(doc);
  for (const op of ops) root = applyOp(root, op);
  return root;
}

function applyOp(root: KNode, op: JsonPatchOp): KNode {
  const path = decodePointer(op.path, op.at);
  switch (op.op) {
    case 'add':
      return add(root, path, need(op), op);
    case 'remove':
      return removeAt(root, path, op).root;
    case 'replace':
      return replaceAt(root, path, need(op), op);
    case 'move': {
      if (op.from === undefined) throw new JsonPatchError('`move` needs `from`', op.at);
      const from = decodePointer(op.from, op.at);
      const r = removeAt(root, from, op);
      return add(r.root, path, r.removed, op);
    }
    case 'copy': {
      if (op.from === undefined) throw new JsonPatchError('`copy` needs `from`', op.at);
      const value = lookup(root, decodePointer(op.from, op.at), op);
      return add(root, path, clone(value), op);
    }
    case 'test': {
      const value = lookup(root, path, op);
      if (!equal(value, need(op))) throw new JsonPatchError(`test failed: ${op.path} does not hold the value the patch expects`, op.at);
      return root;
    }
    default:
      throw new JsonPatchError(`unknown JSON6902 operation "${op.op}"`, op.at);
  }
}

function need(op: JsonPatchOp): KNode {
  if (!op.value) throw new JsonPatchError(`\`${op.op}\` needs \`value\``, op.at);
  return clone(op.value);
}

function lookup(root: KNode, path: readonly string[], op: JsonPatchOp): KNode {
  let cur: KNode = root;
  for (const seg of path) {
    const next = child(cur, seg);
    if (!next) throw new JsonPatchError(`${op.path}: no ${seg} here`, op.at);
    cur = next;
  }
  return cur;
}

function child(n: KNode, seg: string): KNode | undefined {
  if (isMap(n)) return n.entries.find((e) => e.key === seg)?.value;
  if (isSeq(n)) {
    const i = index(seg);
    return i === undefined ? undefined : n.items[i];
  }
  return undefined;
}

function index(seg: string): number | undefined {
  if (!/^(0|[1-9]\d{0,8})$/.test(seg)) return undefined;
  return Number(seg);
}

function add(root: KNode, path: readonly string[], value: KNode, op: JsonPatchOp): KNode {
  if (path.length === 0) return value;
  const parent = lookup(root, path.slice(0, -1), op);
  const last = path[path.length - 1]!;
  if (isMap(parent)) {
    const e = parent.entries.find((x) => x.key === last);
    if (e) e.value = value;
    else parent.entries.push({ key: last, keyAt: op.at, value });
  } else if (isSeq(parent)) {
    const i = last === '-' ? parent.items.length : index(last);
    if (i === undefined || i > parent.items.length) throw new JsonPatchError(`${op.path}: index ${last} is out of range`, op.at);
    parent.items.splice(i, 0, value);
  } else {
    throw new JsonPatchError(`${op.path}: the parent is not a map or a list`, op.at);
  }
  return root;
}

/** Replaces in place, so the entry keeps its place (and its key's position) in the map. */
function replaceAt(root: KNode, path: readonly string[], value: KNode, op: JsonPatchOp): KNode {
  if (path.length === 0) return value;
  const parent = lookup(root, path.slice(0, -1), op);
  const last = path[path.length - 1]!;
  if (isMap(parent)) {
    const e = parent.entries.find((x) => x.key === last);
    if (!e) throw new JsonPatchError(`${op.path}: no ${last} to replace`, op.at);
    e.value = value;
    return root;
  }
  const i = index(last);
  if (isSeq(parent) && i !== undefined && i < parent.items.length) {
    parent.items[i] = value;
    return root;
  }
  throw new JsonPatchError(`${op.path}: nothing to replace here`, op.at);
}

function removeAt(root: KNode, path: readonly string[], op: JsonPatchOp): { root: KNode; removed: KNode } {
  if (path.length === 0) throw new JsonPatchError(`\`${op.op}\` of the whole document`, op.at);
  const parent = lookup(root, path.slice(0, -1), op);
  const last = path[path.length - 1]!;
  if (isMap(parent)) {
    const i = parent.entries.findIndex((x) => x.key === last);
    if (i === -1) throw new JsonPatchError(`${op.path}: no ${last} here`, op.at);
    const [e] = parent.entries.splice(i, 1);
    return { root, removed: e!.value };
  }
  if (isSeq(parent)) {
    const i = index(last);
    if (i === undefined || i >= parent.items.length) throw new JsonPatchError(`${op.path}: index ${last} is out of range`, op.at);
    const [removed] = parent.items.splice(i, 1);
    return { root, removed: removed! };
  }
  throw new JsonPatchError(`${op.path}: the parent is not a map or a list`, op.at);
}
