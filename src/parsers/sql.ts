/**
 * PostgreSQL parsing with libpg-query (the real PostgreSQL 18 grammar compiled
 * to WASM). This module is imported lazily (see src/model/lift-migrations.ts):
 * loading the WASM costs ~50 ms, so scans without SQL never pay for it.
 *
 * Position units, measured on libpg-query 18.1.5:
 * - `stmt_location` / `stmt_len`, every node's `location` and `scanSync` token
 *   `start`/`end` are UTF-8 **byte** offsets into the string that was parsed;
 * - `SqlError.sqlDetails.cursorPosition` is a 0-based offset in Unicode **code
 *   points**.
 * Everything leaving this module is converted to UTF-16 offsets of the original
 * text (what `LineIndex` and JS strings use).
 *
 * Strategy: parse the whole (pre-processed) file at once, which is fast. When
 * that fails, cut the file at top-level `;` tokens with the scanner (dollar
 * quoted bodies, strings and comments are single tokens, so a `;` inside a
 * function body is never a cut) and parse each piece on its own: one bad
 * statement becomes one error and the rest of the file is still checked.
 */
import type { ParseResult } from 'libpg-query';

type PgModule = typeof import('libpg-query');

let modulePromise: Promise<PgModule> | undefined;
let loadMs = 0;

/** Loads the WASM module once; later calls return the same promise. */
export function loadSqlModule(): Promise<PgModule> {
  if (!modulePromise) {
    modulePromise = (async () => {
      const t0 = performance.now();
      const mod = await import('libpg-query');
      await mod.loadModule();
      loadMs = performance.now() - t0;
      return mod;
    })();
  }
  return modulePromise;
}

/** Milliseconds spent importing and initialising libpg-query (0 before it is loaded). */
export function sqlModuleLoadMs(): number {
  return loadMs;
}

export interface ParsedSqlStatement {
  /** `{ IndexStmt: {...} }` style node. */
  ast: Record<string, unknown>;
  /** UTF-16 offsets of the statement in the original text (first token to last token, no `;`). */
  start: number;
  end: number;
  /** UTF-8 byte offset of the statement start in the (pre-processed) file. */
  byteStart: number;
  /** Add this to a node's `location` (bytes) to get a file byte offset. */
  nodeByteBase: number;
}

export interface SqlParseError {
  message: string;
  /** UTF-16 offsets in the original text. */
  start: number;
  end: number;
}

export interface SqlParseOutput {
  statements: ParsedSqlStatement[];
  errors: SqlParseError[];
  /** Converts a file byte offset (pre-processed text, same layout) to a UTF-16 offset. */
  byteToOffset(byte: number): number;
  /** True when the file had psql meta-commands or COPY data that were blanked. */
  preprocessed: boolean;
}

interface PgErrorLike {
  message: string;
  sqlDetails?: { cursorPosition?: number; message?: string };
}

// ------------------------------------------------------------------ offsets

/**
 * Maps byte offsets of `text` encoded as UTF-8 to UTF-16 offsets. ASCII-only
 * texts map to themselves; otherwise a table of one entry per byte is built.
 */
export function makeByteToOffset(text: string): (byte: number) => number {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes === text.length) return (b) => Math.max(0, Math.min(b, text.length));
  const map = new Uint32Array(bytes + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let n: number;
    let units = 1;
    if (c < 0x80) n = 1;
    else if (c < 0x800) n = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n = 4;
      units = 2;
    } else n = 3;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    i += units - 1;
  }
  map[bytes] = text.length;
  return (byte) => (byte <= 0 ? 0 : byte >= bytes ? text.length : map[byte]!);
}

/** UTF-16 offset of the `cp`-th code point of `text` (0-based). */
export function codePointToOffset(text: string, cp: number): number {
  let i = 0;
  for (let n = 0; n < cp && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

// ------------------------------------------------------------------ pre-processing

/**
 * Blanks what psql understands but the server grammar does not: meta-command
 * lines (`\set`, `\connect`, `\i`, ...) and the inline data of
 * `COPY ... FROM stdin;` up to its `\.` terminator. Every UTF-16 code unit
 * except line breaks becomes a space, so UTF-16 offsets and line numbers are
 * unchanged (byte offsets are computed on the blanked text).
 *
 * The line patterns below are psql syntax (line-oriented), not SQL parsing.
 */
export function preprocessPsql(original: string): { text: string; changed: boolean } {
  const vars = psqlInterpolations(original);
  const text = vars.text;
  if (!/^[ \t]*\\/m.test(text)) return { text, changed: vars.changed };
  const lines = text.split(/(?<=\n)/);
  let changed = false;
  let inCopyData = false;
  let copyStmt: string | undefined;
  const out: string[] = [];
  for (const line of lines) {
    const body = line.replace(/\r?\n$/, '');
    if (inCopyData) {
      out.push(blank(line));
      changed = true;
      if (body === '\\.') inCopyData = false;
      continue;
    }
    if (/^[ \t]*\\/.test(body)) {
      out.push(blank(line));
      changed = true;
      copyStmt = undefined;
      continue;
    }
    // `COPY t (a, b) FROM stdin;` possibly over a few lines; its data starts after the line ending with `;`.
    let rest = body;
    if (copyStmt === undefined) {
      const m = /\bcopy\b/i.exec(body);
      if (m) {
        copyStmt = '';
        rest = body.slice(m.index);
      }
    }
    if (copyStmt !== undefined) {
      copyStmt += ' ' + rest;
      if (/;\s*$/.test(body)) {
        if (/\bfrom\s+stdin\b/i.test(copyStmt)) inCopyData = true;
        copyStmt = undefined;
      } else if (copyStmt.length > 4000) copyStmt = undefined;
    }
    out.push(line);
  }
  return { text: changed ? out.join('') : text, changed: changed || vars.changed };
}

/**
 * psql's own syntax inside SQL lines, outside quotes, comments and dollar
 * quotes: variables (`:name` becomes ` name`, `:'name'` the string
 * `' name'`, `:"name"` the identifier `" name"`) and a trailing meta-command
 * (`SELECT ... \gset`, blanked to the end of the line). Same length, so
 * positions hold. `::casts`, `:=` and array slices `a[1:2]` are left alone.
 * One pass, one character at a time: linear on any input.
 */
export function psqlInterpolations(text: string): { text: string; changed: boolean } {
  if (!text.includes(':') && !text.includes('\\')) return { text, changed: false };
  let out: string[] | undefined;
  const put = (i: number, c: string) => {
    out ??= text.split('');
    out[i] = c;
  };
  const isIdStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
  const isId = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') (depth++, (i += 2));
        else if (text[i] === '*' && text[i + 1] === '/') (depth--, (i += 2));
        else i++;
      }
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n && !(text[i] === c && text[i + 1] !== c)) i += text[i] === c ? 2 : 1;
      i++;
    } else if (c === '$' && !isId(text[i - 1])) {
      // A dollar quote $tag$ ... $tag$ (bodies of functions: `:=` lives there).
      let j = i + 1;
      while (j < n && isId(text[j])) j++;
      if (text[j] === '$') {
        const tag = text.slice(i, j + 1);
        const end = text.indexOf(tag, j + 1);
        i = end === -1 ? n : end + tag.length;
      } else i++;
    } else if (c === '\\' && isIdStart(next) && text.lastIndexOf('\n', i) < i - 1 && /\S/.test(text.slice(text.lastIndexOf('\n', i) + 1, i))) {
      // A meta-command after SQL on the same line (`... \gset`): blank it to the end of the line;
      // `\g`, `\gset`, `\gx`, `\gexec` also send the query, as `;` does.
      const at = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') put(i++, ' ');
      if (next === 'g') put(at, ';');
    } else if (c === ':' && next !== ':' && text[i - 1] !== ':' && !isId(text[i - 1]) && text[i - 1] !== ']' && text[i - 1] !== ')') {
      if ((next === "'" || next === '"') && isIdStart(text[i + 2])) {
        let j = i + 2;
        while (j < n && isId(text[j])) j++;
        if (text[j] === next) {
          put(i, next);
          put(i + 1, ' ');
          i = j + 1;
          continue;
        }
        i++;
      } else if (isIdStart(next)) {
        put(i, ' ');
        i++;
        while (i < n && isId(text[i])) i++;
      } else i++;
    } else i++;
  }
  return out ? { text: out.join(''), changed: true } : { text, changed: false };
}

function blank(line: string): string {
  let s = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    s += c === '\n' || c === '\r' ? c : ' ';
  }
  return s;
}

// ------------------------------------------------------------------ parsing

const EMPTY: ParseResult = { version: 0, stmts: [] } as unknown as ParseResult;

function tryParse(mod: PgModule, sql: string): { result?: ParseResult; error?: PgErrorLike } {
  try {
    return { result: mod.parseSync(sql) };
  } catch (e) {
    const err = e as PgErrorLike;
    if (/Query cannot be empty/i.test(String(err?.message))) return { result: EMPTY };
    return { error: { message: String(err?.sqlDetails?.message ?? err?.message ?? e), sqlDetails: err?.sqlDetails } };
  }
}

function isBlankSql(s: string): boolean {
  return s.trim() === '';
}

/**
 * Parses a SQL file. Never throws: syntax errors (including unterminated
 * quotes) come back in `errors` with their position.
 */
export function parseSqlText(mod: PgModule, original: string): SqlParseOutput {
  const pre = preprocessPsql(original);
  const text = pre.text;
  const byteToOffset = makeByteToOffset(text);
  const out: SqlParseOutput = { statements: [], errors: [], byteToOffset, preprocessed: pre.changed };
  if (isBlankSql(text)) return out;

  const whole = tryParse(mod, text);
  if (whole.result) {
    collect(out, whole.result, text, 0, byteToOffset);
    return out;
  }

  // Split mode.
  const wholeError = whole.error!;
  const tokens = scanTokens(mod, text);
  if (tokens) {
    for (const piece of cutPieces(tokens, Buffer.byteLength(text, 'utf8'))) parsePiece(mod, out, text, piece, byteToOffset);
    if (out.errors.length === 0) out.errors.push(errorAt(wholeError, text, 0, text.length));
    return out;
  }

  // The scanner itself failed (unterminated quoted string or dollar quote): the
  // whole-file error says where. Parse the complete statements before it.
  const err = errorAt(wholeError, text, 0, text.length);
  const prefix = text.slice(0, err.start);
  const prefixTokens = scanTokens(mod, prefix);
  if (prefixTokens) {
    const pieces = cutPieces(prefixTokens, Buffer.byteLength(prefix, 'utf8'));
    // The last piece runs into the unterminated token: it is the statement that fails.
    const complete = pieces.filter((p) => p.terminated);
    for (const piece of complete) parsePiece(mod, out, text, piece, byteToOffset);
  }
  out.errors.push(err);
  out.errors.sort((a, b) => a.start - b.start);
  return out;
}

interface Token {
  start: number;
  end: number;
  tokenName: string;
  text: string;
}

interface Piece {
  byteStart: number;
  byteEnd: number;
  terminated: boolean;
  hasCode: boolean;
}

function scanTokens(mod: PgModule, sql: string): Token[] | undefined {
  if (isBlankSql(sql)) return [];
  try {
    return mod.scanSync(sql).tokens as Token[];
  } catch {
    return undefined;
  }
}

/** Cuts at `;` tokens outside parentheses and outside `BEGIN ATOMIC ... END` bodies. */
function cutPieces(tokens: Token[], totalBytes: number): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  let depth = 0;
  let atomic = 0;
  let hasCode = false;
  let prevUpper = '';
  for (const t of tokens) {
    const isComment = t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT';
    if (isComment) continue;
    const upper = t.text.toUpperCase();
    if (t.text === '(') depth++;
    else if (t.text === ')') depth = Math.max(0, depth - 1);
    else if (upper === 'ATOMIC' && prevUpper === 'BEGIN') atomic++;
    else if (upper === 'END' && atomic > 0) atomic--;
    if (t.text === ';' && depth === 0 && atomic === 0) {
      pieces.push({ byteStart: start, byteEnd: t.end, terminated: true, hasCode });
      start = t.end;
      hasCode = false;
    } else {
      hasCode = true;
    }
    prevUpper = upper;
  }
  if (start < totalBytes) pieces.push({ byteStart: start, byteEnd: totalBytes, terminated: false, hasCode });
  return pieces.filter((p) => p.hasCode);
}

function parsePiece(mod: PgModule, out: SqlParseOutput, text: string, piece: Piece, byteToOffset: (b: number) => number): void {
  const s = byteToOffset(piece.byteStart);
  const e = byteToOffset(piece.byteEnd);
  const sql = text.slice(s, e);
  const r = tryParse(mod, sql);
  if (r.result) collect(out, r.result, text, piece.byteStart, byteToOffset, piece.byteEnd);
  else out.errors.push(errorAt(r.error!, text, s, e));
}

function collect(
  out: SqlParseOutput,
  result: ParseResult,
  text: string,
  byteBase: number,
  byteToOffset: (b: number) => number,
  byteLimit?: number,
): void {
  const limit = byteLimit ?? Buffer.byteLength(text, 'utf8');
  for (const raw of (result.stmts ?? []) as Array<{ stmt?: Record<string, unknown>; stmt_location?: number; stmt_len?: number }>) {
    if (!raw.stmt) continue;
    const b0 = byteBase + (raw.stmt_location ?? 0);
    const b1 = raw.stmt_len ? b0 + raw.stmt_len : limit;
    let start = byteToOffset(b0);
    let end = byteToOffset(b1);
    // Leading blanks/comments can be included for the first statement of a piece; skip them.
    start = skipTrivia(text, start, end);
    end = trimEnd(text, start, end);
    out.statements.push({ ast: raw.stmt, start, end, byteStart: b0, nodeByteBase: byteBase });
  }
}

/** Skips whitespace and `--` / `/* *\/` comments. */
function skipTrivia(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? end : nl + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? end : close + 2;
    } else break;
  }
  return Math.min(i, end);
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s|;/.test(text[end - 1]!)) end--;
  return end;
}

function errorAt(err: PgErrorLike, text: string, pieceStart: number, pieceEnd: number): SqlParseError {
  const cp = err.sqlDetails?.cursorPosition;
  const piece = text.slice(pieceStart, pieceEnd);
  let start: number;
  if (typeof cp === 'number' && cp >= 0) start = pieceStart + codePointToOffset(piece, cp);
  else start = skipTrivia(text, pieceStart, pieceEnd);
  start = Math.min(start, text.length);
  // Cover the offending token (up to the next blank), at least one character.
  let end = start;
  while (end < text.length && end < start + 80 && !/[\s;,()]/.test(text[end]!)) end++;
  if (end === start && start < text.length) end = start + 1;
  const message = cleanMessage(err.message);
  return { message, start, end };
}

function cleanMessage(m: string): string {
  return m.replace(/\s+/g, ' ').trim();
}
