/**
 * YAML text → value trees with positions. Reads YAML 1.1 as the manifests
 * module does, so a rendered resource means what the same file on disk would
 * (`0644` is a number both ways). Aliases and `<<` merges are expanded under a
 * node budget (an alias bomb is refused, not expanded); duplicate keys and
 * syntax errors make the document an error, never half a resource.
 *
 * `place` turns offsets of the parsed text into locations of a real file: the
 * identity for a file, a shift for an inline `patch: |` block.
 */
import { parseAllDocuments, LineCounter, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Location } from '../../base/location.js';
import { map, scalar, seq, type KEntry, type KNode, type Scalar } from './tree.js';

export type Place = (start: number, end: number) => Location;

export interface LoadedDoc {
  node: KNode | undefined;
  /** The document's first content position (for errors about the whole document). */
  at: Location;
}

export interface LoadResult {
  docs: LoadedDoc[];
  errors: Array<{ at: Location; message: string }>;
}

/** Nodes one text may expand to, aliases included: far above real manifests, far below an alias bomb. */
const NODE_BUDGET = 250_000;
const MAX_DEPTH = 200;

class BudgetError extends Error {}

export function loadYaml(text: string, place: Place): LoadResult {
  const docs = parseAllDocuments(text, { lineCounter: new LineCounter(), version: '1.1', merge: true, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  const list: Document[] = Array.isArray(docs) ? docs : [];
  const out: LoadResult = { docs: [], errors: [] };
  const budget = { left: NODE_BUDGET };
  for (const d of list) {
    if (d.errors.length > 0) {
      for (const e of d.errors) out.errors.push({ at: place(e.pos[0], e.pos[1]), message: `invalid YAML: ${firstLine(e.message)}` });
      continue;
    }
    const start = d.contents?.range?.[0] ?? 0;
    try {
      const dup: Array<{ at: Location; key: string }> = [];
      const node = d.contents ? convert(d, d.contents as Node, place, budget, 0, new Set(), dup) : undefined;
      if (dup.length > 0) {
        for (const x of dup) out.errors.push({ at: x.at, message: `invalid YAML: map key "${x.key}" is repeated` });
        continue;
      }
      out.docs.push({ node, at: place(start, start) });
    } catch (e) {
      if (!(e instanceof BudgetError)) throw e;
      out.errors.push({ at: place(start, start), message: `YAML refused: ${e.message}` });
    }
  }
  return out;
}

function convert(doc: Document, n: Node, place: Place, budget: { left: number }, depth: number, active: Set<Node>, dup: Array<{ at: Location; key: string }>): KNode {
  if (--budget.left < 0) throw new BudgetError(`aliases expand to more than ${NODE_BUDGET} nodes`);
  if (depth > MAX_DEPTH) throw new BudgetError(`nested deeper than ${MAX_DEPTH} levels`);
  if (isAlias(n)) {
    const target = n.resolve(doc) as Node | undefined;
    if (!target || active.has(target)) throw new BudgetError('an alias refers to its own anchor');
    active.add(target);
    try {
      return convert(doc, target, place, budget, depth + 1, active, dup);
    } finally {
      active.delete(target);
    }
  }
  const range = n.range ?? [0, 0, 0];
  const at = place(range[0], range[1]);
  if (isScalar(n)) return scalar(plainScalar(n.value), at);
  if (isSeq(n)) return seq(at, n.items.map((x) => (x ? convert(doc, x as Node, place, budget, depth + 1, active, dup) : scalar(null, at))));
  if (isMap(n)) {
    const own: KEntry[] = [];
    const merged: KEntry[] = [];
    const seen = new Set<string>();
    for (const p of n.items) {
      if (!isPair(p)) continue;
      const k = p.key as Node | null;
      const key = keyText(k);
      const kr = k?.range ?? range;
      if (key === '<<' && isScalar(k) && typeof k.value === 'symbol') {
        // Merge keys: entries of the merged maps the map does not set itself.
        const v = p.value ? convert(doc, p.value as Node, place, budget, depth + 1, active, dup) : undefined;
        const sources = v?.t === 'seq' ? v.items : v ? [v] : [];
        for (const s of sources) if (s.t === 'map') merged.push(...s.entries);
        continue;
      }
      if (seen.has(key)) {
        dup.push({ at: place(kr[0], kr[1]), key });
        continue;
      }
      seen.add(key);
      const value = p.value ? convert(doc, p.value as Node, place, budget, depth + 1, active, dup) : scalar(null, place(kr[1], kr[1]));
      own.push({ key, keyAt: place(kr[0], kr[1]), value });
    }
    for (const e of merged) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      own.push(e);
    }
    return map(at, own);
  }
  return scalar(null, at);
}

function keyText(k: Node | null): string {
  if (isScalar(k)) {
    if (typeof k.value === 'symbol') return k.value.description ?? '';
    return k.value === null ? 'null' : String(k.value);
  }
  return k ? String(k) : 'null';
}

function plainScalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return String(v);
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i === -1 ? s : s.slice(0, i);
}
