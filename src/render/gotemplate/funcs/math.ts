/**
 * Sprig's integer math (cast.ToInt64 of every operand, int64 results with Go's wrap-around),
 * float math (`addf`..., float64 results), rounding, and the conversions `int`, `int64`,
 * `float64`, `atoi`, `toDecimal`.
 */
import { TemplateError, type FuncMap, type Value } from '../types.js';
import { needString, parseGoFloat, parseGoInt, toFloat64, toInt64, wrap64 } from './values.js';

/** cast (v1.5) strips a trailing ".0…" before parsing a string as an integer: "10.0" is 10. */
function castInt(v: Value): bigint {
  if (typeof v === 'string') {
    let s = v;
    const dot = s.lastIndexOf('.');
    if (dot > 0 && s.slice(dot + 1).length > 0 && [...s.slice(dot + 1)].every((c) => c === '0')) s = s.slice(0, dot);
    return parseGoInt(s) ?? 0n;
  }
  return toInt64(v);
}

function intDiv(a: bigint, b: bigint, op: string): bigint {
  if (b === 0n) throw new TemplateError('runtime error: integer divide by zero');
  return wrap64(op === '/' ? a / b : a % b);
}

/** math.Round (half away from zero) to `p` decimals, with Sprig's round-half threshold `r` (default .5). */
function round(a: number, p: number, r = 0.5): number {
  const pow = Math.pow(10, p);
  const digit = pow * a;
  const i = Math.trunc(digit);
  const frac = Math.abs(digit - i);
  const rounded = frac >= r ? (digit >= 0 ? i + 1 : i - 1) : i;
  return rounded / pow;
}

/** A shopspring/decimal value: coefficient × 10^exp. */
interface Dec {
  c: bigint;
  e: number;
}

/** decimal.NewFromFloat: the shortest decimal that reads back as f (what JS's String gives). */
function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new TemplateError(`Cannot create a Decimal from ${f}`);
  const [mant, ex] = f.toExponential().split('e') as [string, string];
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const fracLen = digits.length - 1;
  const c = BigInt(digits) * (neg ? -1n : 1n);
  return { c, e: Number(ex) - fracLen };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.c * 10n ** BigInt(a.e - e), b.c * 10n ** BigInt(b.e - e), e];
}

function decToFloat(d: Dec): number {
  return Number(`${d.c}e${d.e}`);
}

/** Decimal.Div: 16 fractional digits, rounded half away from zero. */
function decDiv(a: Dec, b: Dec): Dec {
  if (b.c === 0n) throw new TemplateError('decimal division by 0');
  const scale = 16;
  // a/b = (a.c / b.c) × 10^(a.e - b.e); compute with scale+1 digits, then round.
  const shift = scale + 1 + b.e - a.e;
  let num = a.c;
  let den = b.c;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  let q = num / den;
  const neg = q < 0n;
  if (neg) q = -q;
  q = (q + 5n) / 10n;
  return { c: neg ? -q : q, e: -scale };
}

const decOps: Record<string, (a: Dec, b: Dec) => Dec> = {
  add: (a, b) => {
    const [x, y, e] = align(a, b);
    return { c: x + y, e };
  },
  sub: (a, b) => {
    const [x, y, e] = align(a, b);
    return { c: x - y, e };
  },
  mul: (a, b) => ({ c: a.c * b.c, e: a.e + b.e }),
  div: decDiv,
};

/** Sprig's execDecimalOp: operands through cast.ToFloat64 and decimal.NewFromFloat, exact arithmetic, Float64() at the end. */
function decimalFold(vals: Value[], op: string): number {
  const nums = vals.map((v) => decFromFloat(toFloat64(v)));
  if (nums.length === 0) return 0;
  return decToFloat(nums.slice(1).reduce(decOps[op]!, nums[0]!));
}

export function mathFuncs(): FuncMap {
  return {
    add: (_c, ...args) => args.reduce<bigint>((s, a) => wrap64(s + castInt(a)), 0n),
    add1: (_c, a) => wrap64(castInt(a) + 1n),
    sub: (_c, a, b) => wrap64(castInt(a) - castInt(b)),
    mul: (_c, a, ...rest) => rest.reduce<bigint>((s, x) => wrap64(s * castInt(x)), castInt(a)),
    div: (_c, a, b) => intDiv(castInt(a), castInt(b), '/'),
    mod: (_c, a, b) => intDiv(castInt(a), castInt(b), '%'),
    max: (_c, a, ...rest) => rest.reduce<bigint>((m, x) => (castInt(x) > m ? castInt(x) : m), castInt(a)),
    min: (_c, a, ...rest) => rest.reduce<bigint>((m, x) => (castInt(x) < m ? castInt(x) : m), castInt(a)),
    addf: (_c, ...args) => decimalFold([0, ...args], 'add'),
    add1f: (_c, a) => decimalFold([a, 1], 'add'),
    subf: (_c, a, ...rest) => decimalFold([a, ...rest], 'sub'),
    mulf: (_c, a, ...rest) => decimalFold([a, ...rest], 'mul'),
    divf: (_c, a, ...rest) => decimalFold([a, ...rest], 'div'),
    maxf: (_c, a, ...rest) => Math.max(toFloat64(a), ...rest.map(toFloat64)),
    minf: (_c, a, ...rest) => Math.min(toFloat64(a), ...rest.map(toFloat64)),
    floor: (_c, a) => Math.floor(toFloat64(a)),
    ceil: (_c, a) => Math.ceil(toFloat64(a)),
    round: (_c, a, p, r) => round(toFloat64(a), Number(castInt(p ?? 0n)), r === undefined ? 0.5 : toFloat64(r)),
    int: (_c, v) => castInt(v ?? null),
    int64: (_c, v) => castInt(v ?? null),
    float64: (_c, v) => {
      if (typeof v === 'string') return parseGoFloat(v) ?? 0;
      return toFloat64(v ?? null);
    },
    atoi: (_c, s) => {
      const str = needString('atoi', s);
      let i = 0;
      if (str[0] === '+' || str[0] === '-') i = 1;
      if (i >= str.length || ![...str.slice(i)].every((c) => c >= '0' && c <= '9')) return 0n;
      const n = BigInt(str);
      return n === wrap64(n) ? n : 0n;
    },
    toDecimal: (_c, v) => {
      const s = typeof v === 'string' ? v : String(toInt64(v ?? null));
      if (s.length === 0 || ![...s].every((c) => c >= '0' && c <= '7')) return 0n;
      return wrap64(BigInt('0o' + s));
    },
    biggest: (_c, a, ...rest) => rest.reduce<bigint>((m, x) => (castInt(x) > m ? castInt(x) : m), castInt(a)),
  };
}
