/**
 * YAML with positions. Documents come from the `yaml` package's AST; `YNode`
 * is a small read-only view over it that follows aliases and `<<` merge keys
 * (bounded, so alias bombs cannot blow up a walk) and answers "where is this
 * key / value" as Locations.
 */
import { parseAllDocuments, LineCounter, YAMLParseError, isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Location } from '../base/location.js';
import type { SourceFile } from '../base/source-file.js';

export interface YamlParseResult {
  docs: Document[];
  errors: Array<{ message: string; location: Location }>;
}

/** Kubernetes and compose read YAML 1.1 (`yes` is true, `0644` is octal); GitHub Actions reads 1.2 (`on` stays a string). */
export function parseYaml(file: SourceFile, version: '1.1' | '1.2'): YamlParseResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(file.text, {
    lineCounter,
    version,
    merge: true,
    // The library's own check compares each key with every earlier key of its map
    // (quadratic: minutes on a large ConfigMap); reportDuplicateKeys does it with a Set.
    uniqueKeys: false,
    prettyErrors: false,
    logLevel: 'error',
  });
  const list = Array.isArray(docs) ? docs : [];
  const errors: YamlParseResult['errors'] = [];
  for (const d of list) {
    reportDuplicateKeys(d);
    for (const e of d.errors) {
      const [start, end] = e.pos;
      errors.push({ message: firstLine(e.message), location: file.lines.location(file.path, start, end) });
    }
  }
  if (!Array.isArray(docs)) {
    // The empty-stream case returns an EmptyStream object; nothing to report.
    return { docs: [], errors };
  }
  return { docs: list, errors };
}

/**
 * Adds the error `uniqueKeys: true` would give (same code, message and
 * position: the repeated key) for each key that repeats one of its map, keys
 * compared by scalar value as the library does. Merge keys (`<<`) never
 * collide: each one resolves to its own symbol. Aliases are not followed, so
 * each map is visited once.
 */
function reportDuplicateKeys(doc: Document): void {
  const found: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const n = stack.pop();
    if (!isCollection(n)) continue;
    const seen = isMap(n) ? new Set<unknown>() : undefined;
    for (const item of n.items) {
      if (isPair(item)) {
        const k = item.key;
        if (seen && isScalar(k)) {
          if (seen.has(k.value) && k.range) found.push(new YAMLParseError([k.range[0], k.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          seen.add(k.value);
        }
        stack.push(k, item.value);
      } else stack.push(item);
    }
  }
  if (found.length === 0) return;
  doc.errors.push(...found);
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i === -1 ? s : s.slice(0, i);
}

const MAX_ALIAS_HOPS = 64;

/**
 * Aliases may add this many nodes to a document when expanded, or as many as
 * the document has itself if that is more. Real files reuse small anchors
 * (`<<: *common` in every service, `runs-on: *runner` in every job): a few
 * thousand extra nodes. An alias bomb ("billion laughs") multiplies at each
 * level and is over the budget after a few levels.
 */
const MIN_ALIAS_EXPANSION = 100_000;

export class AliasBombError extends Error {}

interface Expansion {
  /** Expanded size of each node visited (aliases count as their target), capped at `limit + 1`. */
  sizes: Map<unknown, number>;
  limit: number;
}

const expansions = new WeakMap<Document, Expansion>();

/**
 * Size of `n` with every alias expanded, computed once per node (linear in the
 * document however large the expansion), capped just above the budget. An
 * alias inside its own anchor counts as over the budget: expanding it never ends.
 */
function expandedSize(doc: Document, n: unknown, ex: Expansion, active: Set<unknown>): number {
  const known = ex.sizes.get(n);
  if (known !== undefined) return known;
  if (active.has(n)) return ex.limit + 1;
  let size = 1;
  if (isAlias(n)) {
    active.add(n);
    const target = n.resolve(doc);
    size = target ? expandedSize(doc, target, ex, active) : 1;
    active.delete(n);
  } else if (isCollection(n)) {
    active.add(n);
    for (const item of n.items) {
      if (isPair(item)) size += expandedSize(doc, item.key, ex, active) + expandedSize(doc, item.value, ex, active);
      else size += expandedSize(doc, item, ex, active);
      if (size > ex.limit) break;
    }
    active.delete(n);
  }
  size = Math.min(size, ex.limit + 1);
  ex.sizes.set(n, size);
  return size;
}

function expansionOf(doc: Document): Expansion {
  let ex = expansions.get(doc);
  if (!ex) {
    let own = 0;
    const stack: unknown[] = [doc.contents];
    while (stack.length) {
      const n = stack.pop();
      own++;
      if (isCollection(n)) for (const item of n.items) isPair(item) ? stack.push(item.key, item.value) : stack.push(item);
    }
    ex = { sizes: new Map(), limit: own + Math.max(MIN_ALIAS_EXPANSION, own) };
    expansions.set(doc, ex);
  }
  return ex;
}

/** Plain JS value of a document or node; an alias bomb (expansion over budget) throws AliasBombError. */
export function toPlain(doc: Document, node?: Node | null): unknown {
  const n = node ?? doc.contents;
  if (!n) return null;
  const ex = expansionOf(doc);
  if (expandedSize(doc, n, ex, new Set()) > ex.limit) {
    throw new AliasBombError(`aliases expand to more than ${ex.limit} nodes, which looks like an alias bomb`);
  }
  // The size bound above replaces the library's alias-count limit, which refused ordinary files.
  return (n as Node & { toJS(doc: Document, opts: unknown): unknown }).toJS(doc, { maxAliasCount: -1 });
}

export class YNode {
  constructor(
    readonly doc: Document,
    readonly node: Node,
    readonly file: SourceFile,
    /** Location of the key this node is the value of, if any. */
    readonly keyLocation?: Location,
  ) {}

  static root(doc: Document, file: SourceFile): YNode | undefined {
    const n = doc.contents;
    return n ? new YNode(doc, resolve(doc, n as Node), file) : undefined;
  }

  get location(): Location {
    const r = this.node.range;
    if (!r) return this.keyLocation ?? { path: this.file.path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    return this.file.lines.location(this.file.path, r[0], trimEnd(this.file.text, r[0], r[1]));
  }

  /** From the key to the end of the value: the whole `key: value` entry. */
  get entryLocation(): Location {
    const v = this.location;
    if (!this.keyLocation) return v;
    return { ...this.keyLocation, endLine: v.endLine, endColumn: v.endColumn };
  }

  /** The key alone when there is one, else the value. Good for "this setting is wrong" findings. */
  get anchor(): Location {
    return this.keyLocation ?? this.location;
  }

  get isMap(): boolean {
    return isMap(this.node);
  }

  get isSeq(): boolean {
    return isSeq(this.node);
  }

  get isScalar(): boolean {
    return isScalar(this.node);
  }

  get(key: string): YNode | undefined {
    const pair = findPair(this.doc, this.node, key, 0);
    if (!pair || !pair.value) return undefined;
    return new YNode(this.doc, resolve(this.doc, pair.value as Node), this.file, nodeLocation(this.file, pair.key as Node));
  }

  path(...keys: Array<string | number>): YNode | undefined {
    let cur: YNode | undefined = this;
    for (const k of keys) {
      if (!cur) return undefined;
      cur = typeof k === 'number' ? cur.items()[k] : cur.get(k);
    }
    return cur;
  }

  has(key: string): boolean {
    return findPair(this.doc, this.node, key, 0) !== undefined;
  }

  items(): YNode[] {
    if (!isSeq(this.node)) return [];
    return this.node.items.filter((n): n is Node => n != null).map((n) => new YNode(this.doc, resolve(this.doc, n), this.file));
  }

  /** Map entries in order, merge keys expanded (own keys win). */
  entries(): Array<[string, YNode]> {
    const out: Array<[string, YNode]> = [];
    const seen = new Set<string>();
    collectEntries(this.doc, this.node, this.file, out, seen, 0);
    return out;
  }

  keys(): string[] {
    return this.entries().map(([k]) => k);
  }

  get scalar(): unknown {
    return isScalar(this.node) ? this.node.value : undefined;
  }

  /**
   * The scalar as the user wrote it. Plain scalars that YAML resolves to
   * numbers, booleans or null keep their source text: `context: .` is ".",
   * `version: 1.10` is "1.10" (not 1.1); only a real null (`~`, empty) is undefined.
   */
  str(): string | undefined {
    if (!isScalar(this.node)) return undefined;
    const v = this.node.value;
    if (typeof v === 'string') return v;
    const source = (this.node as { source?: unknown }).source;
    if (typeof source === 'string' && this.node.type === 'PLAIN') {
      if (v === null && /^(|~|null|Null|NULL)$/.test(source)) return undefined;
      return source;
    }
    if (v === null || v === undefined) return undefined;
    return String(v);
  }

  num(): number | undefined {
    const v = this.scalar;
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
    return undefined;
  }

  bool(): boolean | undefined {
    const v = this.scalar;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const s = v.toLowerCase();
      if (s === 'true' || s === 'yes' || s === 'on') return true;
      if (s === 'false' || s === 'no' || s === 'off') return false;
    }
    return undefined;
  }

  /** Plain value (aliases expanded, bombs refused by toPlain). */
  plain(): unknown {
    return toPlain(this.doc, this.node);
  }

  /** A scalar's string value, or each item's string for a sequence. */
  strings(): string[] {
    if (this.isSeq) return this.items().flatMap((i) => (i.str() !== undefined ? [i.str()!] : []));
    const s = this.str();
    return s === undefined ? [] : [s];
  }

  /** `{key: value}` of a map of scalars. */
  stringMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.entries()) {
      const s = v.str();
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

function nodeLocation(file: SourceFile, n: Node | null | undefined): Location | undefined {
  const r = n?.range;
  if (!r) return undefined;
  return file.lines.location(file.path, r[0], trimEnd(file.text, r[0], r[1]));
}

function resolve(doc: Document, n: Node): Node {
  let cur: Node = n;
  for (let hops = 0; isAlias(cur) && hops < MAX_ALIAS_HOPS; hops++) {
    const target = cur.resolve(doc);
    if (!target) break;
    cur = target as Node;
  }
  return cur;
}

function keyText(k: unknown): string | undefined {
  // With `merge: true` the library resolves a plain `<<` key to a unique Symbol('<<'); String() of it is "Symbol(<<)".
  if (isScalar(k) && typeof k.value === 'symbol') return k.value.description;
  if (isScalar(k)) return k.value === null ? 'null' : String(k.value);
  return undefined;
}

function findPair(doc: Document, node: Node, key: string, depth: number): Pair | undefined {
  if (!isMap(node) || depth > 8) return undefined;
  let merged: Pair | undefined;
  for (const p of node.items) {
    if (!isPair(p)) continue;
    const k = keyText(p.key);
    if (k === key) return p as Pair;
    if (k === '<<' && !merged) {
      const v = p.value ? resolve(doc, p.value as Node) : undefined;
      const sources = v && isSeq(v) ? v.items.map((i) => resolve(doc, i as Node)) : v ? [v] : [];
      for (const s of sources) {
        const found = findPair(doc, s, key, depth + 1);
        if (found) {
          merged = found;
          break;
        }
      }
    }
  }
  return merged;
}

function collectEntries(doc: Document, node: Node, file: SourceFile, out: Array<[string, YNode]>, seen: Set<string>, depth: number): void {
  if (!isMap(node) || depth > 8) return;
  const merges: Node[] = [];
  for (const p of node.items) {
    if (!isPair(p)) continue;
    const k = keyText(p.key);
    if (k === undefined) continue;
    if (k === '<<') {
      const v = p.value ? resolve(doc, p.value as Node) : undefined;
      if (v && isSeq(v)) merges.push(...v.items.map((i) => resolve(doc, i as Node)));
      else if (v) merges.push(v);
      continue;
    }
    if (seen.has(k) || !p.value) continue;
    seen.add(k);
    out.push([k, new YNode(doc, resolve(doc, p.value as Node), file, nodeLocation(file, p.key as Node))]);
  }
  for (const m of merges) collectEntries(doc, m, file, out, seen, depth + 1);
}
