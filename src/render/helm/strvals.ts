/**
 * Helm's `--set` syntax (helm.sh/helm/v3/pkg/strvals): `a.b=c,d[0]=e,f={x,y}`,
 * `\,` `\.` `\=` `\[` escape, `null` deletes. With `--set` a value is typed as
 * Helm types it — `true`/`false` bool, `null` nil, an integer without a leading
 * zero int64 (a bigint here, unlike values files), anything else a string;
 * `--set-string` keeps every value a string. One left-to-right pass: linear.
 */
import type { GoMap, Value } from '../gotemplate/types.js';
import { isTable } from './values.js';

export class StrvalsError extends Error {}

/** Largest list index `a[N]=x` may create (Helm caps it too, so a hostile `a[99999999]` cannot allocate). */
const MAX_INDEX = 65536;

export function parseSet(expr: string, into: GoMap = {}, asString = false): GoMap {
  let i = 0;
  const n = expr.length;
  const readUntil = (stops: string): { text: string; stop: string } => {
    let text = '';
    while (i < n) {
      const c = expr[i]!;
      if (c === '\\' && i + 1 < n) {
        text += expr[i + 1];
        i += 2;
        continue;
      }
      if (stops.includes(c)) {
        i++;
        return { text, stop: c };
      }
      text += c;
      i++;
    }
    return { text, stop: '' };
  };
  const typed = (raw: string): Value => {
    if (asString) return raw;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (raw === 'null') return null;
    if (raw === '0') return 0n;
    if (/^-?[1-9]\d{0,18}$/.test(raw)) {
      const b = BigInt(raw);
      if (b <= 9223372036854775807n && b >= -9223372036854775808n) return b;
    }
    return raw;
  };
  while (i < n) {
    // One assignment: a key path, `=`, a value or `{list}`; then `,` or the end.
    const path: (string | number)[] = [];
    for (;;) {
      const { text, stop } = readUntil('.[=,');
      if (stop === '[') {
        if (text !== '') path.push(text);
        const idx = readUntil(']');
        if (!/^\d{1,6}$/.test(idx.text) || Number(idx.text) > MAX_INDEX) throw new StrvalsError(`--set ${expr}: list index "${idx.text}" is not a number up to ${MAX_INDEX}`);
        path.push(Number(idx.text));
        const next = expr[i];
        if (next === '.') { i++; continue; }
        if (next === '[') continue;
        if (next === '=') { i++; break; }
        throw new StrvalsError(`--set ${expr}: expected "=" after ${path.join('.')}`);
      }
      if (stop === '.') {
        if (text === '') throw new StrvalsError(`--set ${expr}: empty key`);
        path.push(text);
        continue;
      }
      if (stop === '=') {
        if (text !== '') path.push(text);
        break;
      }
      // `a` alone, or `a,` : Helm's "key has no value" error.
      throw new StrvalsError(`--set ${expr}: key "${[...path, text].join('.')}" has no value`);
    }
    if (path.length === 0) throw new StrvalsError(`--set ${expr}: empty key`);
    let value: Value;
    if (expr[i] === '{') {
      i++;
      const items: Value[] = [];
      for (;;) {
        const { text, stop } = readUntil(',}');
        if (text !== '' || stop === ',') items.push(typed(text));
        if (stop === '}' ) break;
        if (stop === '') throw new StrvalsError(`--set ${expr}: list is not closed with "}"`);
      }
      value = items;
      if (i < n) {
        if (expr[i] !== ',') throw new StrvalsError(`--set ${expr}: expected "," after the list`);
        i++;
      }
    } else {
      value = typed(readUntil(',').text);
    }
    assign(into, path, value);
  }
  return into;
}

function assign(root: GoMap, path: readonly (string | number)[], value: Value): void {
  let cur: GoMap | Value[] = root;
  for (let k = 0; k < path.length; k++) {
    const seg = path[k]!;
    const last = k === path.length - 1;
    const nextIsIndex = !last && typeof path[k + 1] === 'number';
    if (typeof seg === 'number') {
      const list = cur as Value[];
      while (list.length <= seg) list.push(null);
      if (last) list[seg] = value;
      else {
        const existing: Value = list[seg]!;
        const child = nextIsIndex ? (Array.isArray(existing) ? existing : []) : isTable(existing) ? existing : {};
        list[seg] = child;
        cur = child;
      }
      continue;
    }
    const map = cur as GoMap;
    if (last) {
      map[seg] = value;
    } else if (nextIsIndex) {
      const existing = map[seg];
      const child: Value[] = Array.isArray(existing) ? existing : [];
      map[seg] = child;
      cur = child;
    } else {
      const existing = map[seg];
      const child: GoMap = isTable(existing) ? existing : {};
      map[seg] = child;
      cur = child;
    }
  }
}
