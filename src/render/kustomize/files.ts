/**
 * The files a build reads: the scan's own, else read through the render
 * context (generator inputs discovery does not pick up), never outside the
 * scan root. Kustomization files are found by folder, under the three names
 * kustomize accepts, in its order of preference.
 */
import type { Location } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import type { RenderContext } from '../types.js';
import { dirOf, resolveWithin as resolveRel } from '../../base/repo-path.js';
export { dirOf, resolveRel };

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationPath(p: string): boolean {
  return KUSTOMIZATION_NAMES.includes(p.slice(p.lastIndexOf('/') + 1));
}



export class FileSet {
  private readonly byPath = new Map<string, SourceFile>();
  private readonly kustomizations = new Map<string, SourceFile[]>();
  /** Files read through the context, for the stage to keep. */
  readonly extra = new Map<string, SourceFile>();
  private readonly refused = new Map<string, { skipped: string; binary?: boolean } | undefined>();

  constructor(
    files: readonly SourceFile[],
    private readonly ctx: RenderContext | undefined,
  ) {
    for (const f of files) {
      this.byPath.set(f.path, f);
      if (f.kind === 'kustomization' || isKustomizationPath(f.path)) {
        const d = dirOf(f.path);
        this.kustomizations.set(d, [...(this.kustomizations.get(d) ?? []), f]);
      }
    }
    for (const list of this.kustomizations.values()) list.sort((a, b) => rank(a.path) - rank(b.path));
  }

  /** Every kustomization file of the scan. */
  allKustomizations(): SourceFile[] {
    return [...this.kustomizations.values()].flat();
  }

  /** The kustomization files of folder `dir` (more than one is an error kustomize reports). */
  kustomizationsIn(dir: string): SourceFile[] {
    return this.kustomizations.get(dir) ?? [];
  }

  /** A file of the scan, or read now; `{ problem }` says why not. */
  file(path: string): SourceFile | { problem: string; binary?: boolean } {
    const known = this.byPath.get(path) ?? this.extra.get(path);
    if (known) return known;
    if (!this.refused.has(path)) {
      const r = this.ctx?.read(path);
      if (r && 'file' in r) {
        this.extra.set(path, r.file);
        return r.file;
      }
      this.refused.set(path, r);
    }
    const why = this.refused.get(path);
    return why ? { problem: why.skipped, binary: why.binary } : { problem: 'no such file' };
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }
}

function rank(p: string): number {
  return KUSTOMIZATION_NAMES.indexOf(p.slice(p.lastIndexOf('/') + 1));
}

export function lineOf(f: SourceFile, line = 1): Location {
  return f.lines.lineLocation(f.path, line);
}
