/**
 * Sprig's dict functions. Go map iteration order is random; `keys`, `values` and `pluck` over
 * several maps return keys in sorted order here (deterministic; charts sort with `sortAlpha` anyway).
 */
import { TemplateError, type FuncMap, type GoMap, type Value } from '../types.js';
import { deepCopy, hasOwn, isEmpty, isMap, MAX_DEPTH, needMap, needString, newMap, put, strval, typeOf } from './values.js';

/**
 * mergo's deep merge as Sprig's `merge` (overwrite=false) and `mergeOverwrite` (overwrite=true) call it:
 * nested maps merge; without overwrite a destination value is kept unless it is empty (Go zero:
 * false, 0, "", nil, empty list/map) — so `merge` replaces a `false`; with overwrite every source
 * value wins except a map or list over a non-empty non-map destination value.
 */
export function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean, depth = 0): void {
  if (depth > MAX_DEPTH) throw new TemplateError('merge: maps nested too deeply');
  for (const k of Object.keys(src)) {
    const s = src[k]!;
    const present = hasOwn(dst, k);
    const d = present ? dst[k]! : null;
    if (s === null) {
      if (overwrite) put(dst, k, null);
      continue;
    }
    if (isMap(s) && isMap(d)) {
      mergeInto(d, s, overwrite, depth + 1);
      continue;
    }
    const composite = isMap(s) || Array.isArray(s);
    if (present && !isEmpty(d) && composite && !(Array.isArray(s) && overwrite && Array.isArray(d))) continue;
    if (overwrite || !present || isEmpty(d)) put(dst, k, s);
  }
}

/** Sprig's `dig`: keys..., default, map. */
function dig(args: Value[]): Value {
  if (args.length < 3) throw new TemplateError('dig needs at least three arguments');
  const m = args[args.length - 1]!;
  const def = args[args.length - 2]!;
  const keys = args.slice(0, -2).map((k) => needString('dig', k));
  let cur: Value = needMap('dig', m);
  for (let i = 0; i < keys.length; i++) {
    if (!isMap(cur)) throw new TemplateError(`interface conversion: interface {} is ${typeOf(cur)}, not map[string]interface {}`);
    if (!hasOwn(cur, keys[i]!)) return def;
    cur = cur[keys[i]!]!;
  }
  return cur;
}

function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function dictFuncs(): FuncMap {
  const merge = (overwrite: boolean) => (_c: unknown, dst: Value, ...srcs: Value[]) => {
    const d = needMap(overwrite ? 'mergeOverwrite' : 'merge', dst);
    for (const s of srcs) mergeInto(d, needMap(overwrite ? 'mergeOverwrite' : 'merge', s), overwrite);
    return d;
  };
  return {
    dict: (_c, ...args) => {
      const m = newMap();
      for (let i = 0; i < args.length; i += 2) put(m, strval(args[i]!), i + 1 < args.length ? args[i + 1]! : '');
      return m;
    },
    get: (_c, m, k) => {
      const d = needMap('get', m);
      const key = needString('get', k);
      return hasOwn(d, key) ? d[key]! : '';
    },
    set: (_c, m, k, v) => {
      const d = needMap('set', m);
      put(d, needString('set', k), v ?? null);
      return d;
    },
    unset: (_c, m, k) => {
      const d = needMap('unset', m);
      delete d[needString('unset', k)];
      return d;
    },
    hasKey: (_c, m, k) => hasOwn(needMap('hasKey', m), needString('hasKey', k)),
    pluck: (_c, k, ...ms) => {
      const key = needString('pluck', k);
      return ms.map((m) => needMap('pluck', m)).filter((m) => hasOwn(m, key)).map((m) => m[key]!);
    },
    keys: (_c, ...ms) => ms.flatMap((m) => sortedKeys(needMap('keys', m))),
    values: (_c, m) => {
      const d = needMap('values', m);
      return sortedKeys(d).map((k) => d[k]!);
    },
    pick: (_c, m, ...ks) => {
      const d = needMap('pick', m);
      const out = newMap();
      for (const k of ks) {
        const key = needString('pick', k);
        if (hasOwn(d, key)) put(out, key, d[key]!);
      }
      return out;
    },
    omit: (_c, m, ...ks) => {
      const d = needMap('omit', m);
      const drop = new Set(ks.map((k) => needString('omit', k)));
      const out = newMap();
      for (const k of Object.keys(d)) if (!drop.has(k)) put(out, k, d[k]!);
      return out;
    },
    dig: (_c, ...args) => dig(args),
    merge: merge(false),
    mustMerge: merge(false),
    mergeOverwrite: merge(true),
    mustMergeOverwrite: merge(true),
    deepCopy: (_c, v) => {
      if (v === null || v === undefined) throw new TemplateError('copy: nil value');
      return deepCopy(v);
    },
    mustDeepCopy: (_c, v) => {
      if (v === null || v === undefined) throw new TemplateError('copy: nil value');
      return deepCopy(v);
    },
  };
}
