/**
 * Source positions. Lines and columns are 1-based; columns count UTF-16 code
 * units (what SARIF calls `utf16CodeUnits`, and what JS string offsets are).
 * `endColumn` is exclusive: the column just after the last character, as SARIF
 * defines it.
 */
export interface Location {
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A value read from a file together with where it was written. */
export interface Field<T> {
  value: T;
  location: Location;
}

export interface Position {
  line: number;
  column: number;
}

/** Maps offsets in a text to line/column, built once per file. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of a UTF-16 offset. */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }

  offsetOf(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
    return start + column - 1;
  }

  location(path: string, start: number, end: number): Location {
    const s = this.position(start);
    const e = this.position(Math.max(start, end));
    return { path, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }

  /** Text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }

  /** A location covering a whole line, trimmed of leading and trailing blanks. */
  lineLocation(path: string, line: number): Location {
    const text = this.lineText(line);
    const lead = text.length - text.trimStart().length;
    const trimmed = text.trimEnd().length;
    return { path, startLine: line, startColumn: lead + 1, endLine: line, endColumn: Math.max(trimmed, lead) + 1 };
  }
}

export function fileStart(path: string): Location {
  return { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}

export function compareLocations(a: Location, b: Location): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.startLine - b.startLine ||
    a.startColumn - b.startColumn ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn
  );
}

export function contains(outer: Location, inner: Location): boolean {
  if (outer.path !== inner.path) return false;
  const startsAfter = inner.startLine > outer.startLine || (inner.startLine === outer.startLine && inner.startColumn >= outer.startColumn);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

/** From the start of `a` to the end of `b` (a pipeline, a download and its use), where a finding spanning both points. */
export function spanOf(a: Location, b: Location): Location {
  return { path: a.path, startLine: a.startLine, startColumn: a.startColumn, endLine: b.endLine, endColumn: b.endColumn };
}
