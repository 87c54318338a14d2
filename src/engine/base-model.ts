/**
 * `--base REF` as a second model. Rules that compare with the base revision
 * (an applied migration edited since, a migration added out of order) ask
 * `ctx.base.model()` and compare entities, instead of re-classifying paths of
 * the revision with their own patterns. The base model is built by the same
 * pipeline as the current one — classification by path, the render stage, the
 * per-kind modules, the linker — from the files git holds at REF, once, and
 * only when a rule asks. Its parse errors are not findings: that revision is
 * not what is being reviewed.
 */
import { classifyPaths, pathFilter } from '../discover/index.js';
import { decodeCandidate } from '../discover/read.js';
import { buildModel } from '../model/build.js';
import type { Model, SourceFile } from '../model/types.js';
import type { ResolvedConfig } from '../config/types.js';
import { renderSources, type Renderer } from '../render/index.js';
import type { BaseRevision } from './rule.js';

/** Read-only access to the files of a revision (git, or a folder in tests). Paths are relative to the scan root. */
export interface RevisionReader {
  ref: string;
  files(): string[];
  read(path: string): string | undefined;
  /** Many files at once, when the source can do better than one read each (git cat-file --batch). */
  readMany?(paths: readonly string[]): Map<string, Buffer>;
}

export function baseRevisionView(reader: RevisionReader, opts: { root: string; config: ResolvedConfig; renderers?: readonly Renderer[] }): BaseRevision {
  let built: Promise<Model> | undefined;
  return { ref: reader.ref, model: () => (built ??= buildBaseModel(reader, opts)) };
}

async function buildBaseModel(reader: RevisionReader, { root, config, renderers = [] }: { root: string; config: ResolvedConfig; renderers?: readonly Renderer[] }): Promise<Model> {
  const keep = pathFilter(root, config.include, config.exclude);
  const paths = reader.files().filter((p) => keep(p));
  const kinds = classifyPaths(paths, config.settings['migrations']?.['paths']);
  const wanted = [...kinds.keys()];
  const bytes = reader.readMany ? reader.readMany(wanted) : new Map(wanted.flatMap((p) => { const t = reader.read(p); return t === undefined ? [] : [[p, Buffer.from(t, 'utf8')] as const]; }));
  const files: SourceFile[] = [];
  for (const path of wanted) {
    const buf = bytes.get(path);
    if (!buf) continue;
    const r = decodeCandidate({ path, absPath: `${reader.ref}:${path}`, kind: kinds.get(path)! }, buf, config.maxFileSize);
    if ('file' in r) files.push(r.file);
  }
  const rendered = await renderSources(files, renderers, {
    read(path) {
      const t = reader.read(path);
      if (t === undefined) return undefined;
      const r = decodeCandidate({ path, absPath: `${reader.ref}:${path}`, kind: 'yaml' }, Buffer.from(t, 'utf8'), config.maxFileSize);
      return 'file' in r ? { file: r.file } : { skipped: r.skipped, binary: r.cause === 'binary' };
    },
  });
  return buildModel({
    root,
    files: rendered.lift,
    kept: [...files.filter((f) => rendered.consumed.has(f.path)), ...rendered.read],
    paths,
    ctx: {
      root,
      allFiles: files,
      config,
      parseError: () => {},
      readAuxiliary: (p) => {
        const t = keep(p) ? reader.read(p) : undefined;
        return t !== undefined && t.length <= Math.min(config.maxFileSize, 256 * 1024) ? t : undefined;
      },
    },
  });
}
