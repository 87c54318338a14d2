/**
 * Everything quoted from a scanned file passes through here before it reaches
 * a terminal or a report: secret values are masked (by the name they were
 * found under, by their shape, by where they are written) and characters that
 * could forge or hide output are escaped visibly.
 *
 * Escaping scheme (docs/architecture.md): `\n` and `\r` as themselves; other
 * C0 controls, DEL and C1 controls as `\xHH`; bidi controls, invisible format
 * characters and line/paragraph separators as `\uHHHH`. Tab is kept. A
 * backslash already in the text is not doubled, so the escapes are markers for
 * a reader, not a reversible encoding.
 */
import { maskSecret } from '../model/secret-names.js';
import { findSecretShapes } from '../model/secret-shapes.js';
import type { SourceFile } from '../model/types.js';

/**
 * Characters escaped in output. Newline and CR forge lines in a terminal
 * report; U+2028/U+2029 do in editors and some terminals; ESC starts ANSI
 * sequences; bidi overrides and isolates reorder text (Trojan Source); the
 * zero-width and word-joiner family and the BOM make two different strings
 * look the same.
 */
const UNSAFE_CLASS = '[\\u0000-\\u0008\\u000A-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]';
const UNSAFE = new RegExp(UNSAFE_CLASS, 'g');

/** UNSAFE for one UTF-16 code unit, without a regex call per character. */
function isUnsafe(c: number): boolean {
  if (c < 0x20) return c !== 9;
  if (c < 0x7f) return false;
  if (c <= 0x9f) return true;
  return c === 0x61c || (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff;
}

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The visible form of a string: unsafe characters replaced by their escapes. */
export function escapeUnsafe(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/**
 * A value masked wherever it appears in free text must look like a real
 * secret: short or single-class values (`postgres`, `admin`, `demo`) would
 * mangle ordinary words, image names and paths. Weak values are still masked
 * where they are written (code frames, by location).
 */
export function isStrongSecret(value: string): boolean {
  const v = value.trim();
  if (v.length >= 16) return true;
  if (v.length < 8) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 2;
}

export interface SecretSpan {
  path: string;
  line: number;
  startColumn: number;
  endColumn: number;
}

/** Half-open UTF-16 range of `text` to replace by its mask. */
interface MaskRange {
  start: number;
  end: number;
  /** False: print `****` whatever the length (private key bodies). */
  reveal: boolean;
}

/** A sanitised line plus where each source column landed in it, for the caret underline. */
export interface CleanLine {
  text: string;
  /** 0-based offset in `text` where source character `i` (0-based) starts. */
  column(i: number): number;
  /** 0-based offset in `text` just after the source characters before `i`: the printed end of a half-open range. */
  columnEnd(i: number): number;
}

export class Masker {
  private readonly values: string[];
  private readonly spans = new Map<string, SecretSpan[]>();
  /** Shape spans of each whole file, so a multi-line private key is masked on every line. */
  private readonly fileShapes = new Map<string, MaskRange[]>();
  private readonly frameCache = new Map<string, { source: string; clean: CleanLine }>();

  /** Lines of private key bodies seen anywhere in the scanned files (see keyLines()). */
  private keyLineCache?: string[];

  /** The masker for one scan's reports: its secrets, where they are written, and its files' text. */
  static forResult(result: { secrets: string[]; secretSpans: SecretSpan[]; sources: Map<string, SourceFile> }): Masker {
    return new Masker(result.secrets, result.secretSpans, result.sources);
  }

  constructor(secrets: Iterable<string>, spans: Iterable<SecretSpan> = [], private readonly sources: ReadonlyMap<string, SourceFile> = new Map()) {
    // Longest first so a secret containing another is masked whole.
    this.values = [...new Set(secrets)].filter(isStrongSecret).sort((a, b) => b.length - a.length);
    for (const sp of spans) {
      const key = `${sp.path}\0${sp.line}`;
      const list = this.spans.get(key) ?? [];
      list.push(sp);
      this.spans.set(key, list);
    }
  }

  /** Masks known values, secret shapes and the values given for this text only (e.g. a finding's own). */
  mask(text: string, extra: readonly string[] = []): string {
    return apply(text, this.ranges(text, extra), false).text;
  }

  /** Mask, then escape unsafe characters: the form every quoted string is printed in. */
  clean(text: string, extra: readonly string[] = []): string {
    return apply(text, this.ranges(text, extra), true).text;
  }

  /** A source line for a code frame: masked by position, by shape (seen in the whole file) and by value, then escaped. */
  cleanLine(path: string, line: number, text: string, file?: SourceFile): string {
    return this.frameLine(path, line, text, file).text;
  }

  /** cleanLine() with the column map the caret underline needs. */
  frameLine(path: string, line: number, text: string, given: SourceFile | undefined = this.sources.get(path)): CleanLine {
    // File offsets only apply to the line as it is in the file.
    const file = given && given.lines.lineText(line) === text ? given : undefined;
    const key = `${path}\0${line}`;
    const cached = this.frameCache.get(key);
    if (cached && cached.source === text) return cached.clean;
    // With the file at hand its shapes cover this line; scanning the line again would only cost time.
    const ranges = this.ranges(text, [], !file);
    for (const sp of this.spans.get(`${path}\0${line}`) ?? []) {
      ranges.push({ start: sp.startColumn - 1, end: Math.min(text.length, sp.endColumn - 1), reveal: true });
    }
    if (file) {
      const lineStart = file.lines.offsetOf(line, 1);
      const lineEnd = lineStart + text.length;
      for (const r of this.shapesOf(file)) {
        if (r.end <= lineStart || r.start >= lineEnd) continue;
        ranges.push({ start: Math.max(r.start, lineStart) - lineStart, end: Math.min(r.end, lineEnd) - lineStart, reveal: r.reveal });
      }
    }
    const clean = apply(text, ranges, true, true);
    // Several rules often report on one line (a compose service): its frame is built once.
    this.frameCache.set(key, { source: text, clean });
    return clean;
  }

  private shapesOf(file: SourceFile): MaskRange[] {
    let list = this.fileShapes.get(file.path);
    if (!list) {
      list = findSecretShapes(file.text);
      this.fileShapes.set(file.path, list);
    }
    return list;
  }

  /**
   * A private key body line quoted on its own (a message quoting one line of
   * a file) has no shape: only its file shows it is part of a key. Lines of
   * every key body in the scanned files are therefore masked by value.
   */
  private keyLines(): string[] {
    if (!this.keyLineCache) {
      const lines = new Set<string>();
      for (const file of this.sources.values()) {
        if (!file.text.includes('PRIVATE KEY-----')) continue;
        for (const r of this.shapesOf(file)) {
          if (r.reveal) continue;
          for (const l of file.text.slice(r.start, r.end).split(/\r?\n|\\n/)) if (l.trim().length >= 16) lines.add(l.trim());
        }
      }
      this.keyLineCache = [...lines];
    }
    return this.keyLineCache;
  }

  private ranges(text: string, extra: readonly string[], shapes = true): MaskRange[] {
    const out: MaskRange[] = shapes ? findSecretShapes(text) : [];
    for (const s of this.keyLines()) {
      for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + s.length)) out.push({ start: i, end: i + s.length, reveal: false });
    }
    for (const s of [...extra.filter((e) => e.length >= 4), ...this.values]) {
      for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + s.length)) out.push({ start: i, end: i + s.length, reveal: true });
    }
    return out;
  }
}

/**
 * Replaces each union of overlapping ranges by its mask and, with `escape`,
 * every unsafe character outside them by its escape. With `columns`, also
 * records where each source offset ends up (code frame lines only: it is a
 * per-character walk).
 */
function apply(text: string, ranges: MaskRange[], escape: boolean, columns = false): CleanLine {
  const merged = mergeRanges(ranges.filter((r) => r.end > r.start && r.start >= 0));
  const keep = (w: string) => (escape ? escapeUnsafe(w) : w);
  const offsets = columns ? new Array<number>(text.length + 1) : [];
  const ends = columns ? new Array<number>(text.length + 1) : [];
  let out = '';
  let i = 0;
  for (const r of [...merged, { start: text.length, end: text.length, reveal: true }]) {
    if (columns) {
      for (; i < r.start; i++) {
        offsets[i] = out.length;
        const c = text[i]!;
        out += escape && isUnsafe(c.charCodeAt(0)) ? escapeChar(c) : c;
        ends[i] = out.length;
      }
    } else {
      out += keep(text.slice(i, r.start));
      i = r.start;
    }
    if (r.end === r.start) break;
    const start = out.length;
    const value = text.slice(r.start, r.end);
    const lead = value.length - value.trimStart().length;
    const trail = value.length - value.trimEnd().length;
    const core = value.trim();
    // Whitespace around a span (a private key line's indentation) stays, so frames keep their shape.
    out += keep(value.slice(0, lead)) + (core ? (r.reveal ? maskSecret(core) : '****') : '') + keep(value.slice(value.length - trail));
    for (; i < r.end; i++) {
      if (!columns) continue;
      offsets[i] = start;
      ends[i] = out.length;
    }
    i = r.end;
  }
  offsets[text.length] = out.length;
  const clamp = (k: number) => Math.max(0, Math.min(k, text.length));
  return { text: out, column: (k) => offsets[clamp(k)] ?? 0, columnEnd: (k) => (clamp(k) === 0 ? 0 : (ends[clamp(k) - 1] ?? out.length)) };
}

function mergeRanges(ranges: MaskRange[]): MaskRange[] {
  const sorted = ranges.slice().sort((a, b) => a.start - b.start);
  const out: MaskRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      last.reveal = last.reveal && r.reveal;
    } else out.push({ ...r });
  }
  return out;
}
