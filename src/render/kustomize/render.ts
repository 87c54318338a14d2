/**
 * Renders the top-level overlays of a scan: one virtual Kubernetes file per
 * overlay (`kustomize:overlays/prod/kustomization.yaml`), each line mapped to
 * the line that set it. Problems of a base shared by several overlays are
 * reported once.
 */
import { LineIndex, type Location } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import { renderedPath, type RenderContext, type RenderedFile, type RenderOutput, type RenderProblem } from '../types.js';
import { buildOverlay } from './build.js';
import { emitDocuments, toSourceLocation } from './emit.js';
import { FileSet } from './files.js';
import { topLevelKustomizations } from './select.js';

export function renderKustomizations(inputs: readonly SourceFile[], ctx: RenderContext | undefined): RenderOutput {
  const files = new FileSet(inputs, ctx);
  const out: RenderedFile[] = [];
  const consumed = new Set<string>();
  const problems: RenderProblem[] = [];
  const seen = new Set<string>();
  const report = (at: Location, message: string) => {
    const id = `${at.path}:${at.startLine}:${at.startColumn}:${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    problems.push({ at, message });
  };
  for (const overlay of topLevelKustomizations(files)) {
    let built;
    try {
      built = buildOverlay(overlay, files);
    } catch (e) {
      // A bug in one overlay's build must not lose the others; its files are lifted as they are.
      report(overlay.lines.lineLocation(overlay.path, 1), `kustomize could not render ${overlay.path}: ${(e as Error).message}`);
      continue;
    }
    for (const p of built.problems) report(p.at, p.message);
    // A kustomization that does not load at all is left to be lifted as before (its YAML errors are reported there).
    if (built.failed) continue;
    for (const p of built.used) consumed.add(p);
    const emitted = emitDocuments(built.resources.map((r) => r.node));
    const text = built.resources.length === 0 ? '' : emitted.text;
    out.push({
      path: renderedPath('kustomize', overlay.path),
      absPath: overlay.absPath,
      kind: 'kubernetes',
      text,
      lines: new LineIndex(text),
      origin: { renderer: 'kustomize', source: overlay.path, toSource: (at) => toSourceLocation(emitted.lines, at) },
    });
  }
  return { files: out, consumed: [...consumed], problems, read: [...files.extra.values()] };
}
