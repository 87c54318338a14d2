/**
 * Rendered resources → YAML text, one document each, with a map from every
 * rendered line back to what set it. A line holds at most a key and a scalar
 * (block style throughout, one key per line), so the map records for each
 * line the key's origin and the value's origin; `toSource` picks the one the
 * rendered column falls in. Strings are quoted whenever YAML 1.1 could read
 * them as anything else, so re-parsing gives the values the tree holds.
 */
import type { Location } from '../../base/location.js';
import type { KMap, KNode, KSeq } from './tree.js';

interface Segment {
  /** 1-based rendered columns, end exclusive. */
  from: number;
  to: number;
  at: Location;
}

export interface Emitted {
  text: string;
  /** Per rendered line (index 0 = line 1). */
  lines: Segment[][];
}

export function emitDocuments(docs: readonly KMap[]): Emitted {
  const out: string[] = [];
  const lines: Segment[][] = [];
  docs.forEach((d, i) => {
    if (i > 0) {
      out.push('---');
      lines.push([{ from: 1, to: 4, at: d.at }]);
    }
    emitMapBody(d, 0, '', out, lines);
  });
  return { text: out.join('\n') + '\n', lines };
}

function emitMapBody(m: KMap, indent: number, firstPrefix: string, out: string[], lines: Segment[][]): void {
  if (m.entries.length === 0) {
    push(out, lines, `${' '.repeat(indent)}${firstPrefix}{}`, [{ from: 1, to: indent + firstPrefix.length + 3, at: m.at }]);
    return;
  }
  m.entries.forEach((e, i) => {
    const pad = i === 0 ? `${' '.repeat(indent)}${firstPrefix}` : ' '.repeat(indent + firstPrefix.length);
    const k = quoteKey(e.key);
    const keyFrom = pad.length + 1;
    const keySeg: Segment = { from: keyFrom, to: keyFrom + k.length, at: e.keyAt };
    const dash: Segment[] = i === 0 && firstPrefix ? [{ from: indent + 1, to: keyFrom, at: m.at }] : [];
    const v = e.value;
    if (v.t === 'scalar' || isEmpty(v)) {
      const text = v.t === 'scalar' ? scalarText(v.v) : v.t === 'map' ? '{}' : '[]';
      const valFrom = keySeg.to + 2;
      push(out, lines, `${pad}${k}: ${text}`, [...dash, keySeg, { from: valFrom, to: valFrom + text.length, at: v.at }]);
      return;
    }
    push(out, lines, `${pad}${k}:`, [...dash, { ...keySeg, to: keySeg.to + 1 }]);
    const childIndent = pad.length + 2;
    if (v.t === 'map') emitMapBody(v, childIndent, '', out, lines);
    else emitSeq(v, childIndent, out, lines);
  });
}

function emitSeq(s: KSeq, indent: number, out: string[], lines: Segment[][]): void {
  for (const item of s.items) {
    const pad = ' '.repeat(indent);
    if (item.t === 'map' && item.entries.length > 0) {
      emitMapBody(item, indent, '- ', out, lines);
    } else if (item.t === 'seq' && item.items.length > 0) {
      push(out, lines, `${pad}-`, [{ from: indent + 1, to: indent + 2, at: item.at }]);
      emitSeq(item, indent + 2, out, lines);
    } else {
      const text = item.t === 'scalar' ? scalarText(item.v) : item.t === 'map' ? '{}' : '[]';
      push(out, lines, `${pad}- ${text}`, [
        { from: indent + 1, to: indent + 3, at: item.at },
        { from: indent + 3, to: indent + 3 + text.length, at: item.at },
      ]);
    }
  }
}

function isEmpty(n: KNode): boolean {
  return (n.t === 'map' && n.entries.length === 0) || (n.t === 'seq' && n.items.length === 0);
}

function push(out: string[], lines: Segment[][], text: string, segs: Segment[]): void {
  out.push(text);
  lines.push(segs);
}

/** Words YAML 1.1 reads as booleans or null. */
const SPECIAL_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~']);

/** A string YAML 1.1 reads back as the same string when written plain: starts with a letter or `/`, then word characters, `.`, `/`, `-`. */
const SAFE_PLAIN = /^[A-Za-z/][\w./-]*$/;

function quoteKey(k: string): string {
  return needsQuotes(k) ? JSON.stringify(k) : k;
}

function needsQuotes(s: string): boolean {
  return !SAFE_PLAIN.test(s) || SPECIAL_WORDS.has(s.toLowerCase()) || s.length > 200;
}

/** JSON's double-quoted strings are YAML double-quoted scalars with the same escapes, on one line. */
export function scalarText(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  return needsQuotes(v) ? JSON.stringify(v) : v;
}

/**
 * Where a rendered location came from. The start decides the file; the end
 * is kept when it maps into the same file after the start (a multi-line
 * object), otherwise the start's own extent is used.
 */
export function toSourceLocation(lines: readonly Segment[][], at: Location): Location {
  const s = segmentAt(lines, at.startLine, at.startColumn);
  if (!s) return at;
  if (at.endLine === at.startLine && at.endColumn <= s.to) return s.at;
  const e = segmentAt(lines, at.endLine, Math.max(1, at.endColumn - 1));
  if (!e || e.at.path !== s.at.path) return s.at;
  const afterStart = e.at.endLine > s.at.startLine || (e.at.endLine === s.at.startLine && e.at.endColumn >= s.at.startColumn);
  return afterStart ? { path: s.at.path, startLine: s.at.startLine, startColumn: s.at.startColumn, endLine: e.at.endLine, endColumn: e.at.endColumn } : s.at;
}

function segmentAt(lines: readonly Segment[][], line: number, column: number): Segment | undefined {
  const segs = lines[Math.max(0, Math.min(line, lines.length) - 1)];
  if (!segs || segs.length === 0) return undefined;
  // The segment holding the column; before the first, the first; past the last, the last (a value's end).
  let best = segs[0]!;
  for (const s of segs) if (column >= s.from) best = s;
  return best;
}
