/**
 * Go's fmt for template values: `print`, `printf`, `println`, and what `{{ . }}` prints.
 * Follows fmt/print.go and fmt/format.go for our Value model (bigint = int, number = float64):
 * verbs %v %s %d %q %x %X %o %O %b %e %E %f %F %g %G %t %T %c %U with width, precision and the
 * flags `-+# 0`; `%!d(string=x)` for a verb that does not fit, `%!v(MISSING)`, `%!(EXTRA ...)`.
 * Floats are formatted from their exact binary value with round-half-even, as strconv does.
 */
import { GoStruct, type Value } from './types.js';
import { goTypeName, isMap } from './values.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  wid?: number;
  prec?: number;
  /** %+v on structs: field names. */
  plusV: boolean;
}

const NOFLAGS: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false };

/** fmt.Sprint(args...): %v of each, a space between operands when neither is a string. */
export function sprint(...args: Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(a);
  });
  return out;
}

/** fmt.Sprintln(args...): operands always separated by a space, newline appended. */
export function sprintln(...args: Value[]): string {
  return args.map(formatV).join(' ') + '\n';
}

/** %v of one value, as fmt.Sprint prints it (nil is "<nil>"; the engine prints "<no value>" itself). */
export function formatV(v: Value): string {
  return printArg(v, 'v', NOFLAGS, 0);
}

/** fmt.Sprintf(format, args...). */
export function sprintf(format: string, ...args: Value[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  const n = format.length;
  /** The first ']' at or after the current '[' (kept across directives so scanning stays linear). */
  let nextClose = -1;
  let i = 0;
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct === -1) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { ...NOFLAGS };
    // Flags.
    flags: while (i < n) {
      switch (format[i]) {
        case '#': f.sharp = true; break;
        case '0': f.zero = !f.minus; break;
        case '+': f.plus = true; break;
        case '-': f.minus = true; f.zero = false; break;
        case ' ': f.space = true; break;
        default: break flags;
      }
      i++;
    }
    // Argument index [n]: Go's argNumber; a bad or out-of-range index prints %!v(BADINDEX).
    let goodArgNum = true;
    const argIndex = (): void => {
      if (format[i] !== '[') return;
      reordered = true;
      if (nextClose < i) nextClose = format.indexOf(']', i);
      if (nextClose === -1) nextClose = n; // no ']' anywhere after here: never search again
      if (n - i < 3 || nextClose >= n) {
        goodArgNum = false;
        i++;
        return;
      }
      const digits = format.slice(i + 1, nextClose);
      const idx = digits !== '' && allDigits(digits) ? Number(digits) - 1 : -1;
      if (idx >= 0 && idx < args.length) argNum = idx;
      else goodArgNum = false;
      i = nextClose + 1;
    };
    argIndex();
    // Width.
    let badWidth = false;
    if (format[i] === '*') {
      i++;
      const w = args[argNum++];
      if (typeof w === 'bigint') {
        f.wid = Number(w);
        if (f.wid < 0) {
          f.minus = true;
          f.zero = false;
          f.wid = -f.wid;
        }
      } else badWidth = true;
    } else {
      const s = i;
      while (i < n && format.charCodeAt(i) >= 48 && format.charCodeAt(i) <= 57) i++;
      if (i > s) f.wid = Number(format.slice(s, i));
    }
    // Precision.
    let badPrec = false;
    if (format[i] === '.') {
      i++;
      argIndex();
      if (format[i] === '*') {
        i++;
        const p = args[argNum++];
        if (typeof p === 'bigint' && p >= 0n) f.prec = Number(p);
        else badPrec = true;
      } else {
        const s = i;
        while (i < n && format.charCodeAt(i) >= 48 && format.charCodeAt(i) <= 57) i++;
        f.prec = i > s ? Number(format.slice(s, i)) : 0;
      }
    }
    argIndex();
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const cp = format.codePointAt(i)!;
    const verb = String.fromCodePoint(cp);
    i += verb.length;
    if (badWidth) out += '%!(BADWIDTH)';
    if (badPrec) out += '%!(BADPREC)';
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argNum++]!;
    f.plusV = verb === 'v' && f.plus;
    if (f.plusV) f.plus = false;
    // %#v is Go syntax (Go clears sharp and sets sharpV for 'v').
    out += verb === 'v' && f.sharp ? pad(goSyntax(arg, true), f) : printArg(arg, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => (a === null ? '<nil>' : `${goTypeName(a)}=${formatV(a)}`)).join(', ') + ')';
  }
  return out;
}

// --- one operand ------------------------------------------------------------------------------

function printArg(v: Value, verb: string, f: Flags, depth: number): string {
  if (v === null) {
    if (depth > 0 || verb === 'v' || verb === 'T') return pad('<nil>', f);
    return badVerb(v, verb, f);
  }
  if (verb === 'T') return pad(goTypeName(v), f);
  switch (typeof v) {
    case 'boolean':
      return verb === 't' || verb === 'v' ? pad(String(v), f) : badVerb(v, verb, f);
    case 'bigint':
      return fmtInteger(v, verb, f) ?? badVerb(v, verb, f);
    case 'number':
      return fmtFloat(v, verb, f) ?? badVerb(v, verb, f);
    case 'string':
      return fmtString(v, verb, f) ?? badVerb(v, verb, f);
  }
  if (v instanceof Uint8Array) {
    if (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') {
      return fmtString(new TextDecoder().decode(v), verb, f) ?? badVerb(v, verb, f);
    }
    return '[' + Array.from(v, (b) => printArg(BigInt(b), verb, f, depth + 1)).join(' ') + ']';
  }
  if (Array.isArray(v)) return '[' + v.map((e) => printArg(e, verb, f, depth + 1)).join(' ') + ']';
  if (v instanceof GoStruct) {
    const parts = Object.entries(v.fields).map(([k, e]) => (f.plusV ? `${k}:` : '') + printArg(e, verb, f, depth + 1));
    return '{' + parts.join(' ') + '}';
  }
  if (isMap(v)) {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return 'map[' + keys.map((k) => `${printArg(k, verb, f, depth + 1)}:${printArg(v[k] ?? null, verb, f, depth + 1)}`).join(' ') + ']';
  }
  return badVerb(v, verb, f);
}

/** %#v of our values: their Go types are int, float64, string, bool, []interface {}, map[string]interface {}. */
function goSyntax(v: Value, top: boolean): string {
  if (v === null) return top ? '<nil>' : 'interface {}(nil)';
  switch (typeof v) {
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'number':
      return printArg(v, 'v', NOFLAGS, 0);
    case 'string':
      return quote(v);
  }
  if (v instanceof Uint8Array) return '[]byte{' + Array.from(v, (b) => '0x' + b.toString(16)).join(', ') + '}';
  if (Array.isArray(v)) return '[]interface {}{' + v.map((e) => goSyntax(e, false)).join(', ') + '}';
  if (isMap(v)) {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return 'map[string]interface {}{' + keys.map((k) => `${quote(k)}:${goSyntax(v[k] ?? null, false)}`).join(', ') + '}';
  }
  // Typed structs (Capabilities, Files ...) have Go names we do not model: print them as %v does.
  return printArg(v, 'v', NOFLAGS, 0);
}

function badVerb(v: Value, verb: string, f: Flags): string {
  if (v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${printArg(v, 'v', f, 0)})`;
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c >= 0xdc00) n++;
  }
  return n;
}

/** fmt.pad: width counted in runes; zero padding on the left when asked for. */
function pad(s: string, f: Flags): string {
  if (f.wid === undefined) return s;
  const n = f.wid - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  return (f.zero ? '0' : ' ').repeat(n) + s;
}

// --- integers ---------------------------------------------------------------------------------

function fmtInteger(v: bigint, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case 'v':
    case 'd':
      return integer(v, 10, verb, f, false);
    case 'b':
      return integer(v, 2, verb, f, false);
    case 'o':
    case 'O':
      return integer(v, 8, verb, f, false);
    case 'x':
      return integer(v, 16, verb, f, false);
    case 'X':
      return integer(v, 16, verb, f, true);
    case 'c':
      return pad(runeString(v), f);
    case 'q':
      return pad(quoteRune(v, f.plus), f);
    case 'U': {
      // Go formats the rune as a uint64: a negative value shows its two's complement.
      const hex = (v < 0n ? v + (1n << 64n) : v).toString(16).toUpperCase();
      let s = 'U+' + hex.padStart(f.prec !== undefined ? Math.max(f.prec, 4) : 4, '0');
      if (f.sharp && v >= 0n && v <= 0x10ffffn && isPrint(Number(v))) s += ` '${String.fromCodePoint(Number(v))}'`;
      return pad(s, { ...f, zero: false });
    }
  }
  return undefined;
}

function allDigits(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) < 48 || s.charCodeAt(k) > 57) return false;
  return true;
}

function integer(v: bigint, base: number, verb: string, f: Flags, upper: boolean): string {
  const negative = v < 0n;
  const u = negative ? -v : v;
  let prec = 0;
  if (f.prec !== undefined) {
    prec = f.prec;
    if (prec === 0 && u === 0n) return f.wid !== undefined ? ' '.repeat(f.wid) : '';
  } else if (f.zero && f.wid !== undefined && !f.minus) {
    prec = f.wid;
    if (negative || f.plus || f.space) prec--;
  }
  let digits = u.toString(base);
  if (upper) digits = digits.toUpperCase();
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  if (f.sharp) {
    if (base === 2) digits = '0b' + digits;
    else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
    else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  if (negative) digits = '-' + digits;
  else if (f.plus) digits = '+' + digits;
  else if (f.space) digits = ' ' + digits;
  return pad(digits, { ...f, zero: false });
}

function runeString(v: bigint): string {
  const n = Number(v);
  if (v < 0n || v > 0x10ffffn || (n >= 0xd800 && n < 0xe000)) return '\ufffd';
  return String.fromCodePoint(n);
}

// --- strings ----------------------------------------------------------------------------------

function fmtString(s: string, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case 'v':
    case 's':
      return pad(truncate(s, f.prec), f);
    case 'q':
      if (f.sharp && canBackquote(s)) return pad('`' + s + '`', f);
      return pad(quote(truncate(s, f.prec), f.plus), f);
    case 'x':
    case 'X': {
      let bytes = new TextEncoder().encode(s);
      if (f.prec !== undefined && f.prec < bytes.length) bytes = bytes.slice(0, f.prec);
      const parts: string[] = [];
      for (const b of bytes) {
        let h = b.toString(16).padStart(2, '0');
        if (verb === 'X') h = h.toUpperCase();
        if (f.sharp && (f.space || parts.length === 0)) h = (verb === 'X' ? '0X' : '0x') + h;
        parts.push(h);
      }
      return pad(parts.join(f.space ? ' ' : ''), f);
    }
  }
  return undefined;
}

function truncate(s: string, prec: number | undefined): string {
  if (prec === undefined) return s;
  let out = '';
  let n = 0;
  for (const c of s) {
    if (n++ >= prec) break;
    out += c;
  }
  return out;
}

function canBackquote(s: string): boolean {
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '`' || c === '\ufffd' || (cp < 0x20 && c !== '\t') || cp === 0x7f) return false;
  }
  return true;
}

/** unicode.IsPrint, approximated: control characters, surrogates and a few format characters are not printable. */
export function isPrint(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
  if (cp === 0xad || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f)) return false;
  if (cp === 0xfeff || (cp >= 0xd800 && cp < 0xe000) || (cp >= 0xfff9 && cp <= 0xfffb)) return false;
  return cp <= 0x10ffff;
}

function escapeRune(cp: number, q: string, ascii = false): string {
  switch (cp) {
    case 7: return '\\a';
    case 8: return '\\b';
    case 12: return '\\f';
    case 10: return '\\n';
    case 13: return '\\r';
    case 9: return '\\t';
    case 11: return '\\v';
    case 92: return '\\\\';
  }
  const c = String.fromCodePoint(cp);
  if (c === q) return '\\' + q;
  if (ascii ? cp < 0x7f && cp >= 0x20 : isPrint(cp)) return c;
  if (cp < 0x80) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** strconv.Quote (QuoteToASCII when `ascii`: %+q). */
export function quote(s: string, ascii = false): string {
  let out = '"';
  for (const c of s) out += escapeRune(c.codePointAt(0)!, '"', ascii);
  return out + '"';
}

function quoteRune(v: bigint, ascii: boolean): string {
  const n = Number(v);
  const cp = v < 0n || v > 0x10ffffn || (n >= 0xd800 && n < 0xe000) ? 0xfffd : n;
  return "'" + escapeRune(cp, "'", ascii) + "'";
}

// --- floats -----------------------------------------------------------------------------------

/** A decimal d1d2...dn × 10^(dp-n): Go's strconv decimal (digits without trailing zeros). */
interface Decimal {
  d: string;
  dp: number;
}

/** The exact decimal value of a finite non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = bexp - 1075;
  }
  let digits: string;
  let dp: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e2)).toString();
    dp = digits.length + e2;
  }
  return trim({ d: digits, dp });
}

function trim(x: Decimal): Decimal {
  let end = x.d.length;
  while (end > 0 && x.d[end - 1] === '0') end--;
  let start = 0;
  while (start < end && x.d[start] === '0') start++;
  return { d: x.d.slice(start, end), dp: x.dp - start };
}

/** Round to nd significant digits, half to even (the digits are exact). */
function round(x: Decimal, nd: number): Decimal {
  if (nd < 0) return { d: '', dp: x.dp };
  if (x.d.length <= nd) return x;
  const next = x.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === x.d.length) up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = next >= 5;
  if (!up) return trim({ d: x.d.slice(0, nd), dp: x.dp });
  // Increment the kept digits.
  const kept = x.d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && kept[i] === '9') {
    kept[i] = '0';
    i--;
  }
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  kept[i] = String.fromCharCode(kept[i]!.charCodeAt(0) + 1);
  return trim({ d: kept.join(''), dp: x.dp });
}

/** Shortest digits that round-trip (what Go's strconv with precision -1 finds; JS gives the same). */
function shortest(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const [m = '', e = '0'] = x.toExponential().split('e');
  return trim({ d: m.replace('.', ''), dp: Number(e) + 1 });
}

function fmtE(digs: Decimal, prec: number, e: string): string {
  let s = digs.d.length ? digs.d[0]! : '0';
  if (prec > 0) {
    s += '.';
    const frac = digs.d.slice(1, 1 + prec);
    s += frac + '0'.repeat(prec - frac.length);
  }
  const exp = digs.d.length === 0 ? 0 : digs.dp - 1;
  const a = Math.abs(exp);
  return s + e + (exp < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a));
}

function fmtF(digs: Decimal, prec: number): string {
  let s: string;
  if (digs.dp > 0) {
    const ip = digs.d.slice(0, digs.dp);
    s = ip + '0'.repeat(digs.dp - ip.length);
  } else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = digs.dp + i - 1;
      s += j >= 0 && j < digs.d.length ? digs.d[j] : '0';
    }
  }
  return s;
}

/** strconv.FormatFloat(x, verb, prec, 64) for |x| (sign handled by the caller). */
function formatFloatAbs(x: number, verb: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', prec: number): string {
  const isShortest = prec < 0;
  let digs: Decimal;
  if (isShortest) {
    digs = shortest(x);
    if (verb === 'e' || verb === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (verb === 'f' || verb === 'F') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    const exact = exactDecimal(x);
    if (verb === 'e' || verb === 'E') digs = round(exact, prec + 1);
    else if (verb === 'f' || verb === 'F') digs = round(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = round(exact, prec);
    }
  }
  switch (verb) {
    case 'e':
    case 'E':
      return fmtE(digs, prec, verb);
    case 'f':
    case 'F':
      return fmtF(digs, prec);
  }
  let eprec = prec;
  if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
  if (isShortest) eprec = 6;
  const exp = digs.dp - 1;
  if (digs.d.length !== 0 && (exp < -4 || exp >= eprec)) {
    if (prec > digs.d.length) prec = digs.d.length;
    return fmtE(digs, prec - 1, verb === 'g' ? 'e' : 'E');
  }
  if (prec > digs.dp) prec = digs.d.length;
  return fmtF(digs, Math.max(prec - digs.dp, 0));
}

const U64 = (1n << 64n) - 1n;

/** strconv's fmtX: hexadecimal mantissa and binary exponent (%x, %X of a float), for |x|. */
function formatHexFloat(x: number, prec: number, upper: boolean): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  exp -= 1023;
  if (mant === 0n) exp = 0;
  mant = (mant << 8n) & U64; // leading 1 at bit 60
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant = (mant << 1n) & U64;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant = (mant << (60n - shift)) & U64;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  let s = (upper ? '0X' : '0x') + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & U64;
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & U64;
    }
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & U64;
    }
  }
  s += upper ? 'P' : 'p';
  s += exp < 0 ? '-' : '+';
  const a = Math.abs(exp);
  return s + (a < 10 ? '0' + a : String(a));
}

function fmtFloat(v: number, verb: string, f: Flags): string | undefined {
  let sv: 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'x' | 'X';
  let prec: number;
  switch (verb) {
    case 'x':
    case 'X':
      sv = verb;
      prec = -1;
      break;
    case 'v':
      sv = 'g';
      prec = -1;
      break;
    case 'g':
    case 'G':
      sv = verb;
      prec = -1;
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      sv = verb;
      prec = 6;
      break;
    default:
      return undefined;
  }
  if (f.prec !== undefined) prec = f.prec;
  let num: string;
  const neg = v < 0 || Object.is(v, -0);
  if (Number.isNaN(v)) num = '+NaN';
  else if (!Number.isFinite(v)) num = neg ? '-Inf' : '+Inf';
  else if (sv === 'x' || sv === 'X') num = (neg ? '-' : '+') + formatHexFloat(Math.abs(v), prec, sv === 'X');
  else num = (neg ? '-' : '+') + formatFloatAbs(Math.abs(v), sv, prec);
  if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return pad(num, { ...f, zero: false });
  }
  if (f.sharp) {
    // %#g keeps trailing zeros and the point; %#e/%#f always have a point.
    if (!num.includes('.') && !num.slice(1).includes('e') && !num.includes('E')) num += '.';
    else if (!num.includes('.')) {
      const e = num.search(/[eE]/);
      num = num.slice(0, e) + '.' + num.slice(e);
    }
  }
  if (f.plus || num[0] !== '+') {
    if (f.zero && f.wid !== undefined && f.wid > num.length && !f.minus) {
      return num[0] + '0'.repeat(f.wid - num.length) + num.slice(1);
    }
    return pad(num, f);
  }
  return pad(num.slice(1), f);
}
