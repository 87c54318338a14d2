/**
 * Kustomize `replacements`: copy one field of a source resource into fields
 * of target resources, after every other transformer (kustomize runs the
 * replacement transformer last among the built-ins).
 *
 *   replacements:
 *     - source: { kind: ConfigMap, name: env, fieldPath: data.IMAGE_TAG }
 *       targets:
 *         - select: { kind: Deployment }
 *           reject: [{ name: legacy }]
 *           fieldPaths: [spec.template.spec.containers.[name=api].image]
 *           options: { delimiter: ':', index: 1, create: false }
 *
 * The copied node keeps the source field's origin, so a finding on the
 * replaced value points at the line that wrote it in the source resource.
 * Field paths: `a.b`, `[name=value]` list matching, `0` list index, `*` every
 * key or item, `[a.b/c]` a key holding dots. A source that matches no or
 * several resources is a problem at the replacement, as kustomize fails there.
 */
import type { Location } from '../../base/location.js';
import { idOf, type Res } from './resource.js';
import { targetMatcher, type Matcher } from './selector.js';
import { clone, get, isMap, isScalar, isSeq, map, scalar, set, str, type KMap, type KNode } from './tree.js';

export interface ReplacementProblem {
  at: Location;
  message: string;
}

type Segment = { t: 'key'; key: string } | { t: 'match'; key: string; value: string } | { t: 'index'; i: number } | { t: 'any' };

/** `spec.template.spec.containers.[name=api].image` → segments; undefined when malformed. */
export function parseFieldPath(p: string): Segment[] | undefined {
  const out: Segment[] = [];
  let i = 0;
  while (i < p.length) {
    if (p[i] === '[') {
      const close = p.indexOf(']', i);
      if (close === -1) return undefined;
      const inner = p.slice(i + 1, close);
      const eq = inner.indexOf('=');
      out.push(eq === -1 ? { t: 'key', key: inner } : { t: 'match', key: inner.slice(0, eq), value: inner.slice(eq + 1) });
      i = close + 1;
    } else {
      let j = i;
      while (j < p.length && p[j] !== '.') j++;
      const word = p.slice(i, j);
      if (word === '') return undefined;
      out.push(word === '*' ? { t: 'any' } : /^\d+$/.test(word) ? { t: 'index', i: Number(word) } : { t: 'key', key: word });
      i = j;
    }
    if (i < p.length) {
      if (p[i] !== '.') return undefined;
      i++;
    }
  }
  return out.length > 0 ? out : undefined;
}

/** The nodes at `segs` under `n`. */
function lookup(n: KNode, segs: readonly Segment[]): KNode[] {
  let cur: KNode[] = [n];
  for (const s of segs) {
    const next: KNode[] = [];
    for (const c of cur) {
      if (s.t === 'key' && isMap(c)) {
        const v = get(c, s.key);
        if (v) next.push(v);
      } else if (s.t === 'index' && isSeq(c)) {
        const v = c.items[s.i];
        if (v) next.push(v);
      } else if (s.t === 'match' && isSeq(c)) {
        for (const item of c.items) if (str(get(item, s.key)) === s.value) next.push(item);
      } else if (s.t === 'any') {
        if (isMap(c)) next.push(...c.entries.map((e) => e.value));
        else if (isSeq(c)) next.push(...c.items);
      }
    }
    cur = next;
  }
  return cur;
}

/** Sets `value` at `segs` under `n`; creates missing maps (and `[k=v]` items) only when `create`. Returns how many fields were set. */
function assign(n: KNode, segs: readonly Segment[], value: (old: KNode | undefined) => KNode, create: boolean, at: Location): number {
  const [s, ...rest] = segs;
  if (!s) return 0;
  const last = rest.length === 0;
  if (s.t === 'key' && isMap(n)) {
    const cur = get(n, s.key);
    if (last) {
      if (!cur && !create) return 0;
      set(n, s.key, value(cur), cur ? undefined : at);
      return 1;
    }
    if (cur) return assign(cur, rest, value, create, at);
    if (!create) return 0;
    const fresh: KNode = rest[0]!.t === 'match' || rest[0]!.t === 'index' ? { t: 'seq', items: [], at } : map(at);
    set(n, s.key, fresh, at);
    return assign(fresh, rest, value, create, at);
  }
  if (s.t === 'index' && isSeq(n)) {
    const cur = n.items[s.i];
    if (!cur) return 0;
    if (last) {
      n.items[s.i] = value(cur);
      return 1;
    }
    return assign(cur, rest, value, create, at);
  }
  if (s.t === 'match' && isSeq(n)) {
    let count = 0;
    const hits = n.items.filter((item) => str(get(item, s.key)) === s.value);
    if (hits.length === 0 && create && !last) {
      const item: KMap = map(at, [{ key: s.key, keyAt: at, value: scalar(s.value, at) }]);
      n.items.push(item);
      hits.push(item);
    }
    for (const item of hits) count += last ? 0 : assign(item, rest, value, create, at);
    return count;
  }
  if (s.t === 'any') {
    let count = 0;
    const children = isMap(n) ? n.entries.map((e) => e.value) : isSeq(n) ? n.items : [];
    for (const c of children) count += last ? 0 : assign(c, rest, value, create, at);
    if (last && isMap(n)) for (const e of n.entries) { e.value = value(e.value); count++; }
    if (last && isSeq(n)) n.items = n.items.map((x) => { count++; return value(x); });
    return count;
  }
  return 0;
}

interface Options {
  delimiter?: string;
  index: number;
  create: boolean;
}

function readOptions(n: KNode | undefined): Options {
  const delimiter = str(get(n, 'delimiter'));
  const index = Number(str(get(n, 'index')) ?? 0);
  return { ...(delimiter !== undefined && delimiter !== '' ? { delimiter } : {}), index: Number.isInteger(index) ? index : 0, create: str(get(n, 'create')) === 'true' };
}

/** Replaces part `index` of `old` split by `delimiter` (out of range: prefixed or appended, as kustomize does). */
function spliceDelimited(old: string, part: string, delimiter: string, index: number): string {
  const parts = old.split(delimiter);
  if (index < 0) return [part, ...parts].join(delimiter);
  if (index >= parts.length) return [...parts, part].join(delimiter);
  parts[index] = part;
  return parts.join(delimiter);
}

/**
 * Applies each replacement (already loaded: inline entries, or the documents of a `path:` file)
 * to `acc` in place. Problems are what kustomize would fail on; the rest still applies.
 */
export function applyReplacements(acc: Res[], replacements: readonly KNode[]): ReplacementProblem[] {
  const problems: ReplacementProblem[] = [];
  const matcher = (n: KNode): Matcher | undefined => {
    const m = targetMatcher(n);
    if (typeof m === 'function') return m;
    problems.push({ at: n.at, message: `${m.refused}; the replacement was not applied` });
    return undefined;
  };
  for (const rep of replacements) {
    if (!isMap(rep)) continue;
    const sourceNode = get(rep, 'source');
    if (!isMap(sourceNode)) {
      problems.push({ at: rep.at, message: 'a replacement needs a source (kind, name, fieldPath)' });
      continue;
    }
    const pick = matcher(sourceNode);
    if (!pick) continue;
    const sources = acc.filter(pick);
    if (sources.length !== 1) {
      problems.push({ at: sourceNode.at, message: sources.length === 0 ? 'replacement source matches no resource of this build; kustomize fails here (not applied)' : `replacement source matches ${sources.length} resources (${sources.slice(0, 3).map(idOf).join(', ')}); kustomize needs exactly one (not applied)` });
      continue;
    }
    const fieldPathNode = get(sourceNode, 'fieldPath');
    const sourcePath = str(fieldPathNode) ?? 'metadata.name';
    const segs = parseFieldPath(sourcePath);
    const found = segs ? lookup(sources[0]!.node, segs) : [];
    if (!segs || found.length !== 1) {
      problems.push({ at: fieldPathNode?.at ?? sourceNode.at, message: !segs ? `fieldPath "${sourcePath}" is not a field path` : `fieldPath "${sourcePath}" ${found.length === 0 ? 'is not set' : 'matches several fields'} in ${idOf(sources[0]!)}: not applied` });
      continue;
    }
    let value: KNode = found[0]!;
    const sourceOptions = readOptions(get(sourceNode, 'options'));
    if (sourceOptions.delimiter !== undefined && isScalar(value)) {
      const part = String(value.v ?? '').split(sourceOptions.delimiter)[sourceOptions.index];
      if (part === undefined) {
        problems.push({ at: fieldPathNode?.at ?? sourceNode.at, message: `options.index ${sourceOptions.index} is past the parts of "${String(value.v)}" split by "${sourceOptions.delimiter}": not applied` });
        continue;
      }
      value = scalar(part, value.at);
    }
    const targets = get(rep, 'targets');
    for (const t of isSeq(targets) ? targets.items : []) {
      const select = get(t, 'select');
      const want = select ? matcher(select) : undefined;
      if (!want) continue;
      const rejectNodes = get(t, 'reject');
      const rejects = (isSeq(rejectNodes) ? rejectNodes.items : []).map(matcher).filter((m): m is Matcher => m !== undefined);
      const options = readOptions(get(t, 'options'));
      const paths = get(t, 'fieldPaths');
      for (const r of acc) {
        if (!want(r) || rejects.some((m) => m(r))) continue;
        for (const fp of isSeq(paths) ? paths.items : []) {
          const tsegs = parseFieldPath(str(fp) ?? '');
          if (!tsegs) {
            problems.push({ at: fp.at, message: `fieldPath "${str(fp) ?? ''}" is not a field path` });
            continue;
          }
          const v = value;
          assign(r.node, tsegs, (old) => {
            if (options.delimiter === undefined || !isScalar(v)) return clone(v);
            return scalar(spliceDelimited(isScalar(old) && old.v !== null ? String(old.v) : '', String(v.v ?? ''), options.delimiter, options.index), v.at);
          }, options.create, fp.at);
        }
      }
    }
  }
  return problems;
}
