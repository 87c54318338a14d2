/**
 * A hand-written lexer for Go's text/template (delimiters `{{` `}}`), one pass over the input with
 * no regular expressions, so a multi-megabyte template lexes in linear time.
 *
 * Trim markers follow Go: `{{- ` (dash then whitespace) trims the whitespace before the action,
 * ` -}}` trims the whitespace after it. Comments `{{/* ... *\/}}` must close right at the delimiter.
 */
import { TemplateError } from './types.js';

export type TokKind =
  | 'text'
  | 'left' // {{
  | 'right' // }}
  | 'space'
  | 'field' // .Name
  | 'variable' // $ or $name
  | 'ident'
  | 'string' // value already unquoted
  | 'char' // value: the code point as decimal text
  | 'number'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'declare' // :=
  | 'assign' // =
  | 'keyword'
  | 'eof';

export interface Token {
  kind: TokKind;
  /** Token text; for strings the unquoted value; for fields the name without the dot. */
  val: string;
  /** Source text when `val` differs from it and messages need it (char constants). */
  raw?: string;
  /** Byte-ish offset (UTF-16 index) of the token in the source. */
  offset: number;
  line: number;
  col: number;
}

export const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Position bookkeeping: line starts found once, positions looked up by binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line and column of an offset. */
  at(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

export function lex(name: string, text: string): Token[] {
  const toks: Token[] = [];
  const lines = new LineIndex(text);
  const n = text.length;
  let pos = 0;
  /** Set after a ` -}}`: the next text's leading whitespace is dropped. */
  let trimNext = false;

  const fail = (msg: string, at: number): never => {
    const p = lines.at(at);
    throw new TemplateError(`template: ${name}:${p.line}: ${msg}`, { template: name, line: p.line, col: p.col });
  };
  const push = (kind: TokKind, val: string, offset: number): void => {
    const p = lines.at(offset);
    toks.push({ kind, val, offset, line: p.line, col: p.col });
  };

  while (pos < n || trimNext) {
    // Text up to the next left delimiter.
    let start = pos;
    const open = text.indexOf('{{', pos);
    let end = open === -1 ? n : open;
    const leftTrim = open !== -1 && text.charCodeAt(open + 2) === 45 /* - */ && isSpace(text.charCodeAt(open + 3));
    if (trimNext) {
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      trimNext = false;
    }
    let textEnd = end;
    if (leftTrim) while (textEnd > start && isSpace(text.charCodeAt(textEnd - 1))) textEnd--;
    if (textEnd > start) push('text', text.slice(start, textEnd), start);
    if (open === -1) break;

    // Inside an action.
    push('left', '{{', open);
    pos = open + 2 + (leftTrim ? 2 : 0);
    // Comment: `/*` must follow the delimiter (and trim marker) directly.
    if (text.startsWith('/*', pos)) {
      const close = text.indexOf('*/', pos + 2);
      if (close === -1) fail('unclosed comment', open);
      pos = close + 2;
      if (text.startsWith(' -}}', pos)) {
        trimNext = true;
        pos += 4;
      } else if (text.startsWith('}}', pos)) {
        pos += 2;
      } else fail('comment ends before closing delimiter', open);
      toks.pop(); // a comment produces no tokens
      continue;
    }
    let parenDepth = 0;
    for (;;) {
      if (pos >= n) fail('unclosed action', open);
      const c = text.charCodeAt(pos);
      if (c === 32 && text.startsWith(' -}}', pos)) {
        if (parenDepth > 0) fail('unclosed left paren', pos);
        push('right', '}}', pos + 2);
        pos += 4;
        trimNext = true;
        break;
      }
      if (c === 125 && text.charCodeAt(pos + 1) === 125) {
        if (parenDepth > 0) fail('unclosed left paren', pos);
        push('right', '}}', pos);
        pos += 2;
        break;
      }
      if (isSpace(c)) {
        const s = pos;
        while (pos < n && isSpace(text.charCodeAt(pos)) && !text.startsWith(' -}}', pos)) pos++;
        if (pos > s) push('space', text.slice(s, pos), s);
        continue;
      }
      const s = pos;
      switch (c) {
        case 124: push('pipe', '|', s); pos++; continue;
        case 40: push('lparen', '(', s); pos++; parenDepth++; continue;
        case 41:
          // An unmatched `)` is left to the parser, which reports it in context as Go does.
          if (parenDepth > 0) parenDepth--;
          push('rparen', ')', s); pos++; continue;
        case 44: push('comma', ',', s); pos++; continue;
        case 61: push('assign', '=', s); pos++; continue;
        case 58:
          if (text.charCodeAt(pos + 1) !== 61) fail('expected :=', s);
          push('declare', ':=', s); pos += 2; continue;
        case 34: { // "..."
          pos++;
          let out = '';
          let seg = pos;
          for (;;) {
            if (pos >= n) fail('unterminated quoted string', s);
            const d = text.charCodeAt(pos);
            if (d === 10) fail('unterminated quoted string', s);
            if (d === 34) break;
            if (d === 92) {
              out += text.slice(seg, pos);
              const r = unescape(text, pos);
              if (!r) fail('invalid syntax', pos);
              out += r!.value;
              pos = r!.end;
              seg = pos;
              continue;
            }
            pos++;
          }
          out += text.slice(seg, pos);
          pos++;
          push('string', out, s);
          continue;
        }
        case 96: { // `raw`
          const close = text.indexOf('`', pos + 1);
          if (close === -1) fail('unterminated raw quoted string', s);
          push('string', text.slice(pos + 1, close).replace(/\r/g, ''), s);
          pos = close + 1;
          continue;
        }
        case 39: { // 'c'
          pos++;
          let cp: number;
          if (text.charCodeAt(pos) === 92) {
            const r = unescape(text, pos, true);
            if (!r) fail('invalid syntax in character constant', s);
            cp = r!.value.codePointAt(0) ?? 0;
            if (r!.byte !== undefined) cp = r!.byte;
            pos = r!.end;
          } else {
            const v = text.codePointAt(pos);
            if (v === undefined || v === 10 || v === 39) fail('unterminated character constant', s);
            cp = v!;
            pos += cp > 0xffff ? 2 : 1;
          }
          if (text.charCodeAt(pos) !== 39) fail('unterminated character constant', s);
          pos++;
          push('char', String(cp), s);
          toks[toks.length - 1]!.raw = text.slice(s, pos);
          continue;
        }
        case 36: { // $var
          pos++;
          while (pos < n && isAlnum(text.charCodeAt(pos))) pos++;
          push('variable', text.slice(s, pos), s);
          continue;
        }
        case 46: { // . or .Field or .5
          if (isDigit(text.charCodeAt(pos + 1))) break; // a number like .5
          pos++;
          if (pos < n && isAlnum(text.charCodeAt(pos))) {
            while (pos < n && isAlnum(text.charCodeAt(pos))) pos++;
            push('field', text.slice(s + 1, pos), s);
          } else push('dot', '.', s);
          continue;
        }
      }
      if (isDigit(c) || c === 43 || c === 45 || c === 46) {
        // Numbers: sign, digits (any base prefix), '_', '.', exponent; validated by the parser.
        pos++;
        while (pos < n) {
          const d = text.charCodeAt(pos);
          const prev = text.charCodeAt(pos - 1);
          if (isAlnum(d) || d === 46) pos++;
          else if ((d === 43 || d === 45) && (prev === 101 || prev === 69 || prev === 112 || prev === 80)) pos++;
          else break;
        }
        push('number', text.slice(s, pos), s);
        continue;
      }
      if (isAlnum(c)) {
        while (pos < n && isAlnum(text.charCodeAt(pos))) pos++;
        const word = text.slice(s, pos);
        if (word === 'true' || word === 'false') push('bool', word, s);
        else if (word === 'nil') push('nil', word, s);
        else if (KEYWORDS.has(word)) push('keyword', word, s);
        else push('ident', word, s);
        continue;
      }
      fail(`unexpected ${JSON.stringify(String.fromCodePoint(text.codePointAt(pos) ?? c))} in command`, s);
    }
  }
  push('eof', '', n);
  return toks;
}

/** One Go escape sequence at text[pos] === '\\'. `byte` is set for \x and octal escapes (raw bytes). */
function unescape(text: string, pos: number, inChar = false): { value: string; end: number; byte?: number } | undefined {
  const c = text[pos + 1];
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  if (c === undefined) return undefined;
  if (c in simple) return { value: simple[c]!, end: pos + 2 };
  if (c === '"' && !inChar) return { value: '"', end: pos + 2 };
  if (c === "'" && inChar) return { value: "'", end: pos + 2 };
  const hex = (len: number): number | undefined => {
    const h = text.slice(pos + 2, pos + 2 + len);
    if (h.length !== len) return undefined;
    for (let i = 0; i < h.length; i++) if (!/^[0-9a-fA-F]$/.test(h[i]!)) return undefined;
    return parseInt(h, 16);
  };
  if (c === 'x') {
    const v = hex(2);
    // A \x escape is one byte; bytes >= 0x80 cannot be represented in a JS string faithfully: use U+FFFD.
    return v === undefined ? undefined : { value: v < 0x80 ? String.fromCharCode(v) : '\ufffd', end: pos + 4, byte: v };
  }
  if (c === 'u' || c === 'U') {
    const v = hex(c === 'u' ? 4 : 8);
    if (v === undefined || v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
    return { value: String.fromCodePoint(v), end: pos + (c === 'u' ? 6 : 10) };
  }
  if (c >= '0' && c <= '7') {
    const o = text.slice(pos + 1, pos + 4);
    if (o.length !== 3) return undefined;
    for (let i = 0; i < 3; i++) if (o[i]! < '0' || o[i]! > '7') return undefined;
    const v = parseInt(o, 8);
    if (v > 255) return undefined;
    return { value: v < 0x80 ? String.fromCharCode(v) : '\ufffd', end: pos + 4, byte: v };
  }
  return undefined;
}
