/**
 * The render stage sits between reading and parsing: a renderer turns a
 * source that is not itself a manifest (a Helm chart, a Kustomize overlay)
 * into virtual files the per-kind modules lift like any other, so every rule
 * applies to rendered output unchanged. Each virtual file carries a map back
 * to the source lines that produced it; the engine maps every finding through
 * it before fingerprints, suppressions and reports, so users only ever see
 * (and suppress in) their own files.
 */
import type { ArtifactKind } from '../base/artifact-kind.js';
import type { Location } from '../base/location.js';
import type { SourceFile } from '../base/source-file.js';

export interface RenderOrigin {
  renderer: string;
  /** The source rendered, as the user would name it: a chart folder, a kustomization file. */
  source: string;
  /**
   * Where a location in the rendered text came from, in a real file of the scan.
   * For output no single source line produced (a helper template's expansion),
   * the renderer points at the closest thing it knows, e.g. the include.
   */
  toSource(at: Location): Location;
  /**
   * Other places of the scan that made the output at `at` what it is (Helm: the
   * values.yaml line a printed value came from); the engine adds them to the finding.
   */
  related?(at: Location): Array<{ location: Location; message: string }>;
}

/** A file a renderer produced: not on disk, lifted like a read file, never reported at. */
export interface RenderedFile extends SourceFile {
  origin: RenderOrigin;
}

export interface RenderJob {
  /** The source as users name it (chart folder, kustomization path). */
  source: string;
  /** The scan's files the renderer reads for this source. */
  inputs: SourceFile[];
}

export interface RenderProblem {
  at: Location;
  message: string;
  /** The core rule that reports it: `core/parse-error` (default, the source is malformed) or `core/render-error` (it did not evaluate). */
  ruleId?: 'core/parse-error' | 'core/render-error';
}

export interface RenderOutput {
  files: RenderedFile[];
  /**
   * Input paths the rendered files now stand for: they are not lifted on their
   * own any more (a Helm template is judged as rendered, not as raw text), but
   * stay in the scan for code frames and suppression comments.
   */
  consumed: string[];
  /** Why a source could not be rendered; each becomes a `core/parse-error` finding and the inputs are lifted as before. */
  problems: RenderProblem[];
  /** Files read through `RenderContext.read` that rendered output points into (kept for code frames and suppressions). */
  read?: SourceFile[];
}

/** What a renderer may ask of the scan while it renders. */
export interface RenderContext {
  /**
   * A file of the scan root the renderer needs but discovery did not read (a
   * ConfigMap generator's `app.properties`): read with the scan's own rules —
   * inside the root, under the size cap, no binary — or why not.
   * Undefined when there is no such file.
   */
  read(path: string): { file: SourceFile } | { skipped: string; binary?: boolean } | undefined;
  /**
   * The bytes of a binary file of the scan root (a vendored chart `.tgz`), with the same guards as
   * `read` (inside the root, regular file, under the size cap); undefined when there is none or it is refused.
   */
  readBytes?(path: string): { bytes: Uint8Array; absPath: string } | { skipped: string } | undefined;
  /** The resolved `.shipshape.yml` sections (`helm:` for the Helm renderer). */
  settings?: Readonly<Record<string, Record<string, unknown>>>;
}

export interface Renderer {
  name: string;
  /** Cheap, synchronous: which sources this scan holds for the renderer (every scan asks every renderer). */
  select(files: readonly SourceFile[]): RenderJob[];
  /** Renders one source; implementations import their heavy parts lazily. Must not execute anything from the repository. */
  render(job: RenderJob, ctx?: RenderContext): Promise<RenderOutput>;
}

/** A virtual path that cannot collide with a real one and names its origin: `helm:charts/api/templates/deploy.yaml`. */
export function renderedPath(renderer: string, path: string): string {
  return `${renderer}:${path}`;
}

export type { ArtifactKind };
