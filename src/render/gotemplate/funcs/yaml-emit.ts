/**
 * Helm's `toYaml`: sigs.k8s.io/yaml marshals the value to JSON, reads the JSON back with
 * go-yaml v2 and emits it with go-yaml v2's emitter. This module reproduces that emitter's
 * choices: keys in go-yaml's "natural" order, plain/single/double/literal scalar styles by its
 * analysis of the text, YAML 1.1 words quoted ("yes", "on", "~"), sequences not indented under
 * a key, `{}`/`[]` for empty collections, floats in strconv 'g' form, and plain or quoted
 * scalars folded at spaces past column 80. Character loops only: no regexes over input.
 */
import { GoStruct, TemplateError, type Value } from '../types.js';
import { jsonFloat } from './json.js';
import { isMap, MAX_DEPTH, parseGoInt } from './values.js';

type Node =
  | { t: 'map'; entries: [string, Node][] }
  | { t: 'seq'; items: Node[] }
  | { t: 'str'; s: string }
  | { t: 'raw'; s: string };

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

/** strconv.FormatFloat(f, 'g', -1, 64). */
export function formatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, e] = f.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  return String(f);
}

/** A value as go-yaml sees it after the JSON round trip. */
function toNode(v: Value, depth: number): Node {
  if (depth > MAX_DEPTH) throw new TemplateError('toYaml: value nested too deeply');
  if (v === null) return { t: 'raw', s: 'null' };
  switch (typeof v) {
    case 'boolean':
      return { t: 'raw', s: String(v) };
    case 'bigint':
      return { t: 'raw', s: v.toString() };
    case 'number':
      return { t: 'raw', s: yamlNumber(jsonFloat(v)) };
    case 'string':
      return { t: 'str', s: v };
  }
  if (v instanceof Uint8Array) return { t: 'str', s: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { t: 'seq', items: v.map((x) => toNode(x, depth + 1)) };
  const fields: [string, Value][] = v instanceof GoStruct ? Object.entries(v.fields) : isMap(v) ? Object.keys(v).map((k) => [k, v[k]!]) : [];
  const entries = fields.map(([k, x]): [string, Node] => [k, toNode(x, depth + 1)]);
  entries.sort((a, b) => (keyLess(a[0], b[0]) ? -1 : keyLess(b[0], a[0]) ? 1 : 0));
  return { t: 'map', entries };
}

/** A JSON number read by go-yaml v2 and written back: integers stay as written, others are float64 in 'g' form. */
function yamlNumber(json: string): string {
  if (!json.includes('.') && !json.includes('e') && !json.includes('E')) {
    const n = parseGoInt(json);
    if (n !== undefined) return n.toString();
    // go-yaml then tries ParseUint: up to 2^64-1 it stays an integer, beyond it is a float.
    if (json[0] !== '-' && BigInt(json) < 2n ** 64n) return json;
  }
  return formatG(Number(json));
}

function isLetterRune(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase() || /\p{L}/u.test(ch);
}
function isDigitRune(ch: string): boolean {
  return /\p{Nd}/u.test(ch);
}

/** go-yaml v2's keyList.Less for two string keys: letters after non-letters, digit runs compared as numbers. */
export function keyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetterRune(ar[i]!);
    const bl = isLetterRune(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigitRune(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigitRune(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigitRune(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const RESOLVE_WORDS = new Set(
  'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL ~ .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF'.split(' '),
);

function allDigits(s: string): boolean {
  return s.length > 0 && [...s].every((c) => c >= '0' && c <= '9');
}

/** `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` as a scan. */
function isYamlStyleFloat(s: string): boolean {
  let i = s[0] === '-' || s[0] === '+' ? 1 : 0;
  const e = Math.max(s.indexOf('e', i), s.indexOf('E', i));
  const mant = e < 0 ? s.slice(i) : s.slice(i, e);
  if (e >= 0) {
    let exp = s.slice(e + 1);
    if (exp[0] === '-' || exp[0] === '+') exp = exp.slice(1);
    if (!allDigits(exp)) return false;
  }
  const dot = mant.indexOf('.');
  if (dot < 0) return allDigits(mant);
  const ip = mant.slice(0, dot);
  const fp = mant.slice(dot + 1);
  if (ip === '') return allDigits(fp);
  return allDigits(ip) && (fp === '' || allDigits(fp));
}

/** go-yaml v2 parseTimestamp's shapes: YYYY-M-D, optionally followed by [Tt ]time. */
function looksTimestamp(s: string): boolean {
  if (s.length < 8 || !allDigits(s.slice(0, 4)) || s[4] !== '-') return false;
  let i = 5;
  const run = (): number => {
    const st = i;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    return i - st;
  };
  const m = run();
  if (m < 1 || m > 2 || s[i] !== '-') return false;
  i++;
  const d = run();
  if (d < 1 || d > 2) return false;
  if (i === s.length) return true;
  if (s[i] !== 'T' && s[i] !== 't' && s[i] !== ' ') return false;
  i++;
  const h = run();
  return h >= 1 && h <= 2 && s[i] === ':';
}

/** Would go-yaml v2 read this text, unquoted, as something other than a string? */
export function resolvesNonString(s: string): boolean {
  if (s === '') return true;
  const c = s[0]!;
  const hint = (c >= '0' && c <= '9') || c === '+' || c === '-' ? 'D' : c === '.' ? '.' : 'yYnNtTfFoO~'.includes(c) ? 'M' : '';
  if (hint === '') return false;
  if (RESOLVE_WORDS.has(s)) return true;
  if (hint === 'M') return false;
  if (hint === '.') return isYamlStyleFloat(s);
  if (looksTimestamp(s)) return true;
  const plain = s.replaceAll('_', '');
  if (parseGoInt(plain) !== undefined) return true;
  if (plain[0] !== '-' && plain[0] !== '+' && parseGoInt(plain) === undefined && allDigits(plain)) return true;
  if (isYamlStyleFloat(plain)) return true;
  if (plain.startsWith('0b') || plain.startsWith('-0b')) {
    const d = plain.slice(plain[0] === '-' ? 3 : 2);
    return d.length > 0 && [...d].every((x) => x === '0' || x === '1');
  }
  return false;
}

/** YAML 1.1 sexagesimal floats ("1:20", "-12:30:45.5"): `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`. */
export function isBase60Float(s: string): boolean {
  let i = s[0] === '-' || s[0] === '+' ? 1 : 0;
  const digit = (k: number) => s[k] !== undefined && s[k]! >= '0' && s[k]! <= '9';
  if (!digit(i)) return false;
  i++;
  while (digit(i) || s[i] === '_') i++;
  let groups = 0;
  while (s[i] === ':') {
    i++;
    if (digit(i) && digit(i + 1)) {
      if (s[i]! > '5') return false;
      i += 2;
    } else if (digit(i)) i++;
    else return false;
    groups++;
  }
  if (groups === 0) return false;
  if (s[i] === '.') {
    i++;
    while (digit(i) || s[i] === '_') i++;
  }
  return i === s.length;
}

function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}
function isBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
}
function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

/** yaml_emitter_analyze_scalar for block context. */
function analyze(s: string): Analysis {
  if (s === '') return { multiline: false, blockPlain: true, single: true, block: false };
  const r = Array.from(s);
  let blockInd = false;
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  if (s.startsWith('---') || s.startsWith('...')) blockInd = true;
  for (let i = 0; i < r.length; i++) {
    const ch = r[i]!;
    const followedByWs = i + 1 >= r.length || isBlank(r[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockInd = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWs) blockInd = true;
    } else if (ch === ':' && followedByWs) blockInd = true;
    else if (ch === '#' && precededByWs) blockInd = true;
    if (!isPrintable(ch.codePointAt(0)!) || (i === 0 && ch === '\ufeff')) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === r.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(ch)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === r.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlank(ch) || isBreak(ch) || ch === '\0';
  }
  let blockPlain = true;
  let single = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    blockPlain = false;
    single = false;
  }
  if (spaceBreak || special) {
    blockPlain = false;
    single = false;
    block = false;
  }
  if (lineBreaks) blockPlain = false;
  if (blockInd) blockPlain = false;
  return { multiline: lineBreaks, blockPlain, single, block };
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function chooseStyle(s: string, simpleKey: boolean): Style {
  const canPlain = !resolvesNonString(s) && !isBase60Float(s);
  let style: Style = s.includes('\n') ? 'literal' : canPlain ? 'plain' : 'double';
  const a = analyze(s);
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && (!a.blockPlain || (s === '' && simpleKey))) style = 'single';
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

/** The emitter's writer state: column, whether the last output was whitespace / indentation. */
class Writer {
  out: string[] = [];
  column = 0;
  whitespace = true;
  indention = true;

  put(ch: string): void {
    this.out.push(ch);
    this.column++;
  }
  putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }
  writeIndent(indent: number): void {
    const ind = indent < 0 ? 0 : indent;
    if (!this.indention || this.column > ind || (this.column === ind && !this.whitespace)) this.putBreak();
    while (this.column < ind) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  indicator(text: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of text) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  plain(s: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const r = Array.from(s);
    let spaces = false;
    for (let i = 0; i < r.length; i++) {
      const ch = r[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && r[i + 1] !== ' ') this.writeIndent(indent);
        else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  single(s: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    const r = Array.from(s);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < r.length; i++) {
      const ch = r[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== r.length - 1 && r[i + 1] !== ' ') this.writeIndent(indent);
        else this.put(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        // Only U+0085/U+2028/U+2029 get here (a "\n" string is a literal block): written as is, then a new line.
        if (!breaks && ch === '\n') this.putBreak();
        if (ch === '\n') this.putBreak();
        else {
          this.out.push(ch);
          this.column = 0;
        }
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.indicator("'", false, false, false);
  }

  double(s: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    const r = Array.from(s);
    let spaces = false;
    for (let i = 0; i < r.length; i++) {
      const ch = r[i]!;
      const cp = ch.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(ch) || ch === '"' || ch === '\\') {
        this.put('\\');
        const esc: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
        const e = esc[cp];
        if (e !== undefined) this.put(e);
        else {
          const [p, w] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(p as string);
          for (const d of cp.toString(16).toUpperCase().padStart(w as number, '0')) this.put(d);
        }
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== r.length - 1) {
          this.writeIndent(indent);
          if (r[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
  }

  literal(s: string, indent: number): void {
    this.indicator('|', true, false, false);
    const r = Array.from(s);
    let hints = '';
    if (r[0] === ' ' || isBreak(r[0])) hints += String(BEST_INDENT);
    const last = r[r.length - 1];
    if (!isBreak(last)) hints += '-';
    else if (r.length === 1 || isBreak(r[r.length - 2])) hints += '+';
    for (const ch of hints) this.put(ch);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const ch of r) {
      if (isBreak(ch)) {
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** `indent` is the emitter's current indent (-1 at the root); `inMapValue` makes a sequence indentless. */
function emit(w: Writer, n: Node, indent: number, ctx: 'root' | 'value' | 'item', indentSeqs = false): void {
  if (n.t === 'map' || n.t === 'seq') {
    const empty = n.t === 'map' ? n.entries.length === 0 : n.items.length === 0;
    if (empty) {
      w.indicator(n.t === 'map' ? '{' : '[', true, true, false);
      w.indicator(n.t === 'map' ? '}' : ']', false, false, false);
      return;
    }
    if (n.t === 'map') {
      const ind = indent < 0 ? 0 : indent + BEST_INDENT;
      for (const [k, v] of n.entries) {
        w.writeIndent(ind);
        if (isSimpleKey(k)) {
          scalar(w, k, ind, true);
          w.indicator(':', false, false, false);
        } else {
          // go-yaml's complex key: "? key" then ": value" on its own line.
          w.indicator('?', true, false, true);
          scalar(w, k, ind, false);
          w.writeIndent(ind);
          w.indicator(':', true, false, true);
        }
        emit(w, v, ind, 'value', indentSeqs);
      }
    } else {
      const indentless = ctx === 'value' && !w.indention && !indentSeqs;
      const ind = indent < 0 ? 0 : indentless ? indent : indent + BEST_INDENT;
      for (const item of n.items) {
        w.writeIndent(ind);
        w.indicator('-', true, false, true);
        emit(w, item, ind, 'item', indentSeqs);
      }
    }
    return;
  }
  if (n.t === 'raw') {
    w.plain(n.s, indent < 0 ? BEST_INDENT : indent + BEST_INDENT, false);
    return;
  }
  scalar(w, n.s, indent, false);
}

/** yaml_emitter_check_simple_key for a scalar key: at most 128 bytes and on one line. */
function isSimpleKey(k: string): boolean {
  if (Buffer.byteLength(k, 'utf8') > 128) return false;
  for (const ch of k) if (isBreak(ch)) return false;
  return true;
}

function scalar(w: Writer, s: string, indent: number, simpleKey: boolean): void {
  const ind = indent < 0 ? BEST_INDENT : indent + BEST_INDENT;
  switch (chooseStyle(s, simpleKey)) {
    case 'plain':
      return w.plain(s, ind, !simpleKey);
    case 'single':
      return w.single(s, ind, !simpleKey);
    case 'double':
      return w.double(s, ind, !simpleKey);
    case 'literal':
      return w.literal(s, ind);
  }
}

/** yaml.Marshal(v) of sigs.k8s.io/yaml: the document text with its trailing newline. */
export function marshalYaml(v: Value, indentSeqs = false): string {
  const w = new Writer();
  emit(w, toNode(v, 0), -1, 'root', indentSeqs);
  // Document end: go-yaml writes an indent, which is a line break unless a block scalar already ended with one.
  w.writeIndent(-1);
  return w.out.join('');
}
