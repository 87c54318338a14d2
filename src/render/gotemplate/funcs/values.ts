/**
 * Go value helpers shared by the function families: Go's type names, Sprig's notion of empty,
 * spf13/cast conversions and Sprig's `strval`. See ../types.ts for the value representation.
 */
import { GoStruct, TemplateError, type GoMap, type Value } from '../types.js';
import { formatV } from '../format.js';

export { isMap } from '../values.js';
import { isMap } from '../values.js';

/** Go's reflect Kind name of a value (`kindOf`, `kindIs`). A bigint is reported as `int` (template literals, `len`). */
export function kindOf(v: Value): string {
  if (v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'string':
      return 'string';
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoStruct) return 'struct';
  return 'map';
}

/** Go's `%T` of a value (`typeOf`, `typeIs`, error messages). */
export function typeOf(v: Value): string {
  if (v === null) return '<nil>';
  if (v instanceof Uint8Array) return '[]uint8';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoStruct) return v.typeName;
  if (isMap(v)) return 'map[string]interface {}';
  return kindOf(v);
}

/** Sprig's `empty`: nil, false, 0, "", and empty lists/maps; structs are never empty. */
export function isEmpty(v: Value | undefined): boolean {
  if (v === undefined || v === null) return true;
  switch (typeof v) {
    case 'boolean':
      return !v;
    case 'bigint':
      return v === 0n;
    case 'number':
      return v === 0;
    case 'string':
      return v.length === 0;
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoStruct) return false;
  return Object.keys(v).length === 0;
}

/** Sprig's `strval`: strings as they are, []byte as text, everything else through fmt's %v. */
export function strval(v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return formatV(v);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Wraps to int64 as Go's integer arithmetic does. */
export function wrap64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/** Go's float64 → int64 conversion for values in range; out of range Go is implementation-defined (amd64: MinInt64). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f)) return INT64_MIN;
  const t = Math.trunc(f);
  const b = BigInt(t);
  return b < INT64_MIN || b > INT64_MAX ? INT64_MIN : b;
}

/**
 * spf13/cast ToInt64 (what Sprig's math and `int`/`int64` use): numbers truncate, bools are 0/1,
 * strings parse as Go integer literals (base prefix allowed, like strconv.ParseInt(s, 0, 0)),
 * anything else (and unparsable strings) is 0.
 */
export function toInt64(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return floatToInt64(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return parseGoInt(v) ?? 0n;
  return 0n;
}

/** strconv.ParseInt(s, 0, 64): optional sign, 0x/0o/0b/0 prefixes, underscores only with a prefix. */
export function parseGoInt(s: string): bigint | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  let body = s.slice(i);
  let base = 10;
  let prefixed = false;
  const p = body.slice(0, 2).toLowerCase();
  if (p === '0x' || p === '0o' || p === '0b') {
    base = p === '0x' ? 16 : p === '0o' ? 8 : 2;
    body = body.slice(2);
    prefixed = true;
  } else if (body.length > 1 && body[0] === '0') {
    base = 8;
    body = body.slice(1);
    prefixed = true;
  }
  if (prefixed) body = body.replaceAll('_', '');
  if (body.length === 0) return undefined;
  let n = 0n;
  const B = BigInt(base);
  for (const ch of body) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    n = n * B + BigInt(d);
  }
  if (neg) n = -n;
  if (n < INT64_MIN || n > INT64_MAX) return undefined;
  return n;
}

/** spf13/cast ToFloat64: numbers as they are, bools 0/1, strings via strconv.ParseFloat, else 0. */
export function toFloat64(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseGoFloat(v) ?? 0;
  return 0;
}

/** strconv.ParseFloat(s, 64) for decimal and special forms; a character check so no regex is needed. */
export function parseGoFloat(s: string): number | undefined {
  const t = s.replaceAll('_', '');
  const lower = t.toLowerCase();
  const unsigned = lower[0] === '+' || lower[0] === '-' ? lower.slice(1) : lower;
  if (unsigned === 'inf' || unsigned === 'infinity') return lower[0] === '-' ? -Infinity : Infinity;
  if (unsigned === 'nan') return NaN;
  if (unsigned.length === 0) return undefined;
  let digits = 0;
  let seenDot = false;
  let seenE = false;
  for (let i = 0; i < unsigned.length; i++) {
    const c = unsigned[i]!;
    if (c >= '0' && c <= '9') digits++;
    else if (c === '.' && !seenDot && !seenE) seenDot = true;
    else if (c === 'e' && !seenE && digits > 0) {
      seenE = true;
      if (unsigned[i + 1] === '+' || unsigned[i + 1] === '-') i++;
      if (i + 1 >= unsigned.length) return undefined;
    } else if (unsigned.startsWith('0x')) return Number.isNaN(Number(t)) ? undefined : Number(t);
    else return undefined;
  }
  if (digits === 0) return undefined;
  return Number(t);
}

/** The argument must be a Go string (text/template converts nothing for a string parameter). */
export function needString(fn: string, v: Value | undefined): string {
  if (typeof v === 'string') return v;
  throw wrongType(fn, 'string', v ?? null);
}

/** The argument must be a Go int parameter: text/template accepts ints only, never float64 or strings. */
export function needInt(fn: string, v: Value | undefined): bigint {
  if (typeof v === 'bigint') return v;
  throw wrongType(fn, 'int', v ?? null);
}

export function needBool(fn: string, v: Value | undefined): boolean {
  if (typeof v === 'boolean') return v;
  throw wrongType(fn, 'bool', v ?? null);
}

export function needMap(fn: string, v: Value | undefined): GoMap {
  if (isMap(v ?? null)) return v as GoMap;
  throw wrongType(fn, 'map[string]interface {}', v ?? null);
}

export function wrongType(_fn: string, expected: string, v: Value): TemplateError {
  if (v === null) return new TemplateError(`invalid value; expected ${expected}`);
  return new TemplateError(`wrong type for value; expected ${expected}; got ${typeOf(v)}`);
}

/** A list argument for Sprig's list functions ([]interface{} or []byte); other types are Go's "Cannot X on type Y". */
export function asList(fn: string, v: Value): Value[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => BigInt(b));
  if (v === null) return undefined;
  throw new TemplateError(`Cannot ${fn} on type ${typeOf(v)}`);
}

/** Nesting bound for every recursive walk over values: deeper data is an error, not a stack overflow. */
export const MAX_DEPTH = 1000;

function tooDeep(depth: number): void {
  if (depth > MAX_DEPTH) throw new TemplateError(`value nested more than ${MAX_DEPTH} levels deep`);
}

/** Deep copy of data (Sprig's `deepCopy` through copystructure): maps and lists copied, scalars shared. */
export function deepCopy(v: Value, depth = 0): Value {
  tooDeep(depth);
  if (Array.isArray(v)) return v.map((x) => deepCopy(x, depth + 1));
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (isMap(v)) {
    const out = newMap();
    for (const k of Object.keys(v)) put(out, k, deepCopy(v[k]!, depth + 1));
    return out;
  }
  return v;
}

/** Go's reflect.DeepEqual on template values (`has`, `uniq`, `without`). */
export function deepEqual(a: Value, b: Value, depth = 0): boolean {
  tooDeep(depth);
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!, depth + 1));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k]!, b[k]!, depth + 1));
  }
  return false;
}

/** A fresh map: a plain object, as the engine prints and ranges over them. */
export function newMap(): GoMap {
  return {};
}

/** m[k] = v, also for the key `__proto__` (plain assignment would replace the object's prototype). */
export function put(m: GoMap, k: string, v: Value): void {
  if (k === '__proto__') Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  else m[k] = v;
}

export function hasOwn(m: GoMap, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, k);
}
