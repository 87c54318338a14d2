/** Sprig's string functions. Go strings are UTF-8 bytes: `trunc` and `substr` count bytes as Sprig does. */
import { TemplateError, type FuncMap, type GoFunc, type Value } from '../types.js';
import { sprintf } from '../format.js';
import { needInt, needString, newMap, strval } from './values.js';

/** Output bound for `repeat`/`indent`: Go would allocate anything; a scan must not. */
export const MAX_STRING_BYTES = 16 * 1024 * 1024;

const enc = new TextEncoder();
const dec = new TextDecoder();

function bytesOf(s: string): Uint8Array {
  return enc.encode(s);
}

function checkSize(fn: string, bytes: number): void {
  if (bytes > MAX_STRING_BYTES) throw new TemplateError(`${fn}: result of ${bytes} bytes exceeds the ${MAX_STRING_BYTES}-byte bound`);
}

/** Go's strconv.IsPrint, approximated: controls (C0, DEL, C1), surrogates and non-characters are not printable. */
function isPrint(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
  if (cp === 0xad || cp === 0xfeff || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f)) return false;
  if (cp === 0xfffe || cp === 0xffff) return false;
  return true;
}

/** Go's strconv.Quote (fmt's %q of a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (isPrint(cp)) out += ch;
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** Sprig's strslice: a list's non-nil items through strval; nil is an empty list; a scalar is a one-item list. */
export function strslice(v: Value): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(strval);
  if (v instanceof Uint8Array) return Array.from(v, (b) => String(b));
  if (v === null) return [];
  return [strval(v)];
}

function goSplit(s: string, sep: string): string[] {
  if (sep === '') return Array.from(s);
  return s.split(sep);
}

/** Go's unicode.IsSpace. */
function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r' || ch === '\u0085' || ch === '\u00a0' || ch === '\u1680' || (ch >= '\u2000' && ch <= '\u200a') || ch === '\u2028' || ch === '\u2029' || ch === '\u202f' || ch === '\u205f' || ch === '\u3000';
}

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  while (a < b && isSpace(chars[a]!)) a++;
  while (b > a && isSpace(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** strings.Trim(s, cutset): strips leading and trailing runes in cutset. */
function trimCutset(s: string, cutset: string): string {
  const set = new Set(Array.from(cutset));
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a]!)) a++;
  while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

function goRepeat(fn: string, s: string, count: bigint): string {
  if (count < 0n) throw new TemplateError('strings: negative Repeat count');
  checkSize(fn, Number(count) * bytesOf(s).length);
  return s.repeat(Number(count));
}

function isLetter(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}
function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** strings.Title's separator rule: ASCII letters, digits and `_` join words; other ASCII and spaces separate. */
function isTitleSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0x7f) return !(isDigit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_');
  if (isLetter(ch)) return false;
  return isSpace(ch);
}

function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isTitleSeparator(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

function untitle(s: string): string {
  let inWord = false;
  let out = '';
  for (const ch of s) {
    out += !inWord && isLetter(ch) ? ch.toLowerCase() : ch;
    inWord = !isSpace(ch);
  }
  return out;
}

/** Splits a name into words at `_`, `-`, spaces and lower→upper case changes (huandu/xstrings' rules, simplified). */
function words(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let prev = '';
  for (const ch of s) {
    if (ch === '_' || ch === '-' || isSpace(ch) || ch === '.') {
      if (cur) out.push(cur);
      cur = '';
    } else {
      const upper = isLetter(ch) && ch === ch.toUpperCase();
      const prevLower = prev !== '' && ((isLetter(prev) && prev === prev.toLowerCase()) || isDigit(prev));
      if (upper && prevLower && cur) {
        out.push(cur);
        cur = '';
      }
      cur += ch;
    }
    prev = ch;
  }
  if (cur) out.push(cur);
  return out;
}

function camelcase(s: string): string {
  // xstrings.ToCamelCase: words split at `_`, each capitalised ("http_server" is "HttpServer").
  return s
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** goutils.Wrap(str, width): breaks lines longer than width at the last space, words longer than width stay whole. */
function wrapText(s: string, width: number, newline = '\n'): string {
  const w = width < 1 ? 1 : width;
  return s
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let cur = '';
      for (const word of line.split(' ')) {
        if (word === '') continue;
        if (cur === '') cur = word;
        else if (cur.length + 1 + word.length <= w) cur += ' ' + word;
        else {
          out.push(cur);
          cur = word;
        }
      }
      out.push(cur);
      return out.join(newline);
    })
    .join('\n');
}

/** Go's strings.ToUpper/ToLower map rune by rune: a rune whose case form is several runes (ß → SS) stays as it is. */
function mapRunes(s: string, f: (c: string) => string): string {
  let out = '';
  for (const ch of s) {
    const m = f(ch);
    out += Array.from(m).length === 1 ? m : ch;
  }
  return out;
}

function bytesSlice(s: string, a: number, b: number): string {
  return dec.decode(bytesOf(s).subarray(a, b));
}

/** Declared apart: a `toString` key in an object literal is contextually typed as Object.prototype's. */
const toStringFunc: GoFunc = (_c, v) => strval(v ?? null);

export function stringFuncs(): FuncMap {
  return {
    quote: (_c, ...args) =>
      args
        .filter((a) => a !== null)
        .map((a) => goQuote(strval(a)))
        .join(' '),
    squote: (_c, ...args) =>
      args
        .filter((a) => a !== null)
        .map((a) => `'${strval(a)}'`)
        .join(' '),
    cat: (_c, ...args) =>
      args
        .filter((a) => a !== null)
        .map((a) => sprintf('%v', a))
        .join(' '),
    trim: (_c, s) => trimSpace(needString('trim', s)),
    trimAll: (_c, cut, s) => trimCutset(needString('trimAll', s), needString('trimAll', cut)),
    trimSuffix: (_c, suf, s) => {
      const str = needString('trimSuffix', s);
      const x = needString('trimSuffix', suf);
      return x !== '' && str.endsWith(x) ? str.slice(0, str.length - x.length) : str;
    },
    trimPrefix: (_c, pre, s) => {
      const str = needString('trimPrefix', s);
      const x = needString('trimPrefix', pre);
      return str.startsWith(x) ? str.slice(x.length) : str;
    },
    trunc: (_c, n, s) => {
      const c = Number(needInt('trunc', n));
      const str = needString('trunc', s);
      const len = bytesOf(str).length;
      if (c < 0 && len + c > 0) return bytesSlice(str, len + c, len);
      if (c >= 0 && len > c) return bytesSlice(str, 0, c);
      return str;
    },
    substr: (_c, a, b, s) => {
      const start = Number(needInt('substr', a));
      const end = Number(needInt('substr', b));
      const str = needString('substr', s);
      const len = bytesOf(str).length;
      const bad = (): never => {
        throw new TemplateError(`runtime error: slice bounds out of range`);
      };
      if (start < 0) return end > len || end < 0 ? bad() : bytesSlice(str, 0, end);
      if (end < 0 || end > len) return start > len ? bad() : bytesSlice(str, start, len);
      return start > end ? bad() : bytesSlice(str, start, end);
    },
    replace: (_c, o, n, s) => {
      const str = needString('replace', s);
      const old = needString('replace', o);
      const nw = needString('replace', n);
      if (old === '') return Array.from(str).join(nw) === '' ? nw : nw + Array.from(str).join(nw) + nw;
      return str.split(old).join(nw);
    },
    contains: (_c, sub, s) => needString('contains', s).includes(needString('contains', sub)),
    hasPrefix: (_c, p, s) => needString('hasPrefix', s).startsWith(needString('hasPrefix', p)),
    hasSuffix: (_c, p, s) => needString('hasSuffix', s).endsWith(needString('hasSuffix', p)),
    upper: (_c, s) => mapRunes(needString('upper', s), (c) => c.toUpperCase()),
    lower: (_c, s) => mapRunes(needString('lower', s), (c) => c.toLowerCase()),
    title: (_c, s) => title(needString('title', s)),
    untitle: (_c, s) => untitle(needString('untitle', s)),
    camelcase: (_c, s) => camelcase(needString('camelcase', s)),
    snakecase: (_c, s) => words(needString('snakecase', s)).map((w) => w.toLowerCase()).join('_'),
    kebabcase: (_c, s) => words(needString('kebabcase', s)).map((w) => w.toLowerCase()).join('-'),
    splitList: (_c, sep, s) => goSplit(needString('splitList', s), needString('splitList', sep)),
    split: (_c, sep, s) => {
      const m = newMap();
      goSplit(needString('split', s), needString('split', sep)).forEach((p, i) => (m[`_${i}`] = p));
      return m;
    },
    splitn: (_c, sep, n, s) => {
      const parts = goSplit(needString('splitn', s), needString('splitn', sep));
      const k = Number(needInt('splitn', n));
      const m = newMap();
      if (k === 0) return m;
      const kept = k > 0 && parts.length > k ? [...parts.slice(0, k - 1), parts.slice(k - 1).join(needString('splitn', sep))] : parts;
      kept.forEach((p, i) => (m[`_${i}`] = p));
      return m;
    },
    join: (_c, sep, v) => strslice(v ?? null).join(needString('join', sep)),
    toString: toStringFunc,
    toStrings: (_c, v) => strslice(v ?? null),
    indent: (_c, n, s) => {
      const str = needString('indent', s);
      const pad = goRepeat('indent', ' ', needInt('indent', n));
      checkSize('indent', str.length * (pad.length + 1));
      return pad + str.split('\n').join('\n' + pad);
    },
    nindent: (_c, n, s) => {
      const str = needString('nindent', s);
      const pad = goRepeat('nindent', ' ', needInt('nindent', n));
      checkSize('nindent', str.length * (pad.length + 1));
      return '\n' + pad + str.split('\n').join('\n' + pad);
    },
    repeat: (_c, n, s) => goRepeat('repeat', needString('repeat', s), needInt('repeat', n)),
    nospace: (_c, s) => Array.from(needString('nospace', s)).filter((ch) => !isSpace(ch)).join(''),
    abbrev: (_c, w, s) => {
      const width = Number(needInt('abbrev', w));
      const str = needString('abbrev', s);
      if (width < 4 || bytesOf(str).length <= width) return str;
      return bytesSlice(str, 0, width - 3) + '...';
    },
    abbrevboth: (_c, l, r, s) => {
      const str = needString('abbrevboth', s);
      const left = Number(needInt('abbrevboth', l));
      const width = Number(needInt('abbrevboth', r));
      if (width < 4 || str.length <= width) return str;
      const off = Math.max(0, Math.min(left, str.length - (width - 3)));
      if (off <= 4) return str.slice(0, width - 3) + '...';
      if (off + width - 3 < str.length) return '...' + str.slice(off, off + width - 6) + '...';
      return '...' + str.slice(str.length - (width - 3));
    },
    wrap: (_c, w, s) => wrapText(needString('wrap', s), Number(needInt('wrap', w))),
    wrapWith: (_c, w, nl, s) => wrapText(needString('wrapWith', s), Number(needInt('wrapWith', w)), needString('wrapWith', nl)),
    initials: (_c, s) =>
      needString('initials', s)
        .split(' ')
        .filter((x) => x !== '')
        .map((x) => Array.from(x)[0])
        .join(''),
    plural: (_c, one, many, n) => (Number(needInt('plural', n)) === 1 ? needString('plural', one) : needString('plural', many)),
    swapcase: (_c, s) =>
      Array.from(needString('swapcase', s))
        .map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()))
        .join(''),
    shuffle: (_c, s) => {
      const chars = Array.from(needString('shuffle', s));
      for (let i = chars.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [chars[i], chars[j]] = [chars[j]!, chars[i]!];
      }
      return chars.join('');
    },
    sortAlpha: (_c, v) => {
      const s = Array.isArray(v) || v instanceof Uint8Array ? strslice(v) : [strval(v ?? null)];
      return s.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    },
  };
}
