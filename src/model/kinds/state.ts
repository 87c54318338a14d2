/**
 * What each per-kind module gets while the model is built: the model being
 * filled, the scan's lift context, its own files, facts earlier kinds left for
 * later ones (Kustomize patch targets, skaffold artifacts), and shared YAML
 * parsing so every YAML kind reports parse errors the same way.
 */
import type { Document } from 'yaml';
import type { ArtifactKind } from '../../base/artifact-kind.js';
import type { LiftContext } from '../lift-context.js';
import type { SkaffoldArtifact } from '../link.js';
import type { Location, Model, SourceFile } from '../types.js';

export interface BuildState {
  model: Model;
  ctx: LiftContext;
  /** The scan's files of one kind, as discovery (or a renderer) classified them. */
  of(kind: ArtifactKind): SourceFile[];
  /** Files that a kustomization patches: partial resources, never evaluated as complete ones. */
  patchFiles: Set<string>;
  /** skaffold build artifacts, for the linker. */
  skaffold: SkaffoldArtifact[];
  /** Content decided the file's kind (a `*.yaml` holding compose services or Kubernetes objects). */
  classify(file: SourceFile, kind: ArtifactKind): void;
  /** The YAML parser with the shared error handling, loaded on first use. */
  yaml(): Promise<YamlSupport>;
}

export interface YamlSupport {
  parser: typeof import('../../parsers/yaml.js');
  /** Parses every document, reports errors as parse-error findings and keeps only the clean ones (also in `model.yaml`). */
  parse(f: SourceFile, version: '1.1' | '1.2'): Document[];
  /** The document as plain data, or undefined after reporting why it was refused (alias bomb and the like). */
  plain(f: SourceFile, d: Document): unknown;
}

/** What a per-kind module exports: how its files become model entities. */
export interface KindModule {
  lift(state: BuildState): void | Promise<void>;
}

export function firstLine(f: SourceFile): Location {
  return f.lines.lineLocation(f.path, 1);
}

export function makeYamlSupport(parser: typeof import('../../parsers/yaml.js'), model: Model, ctx: LiftContext): YamlSupport {
  return {
    parser,
    parse(f, version) {
      const r = parser.parseYaml(f, version);
      for (const e of r.errors) ctx.parseError(f, e.location, `invalid YAML: ${e.message}. This YAML document was not checked`);
      // Documents with errors are dropped: evaluating half a resource invents findings.
      const ok = r.docs.filter((d) => d.errors.length === 0);
      model.yaml.set(f.path, ok);
      return ok;
    },
    plain(f, d) {
      try {
        return parser.toPlain(d);
      } catch (e) {
        ctx.parseError(f, firstLine(f), `YAML refused: ${(e as Error).message}. This YAML document was not checked`);
        return undefined;
      }
    },
  };
}
