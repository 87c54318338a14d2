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

/** Go's float64 sum as shopspring/decimal gives it for ordinary values (exact decimal arithmetic, then Float64()). */
function decimalFold(vals: Value[], op: (a: number, b: number) => number): number {
  const nums = vals.map(toFloat64);
  if (nums.length === 0) return 0;
  return nums.slice(1).reduce((acc, x) => Number(op(acc, x).toPrecision(15)), nums[0]!);
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
    addf: (_c, ...args) => decimalFold(args, (a, b) => a + b),
    add1f: (_c, a) => decimalFold([a, 1], (x, y) => x + y),
    subf: (_c, a, ...rest) => decimalFold([a, ...rest], (x, y) => x - y),
    mulf: (_c, a, ...rest) => decimalFold([a, ...rest], (x, y) => x * y),
    divf: (_c, a, ...rest) => {
      if (rest.some((x) => toFloat64(x) === 0)) throw new TemplateError('decimal division by 0');
      return decimalFold([a, ...rest], (x, y) => x / y);
    },
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
