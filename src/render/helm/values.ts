/**
 * Helm's values: YAML decoded as Helm decodes it (through JSON, so every number
 * is a float64 — a JS number), user values merged file over file, and chart
 * defaults coalesced under them the way `chartutil.CoalesceValues` does:
 * user values win, tables merge key by key, lists and scalars replace whole,
 * a user `null` deletes the chart's default, and `global` flows from a parent
 * into every subchart (the parent's globals win).
 */
import { parseDocument, LineCounter, isMap, isSeq, isScalar, isPair, type Node } from 'yaml';
import type { Location } from '../../base/location.js';
import type { GoMap, Value } from '../gotemplate/types.js';
import { isMap as isGoMap } from '../gotemplate/values.js';

/** A values table: Helm's name for a map (the engine's `isMap`). */
export const isTable = isGoMap;

export interface LoadedValues {
  values: GoMap;
  /** `a.b[0].c` style keys (see `valuesKey`) → where the key is written. */
  lines: Map<string, Location>;
  error?: { at: Location; message: string };
}

/** The key of a values path in `LoadedValues.lines`: segments joined with NUL (keys may hold dots). */
export function valuesKey(path: readonly (string | number)[]): string {
  return path.map(String).join('\0');
}

const MAX_ALIASES = 100;

/** Parses a values file; a broken one yields empty values and the error (Helm refuses the chart). */
export function loadValues(path: string, text: string): LoadedValues {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const lines = new Map<string, Location>();
  const loc = (range: [number, number, number?] | null | undefined): Location => {
    const s = lc.linePos(range?.[0] ?? 0);
    const e = lc.linePos(range?.[1] ?? range?.[0] ?? 0);
    return { path, startLine: s.line, startColumn: s.col, endLine: e.line, endColumn: e.col };
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    return { values: {}, lines, error: { at: loc([err.pos[0], err.pos[1]]), message: `${path} is not valid YAML: ${err.message.split('\n')[0]}` } };
  }
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { values: {}, lines, error: { at: loc([0, 0]), message: `${path} could not be read: ${(e as Error).message}` } };
  }
  if (js !== null && js !== undefined && (typeof js !== 'object' || Array.isArray(js))) {
    return { values: {}, lines, error: { at: loc(doc.contents?.range), message: `${path} must hold a mapping of values, not ${Array.isArray(js) ? 'a list' : 'a scalar'}` } };
  }
  // Record where each key is written; bounded by the document's own size (each node visited once).
  const walk = (node: Node | null | undefined, prefix: (string | number)[]) => {
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const here = [...prefix, String(item.key.value)];
        lines.set(valuesKey(here), loc(item.key.range));
        walk(item.value as Node, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => {
        const here = [...prefix, i];
        if (isScalar(it) || isMap(it) || isSeq(it)) lines.set(valuesKey(here), loc(it.range));
        walk(it as Node, here);
      });
    }
  };
  if (prefixDepthOk(doc.contents as Node)) walk(doc.contents as Node, []);
  return { values: toValue(js ?? {}) as GoMap, lines };
}

/** Deeply nested documents are walked only to this depth (recursion stays bounded). */
const MAX_DEPTH = 200;
function prefixDepthOk(node: Node | null | undefined, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (isMap(node)) return node.items.every((p) => !isPair(p) || prefixDepthOk(p.value as Node, depth + 1));
  if (isSeq(node)) return node.items.every((it) => prefixDepthOk(it as Node, depth + 1));
  return true;
}

/** JS from the YAML library → the engine's Value (numbers stay float64, as JSON decoding gives them). */
export function toValue(js: unknown, depth = 0): Value {
  if (depth > MAX_DEPTH) return null;
  if (js === null || js === undefined) return null;
  if (typeof js === 'boolean' || typeof js === 'number' || typeof js === 'string' || typeof js === 'bigint') return js;
  if (js instanceof Date) return js.toISOString();
  if (js instanceof Uint8Array) return js;
  if (Array.isArray(js)) return js.map((x) => toValue(x, depth + 1));
  if (js instanceof Map) {
    const out: GoMap = {};
    for (const [k, v] of js) out[String(k)] = toValue(v, depth + 1);
    return out;
  }
  if (typeof js === 'object') {
    const out: GoMap = {};
    for (const [k, v] of Object.entries(js as Record<string, unknown>)) out[k] = toValue(v, depth + 1);
    return out;
  }
  return String(js);
}

export function deepCopy(v: Value): Value {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isTable(v)) {
    const out: GoMap = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out;
  }
  return v;
}

/** Helm's `mergeMaps` for -f files and --set: later wins, tables merge, everything else replaces. */
export function mergeUserValues(dst: GoMap, src: GoMap): GoMap {
  const out: GoMap = { ...dst };
  for (const [k, v] of Object.entries(src)) {
    const d = out[k];
    out[k] = isTable(v) && isTable(d) ? mergeUserValues(d, v) : deepCopy(v);
  }
  return out;
}

/**
 * `coalesceTables(dst, src)`: fills `dst` (higher precedence) from `src` (defaults) in place.
 * A `null` in dst deletes the key; tables merge; anything else in dst stays.
 */
export function coalesceTables(dst: GoMap, src: GoMap): GoMap {
  for (const [k, sv] of Object.entries(src)) {
    if (!(k in dst)) {
      dst[k] = deepCopy(sv);
      continue;
    }
    const dv = dst[k]!;
    if (dv === null) delete dst[k];
    else if (isTable(dv) && isTable(sv)) coalesceTables(dv, sv);
  }
  // A null the user wrote for a key the chart does not have still means "no such key".
  for (const [k, v] of Object.entries(dst)) if (v === null && !(k in src)) delete dst[k];
  return dst;
}

/** `coalesceGlobals`: the parent's `global` into the subchart's; the parent wins, tables merge. */
export function coalesceGlobals(sub: GoMap, parent: GoMap): void {
  const pg = isTable(parent.global) ? parent.global : {};
  const sg: GoMap = isTable(sub.global) ? sub.global : {};
  for (const [k, v] of Object.entries(pg)) {
    const d = sg[k];
    if (isTable(v)) sg[k] = isTable(d) ? coalesceTables(deepCopy(v) as GoMap, d) : deepCopy(v);
    else sg[k] = deepCopy(v);
  }
  sub.global = sg;
}

/** A path like `a.b` (Helm's condition syntax) read from a table; undefined when any step is missing. */
export function lookupPath(values: GoMap, path: readonly string[]): Value | undefined {
  let cur: Value | undefined = values;
  for (const seg of path) {
    if (!isTable(cur) || !(seg in cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}
