/**
 * From read files to the linked Model: every per-kind module in
 * `./kinds/index.ts` whose kind is present, in order, then the linker.
 */
import type { ArtifactKind } from '../base/artifact-kind.js';
import type { LiftContext } from './lift-context.js';
import { emptyMigrationModel } from './migration-types.js';
import type { Model, SourceFile } from './types.js';
import { KIND_STAGES } from './kinds/index.js';
import { makeYamlSupport, type BuildState, type YamlSupport } from './kinds/state.js';

export interface BuildModelInput {
  root: string;
  /** The files to lift: read files and rendered ones. */
  files: SourceFile[];
  /** Files kept in the model (code frames, suppression comments) but not lifted: sources a renderer consumed. */
  kept?: SourceFile[];
  /** Every discovered path, artifact or not. */
  paths?: Iterable<string>;
  ctx: LiftContext;
}

export function emptyModel(root: string, files: SourceFile[], paths: Iterable<string> = files.map((f) => f.path)): Model {
  const all = new Set(paths);
  const byName = new Map<string, string[]>();
  for (const p of all) {
    const name = p.slice(p.lastIndexOf('/') + 1);
    const list = byName.get(name);
    if (list) list.push(p);
    else byName.set(name, [p]);
  }
  return {
    root,
    files,
    paths: all,
    pathsByName: byName,
    fileByPath: new Map(files.map((f) => [f.path, f])),
    kindByPath: new Map(files.map((f) => [f.path, f.kind])),
    imageBuilds: [],
    dockerignores: [],
    workloads: [],
    k8sObjects: [],
    services: [],
    pdbs: [],
    hpas: [],
    k8sSecrets: [],
    trafficRoutes: [],
    progressiveDeliveries: [],
    secrets: [],
    pipelines: [],
    migrations: emptyMigrationModel(),
    toml: [],
    systemdUnits: [],
    envFiles: [],
    terraform: [],
    imageOverrides: [],
    notEvaluated: [],
    yaml: new Map(),
  };
}

export async function buildModel({ root, files, kept = [], paths, ctx }: BuildModelInput): Promise<Model> {
  const model = emptyModel(root, [...files, ...kept], paths ?? [...files, ...kept].map((f) => f.path));
  const byKind = new Map<ArtifactKind, SourceFile[]>();
  for (const f of files) {
    const list = byKind.get(f.kind) ?? [];
    list.push(f);
    byKind.set(f.kind, list);
  }
  let yaml: Promise<YamlSupport> | undefined;
  const state: BuildState = {
    model,
    ctx,
    of: (k) => byKind.get(k) ?? [],
    patchFiles: new Set(),
    skaffold: [],
    classify: (f, kind) => model.kindByPath.set(f.path, kind),
    yaml: () => (yaml ??= import('../parsers/yaml.js').then((parser) => makeYamlSupport(parser, model, ctx))),
  };
  for (const stage of KIND_STAGES) {
    if (!stage.kinds.some((k) => byKind.has(k))) continue;
    const mod = await stage.load();
    await mod.lift(state);
  }
  const { linkModel } = await import('./link.js');
  const read = ctx.readAuxiliary?.bind(ctx);
  linkModel(model, state.skaffold, read);
  // Whether an image runs a process depends on the repository's other builds and on the workloads linked to it.
  if (model.imageBuilds.length > 0) {
    const { settleImageRoles } = await import('./image-purpose.js');
    settleImageRoles(model);
  }
  return model;
}
