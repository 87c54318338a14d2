/**
 * Rendered output back to the template: the engine's spans say which template
 * position printed each stretch of output. Literal template text maps
 * character for character; an action's output maps to the whole `{{ ... }}`.
 * Output of an `include`/`template` call maps to the outermost include in
 * the rendered template — the line a user edits to change that resource
 * (the helper's own line is shared by every chart template that includes it).
 */
import type { Location, LineIndex } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import type { OutputSpan, TemplatePos } from '../gotemplate/types.js';

export type ValuesOrigin = (path: readonly (string | number)[]) => Location | undefined;

export class SpanMap {
  constructor(
    private readonly rendered: LineIndex,
    private readonly spans: readonly OutputSpan[],
    /** Template name → the scan file holding it. */
    private readonly templates: ReadonlyMap<string, SourceFile>,
    /** Where a template position goes when its file is unknown (a `tpl` string): the rendered template's file. */
    private readonly fallback: SourceFile,
    private readonly valuesOrigin: ValuesOrigin,
  ) {}

  /** The span holding an offset (spans are ordered and gapless). */
  private spanAt(offset: number): OutputSpan | undefined {
    let lo = 0;
    let hi = this.spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.spans[mid]!;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return s;
    }
    return this.spans[this.spans.length - 1];
  }

  toSource(at: Location): Location {
    const start = this.rendered.offsetOf(at.startLine, at.startColumn);
    const end = this.rendered.offsetOf(at.endLine, at.endColumn);
    const span = this.spanAt(start);
    if (!span) return this.fallback.lines.lineLocation(this.fallback.path, 1);
    const pos: TemplatePos = span.via?.[0] ?? span.pos;
    const file = this.templates.get(pos.template) ?? this.fallback;
    const src = file.lines;
    const base = src.offsetOf(pos.line, pos.col);
    if (file.text.startsWith('{{', base)) {
      const close = file.text.indexOf('}}', base + 2);
      return src.location(file.path, base, close === -1 ? base + 2 : close + 2);
    }
    if (span.via?.length) return src.lineLocation(file.path, pos.line);
    // Literal text: same characters in the same order, so offsets translate one for one (within the span).
    const s = base + (start - span.start);
    const e = base + (Math.min(end, span.end) - span.start);
    return src.location(file.path, s, Math.max(s, e));
  }

  /** Values the output around `at` printed: its own span and the rest of its line (a key's value follows it). */
  related(at: Location): Array<{ location: Location; message: string }> {
    const start = this.rendered.offsetOf(at.startLine, at.startColumn);
    const lineEnd = this.rendered.offsetOf(at.endLine + 1, 1);
    const end = Math.max(this.rendered.offsetOf(at.endLine, at.endColumn), lineEnd > start ? lineEnd : this.rendered.text.length);
    const out: Array<{ location: Location; message: string }> = [];
    const seen = new Set<string>();
    let i = this.indexAt(start);
    // Bounded by the spans of one finding's lines.
    for (; i < this.spans.length && this.spans[i]!.start < end; i++) {
      const p = this.spans[i]!.valuesPath;
      if (!p || p.length === 0) continue;
      const loc = this.valuesOrigin(p);
      if (!loc) continue;
      const id = `${loc.path}:${loc.startLine}:${loc.startColumn}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ location: loc, message: `value set here (.Values.${p.map(String).join('.')})` });
    }
    return out;
  }

  private indexAt(offset: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
