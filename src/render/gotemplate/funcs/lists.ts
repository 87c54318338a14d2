/** Sprig's list functions. Errors use Sprig's wording ("Cannot first on type ..."). */
import { GoStruct, TemplateError, type FuncMap, type Value } from '../types.js';
import { deepEqual, isEmpty, MAX_DEPTH, needInt, toInt64, typeOf } from './values.js';

/** Bound on `until`/`untilStep`/`seq` lengths: Go would allocate any size; a scan must not hang. */
export const MAX_LIST_LENGTH = 1_000_000;

function list(fn: string, v: Value | undefined): Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => BigInt(b));
  throw new TemplateError(`Cannot ${fn} on type ${typeOf(v ?? null)}`);
}

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (step === 0n) return out;
  // Refuse an over-long result before building any of it (a hostile `until 1000000000` fails at once).
  // The count is ceil(span / step); negative when the loop below would not run.
  const span = stop - start;
  const q = span / step;
  const max = BigInt(MAX_LIST_LENGTH);
  if (q > max || (q === max && span % step !== 0n)) throw new TemplateError(`list longer than ${MAX_LIST_LENGTH} items`);
  if (start < stop && step > 0n) {
    for (let i = start; i < stop; i += step) push(out, i);
  } else if (start > stop && step < 0n) {
    for (let i = start; i > stop; i += step) push(out, i);
  }
  return out;
}

function push(out: bigint[], v: bigint): void {
  if (out.length >= MAX_LIST_LENGTH) throw new TemplateError(`list longer than ${MAX_LIST_LENGTH} items`);
  out.push(v);
}

/** Sprig's `seq`: like GNU seq, returns the numbers joined by spaces. */
function seq(args: Value[]): string {
  const n = args.map(toInt64);
  let start = 1n;
  let end: bigint;
  let step: bigint;
  if (n.length === 0) return '';
  if (n.length === 1) {
    end = n[0]!;
    step = end < start ? -1n : 1n;
  } else if (n.length === 2) {
    start = n[0]!;
    end = n[1]!;
    step = end < start ? -1n : 1n;
  } else if (n.length === 3) {
    start = n[0]!;
    step = n[1]!;
    end = n[2]!;
    if ((end < start && step > 0n) || (end > start && step < 0n) || step === 0n) return '';
  } else return '';
  const out = untilStep(start, end + (step > 0n ? 1n : -1n), step);
  return out.join(' ');
}

/** A string equal for two values exactly when reflect.DeepEqual holds (types kept apart: 1 vs 1.0 vs "1"). */
function canonical(v: Value, depth = 0): string {
  if (depth > MAX_DEPTH) throw new TemplateError(`value nested more than ${MAX_DEPTH} levels deep`);
  if (v === null) return 'n';
  switch (typeof v) {
    case 'bigint':
      return `i${v}`;
    case 'number':
      return `f${Object.is(v, -0) ? 0 : v}`;
    case 'boolean':
      return v ? 't' : 'F';
    case 'string':
      return JSON.stringify(v);
  }
  if (v instanceof Uint8Array) return `b[${v.join(',')}]`;
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, depth + 1)).join(',')}]`;
  if (v instanceof GoStruct) return `S${v.typeName}{${Object.entries(v.fields).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x, depth + 1)}`).join(',')}}`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k]!, depth + 1)}`).join(',')}}`;
}

/** Keeps first occurrences (reflect.DeepEqual), through canonical strings so a long list stays linear. */
function uniq(l: Value[]): Value[] {
  const out: Value[] = [];
  const seen = new Set<string>();
  for (const x of l) {
    const key = canonical(x);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(x);
  }
  return out;
}

/** Sprig's `slice list [start [end]]` (indices through cast.ToInt); it replaces text/template's builtin in Helm. */
function sliceList(l: Value[], idx: Value[]): Value[] {
  const n = idx.map((x) => Number(toInt64(x)));
  const a = n[0] ?? 0;
  const b = n[1] ?? l.length;
  if (a < 0 || b > l.length || a > b) throw new TemplateError(`runtime error: slice bounds out of range [${a}:${b}]`);
  return l.slice(a, b);
}

export function listFuncs(): FuncMap {
  const first = (_c: unknown, v: Value) => {
    const l = list('find first', v);
    return l.length === 0 ? null : l[0]!;
  };
  const last = (_c: unknown, v: Value) => {
    const l = list('find last', v);
    return l.length === 0 ? null : l[l.length - 1]!;
  };
  const rest = (_c: unknown, v: Value) => {
    const l = list('find rest', v);
    return l.slice(1);
  };
  const initial = (_c: unknown, v: Value) => {
    const l = list('find initial', v);
    return l.slice(0, -1);
  };
  const append = (_c: unknown, v: Value, x: Value) => [...list('push', v), x];
  const prepend = (_c: unknown, v: Value, x: Value) => [x, ...list('prepend', v)];
  const reverse = (_c: unknown, v: Value) => [...list('find reverse', v)].reverse();
  const uniqF = (_c: unknown, v: Value) => uniq(list('find uniq', v));
  const without = (_c: unknown, v: Value, ...omit: Value[]) => list('find without', v).filter((x) => !omit.some((o) => deepEqual(o, x)));
  const has = (_c: unknown, needle: Value, hay: Value) => (hay === null ? false : list('find has', hay).some((x) => deepEqual(x, needle)));
  const compact = (_c: unknown, v: Value) => list('compact', v).filter((x) => !isEmpty(x));
  const slice = (_c: unknown, v: Value, ...idx: Value[]) => sliceList(list('slice', v), idx);
  const concat = (_c: unknown, ...ls: Value[]) => {
    const out: Value[] = [];
    for (const l of ls) {
      if (!Array.isArray(l) && !(l instanceof Uint8Array)) throw new TemplateError(`Cannot concat type ${typeOf(l)} as list`);
      out.push(...list('concat', l));
    }
    return out;
  };
  return {
    list: (_c, ...args) => args,
    tuple: (_c, ...args) => args,
    first,
    mustFirst: first,
    last,
    mustLast: last,
    rest,
    mustRest: rest,
    initial,
    mustInitial: initial,
    append,
    mustAppend: append,
    push: append,
    mustPush: append,
    prepend,
    mustPrepend: prepend,
    concat,
    reverse,
    mustReverse: reverse,
    uniq: uniqF,
    mustUniq: uniqF,
    without,
    mustWithout: without,
    has,
    mustHas: has,
    compact,
    mustCompact: compact,
    slice,
    mustSlice: slice,
    until: (_c, n) => {
      const c = needInt('until', n);
      return untilStep(0n, c, c < 0n ? -1n : 1n);
    },
    untilStep: (_c, a, b, s) => untilStep(needInt('untilStep', a), needInt('untilStep', b), needInt('untilStep', s)),
    seq: (_c, ...args) => seq(args),
  };
}
