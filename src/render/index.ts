/**
 * Runs every renderer over the read files. The result is the list the model
 * builder lifts — read files minus those a renderer consumed, plus the
 * rendered virtual files — and the problems to report. Built-in renderers
 * (Helm, Kustomize) register in BUILTIN_RENDERERS; until they land the stage
 * passes files through unchanged.
 */
import type { SourceFile } from '../base/source-file.js';
import type { Location } from '../base/location.js';
import type { RenderContext, RenderedFile, Renderer, RenderProblem } from './types.js';
import { kustomizeRenderer } from './kustomize/index.js';
import { defaultHelmRenderer } from './helm/index.js';

export * from './types.js';

export const BUILTIN_RENDERERS: readonly Renderer[] = [
  kustomizeRenderer,
  defaultHelmRenderer,
];

export interface RenderStageResult {
  /** What the per-kind modules lift. */
  lift: SourceFile[];
  /** Paths a renderer stands for (kept for code frames and suppressions, not lifted). */
  consumed: Set<string>;
  rendered: RenderedFile[];
  problems: RenderProblem[];
  /** Files renderers read beyond the scan's own (generator inputs), kept like consumed ones. */
  read: SourceFile[];
}

export async function renderSources(files: readonly SourceFile[], renderers: readonly Renderer[], ctx?: RenderContext): Promise<RenderStageResult> {
  const consumed = new Set<string>();
  const rendered: RenderedFile[] = [];
  const problems: RenderProblem[] = [];
  const read = new Map<string, SourceFile>();
  for (const r of renderers) {
    for (const job of r.select(files)) {
      let out;
      try {
        out = await r.render(job, ctx);
      } catch (e) {
        // A renderer bug must not lose the scan: report it at the source and lift the inputs as they are.
        const first = job.inputs[0];
        if (first) problems.push({ at: first.lines.lineLocation(first.path, 1), message: `${r.name} could not render ${job.source}: ${(e as Error).message}` });
        continue;
      }
      problems.push(...out.problems);
      if (out.files.length === 0 && out.problems.length > 0) continue;
      for (const p of out.consumed) consumed.add(p);
      for (const f of out.read ?? []) read.set(f.path, f);
      rendered.push(...out.files);
    }
  }
  return { lift: [...files.filter((f) => !consumed.has(f.path)), ...rendered], consumed, rendered, problems, read: [...read.values()] };
}

export function isRendered(f: SourceFile): f is RenderedFile {
  return (f as Partial<RenderedFile>).origin !== undefined;
}

/** A location in a rendered file mapped to its source; other locations as they are. */
export function toSourceLocation(at: Location, byPath: ReadonlyMap<string, SourceFile>): Location {
  const f = byPath.get(at.path);
  return f && isRendered(f) ? f.origin.toSource(at) : at;
}
