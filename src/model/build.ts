/**
 * From read files to the linked Model. Each parser is imported only when a
 * file of its kind is present, so a one-Dockerfile pre-commit run never loads
 * the YAML, TOML or SQL parsers.
 */
import { templatedYamlReason } from './templated-yaml.js';
import type { Document } from 'yaml';
import type { ArtifactKind } from '../discover/kinds.js';
import type { LiftContext } from './lift-context.js';
import { emptyMigrationModel } from './migration-types.js';
import type { Location, Model, SourceFile } from './types.js';
import type { SkaffoldArtifact } from './link.js';
import { someLineStartsWith } from './strings.js';

export interface BuildModelInput {
  root: string;
  files: SourceFile[];
  /** Every discovered path, artifact or not. */
  paths?: Iterable<string>;
  ctx: LiftContext;
}

const YAML_KINDS = new Set<ArtifactKind>(['kubernetes', 'compose', 'github-workflow', 'github-action', 'kustomization', 'helm-values', 'helm-chart', 'yaml']);
const TOML_KINDS = new Set<ArtifactKind>(['cargo', 'rust-toolchain', 'cargo-config', 'fly']);

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

/** Parser families this process has loaded, for start-up checks (see test/engine.test.ts). */
export const loadedParsers = new Set<string>();

export async function buildModel({ root, files, paths, ctx }: BuildModelInput): Promise<Model> {
  const model = emptyModel(root, files, paths);
  const byKind = new Map<ArtifactKind, SourceFile[]>();
  for (const f of files) {
    const list = byKind.get(f.kind) ?? [];
    list.push(f);
    byKind.set(f.kind, list);
  }
  const of = (k: ArtifactKind) => byKind.get(k) ?? [];
  const present = (kinds: Iterable<ArtifactKind>) => [...kinds].some((k) => of(k).length > 0);
  const skaffold: SkaffoldArtifact[] = [];

  if (of('dockerfile').length > 0) {
    loadedParsers.add('dockerfile');
    const { liftDockerfile } = await import('./lift-dockerfile.js');
    for (const f of of('dockerfile')) {
      try {
        model.imageBuilds.push(liftDockerfile(f, model.secrets));
      } catch (e) {
        ctx.parseError(f, firstLine(f), `Dockerfile could not be parsed: ${(e as Error).message}. This file was not checked`);
      }
    }
  }
  if (of('dockerignore').length > 0) {
    const { liftDockerignore } = await import('./lift-dockerignore.js');
    for (const f of of('dockerignore')) model.dockerignores.push(liftDockerignore(f));
  }

  if (present(YAML_KINDS)) {
    loadedParsers.add('yaml');
    const yaml = await import('../parsers/yaml.js');
    const k8s = await import('./lift-kubernetes.js');
    const { liftCompose, isComposeDocument } = await import('./lift-compose.js');
    const { liftWorkflow } = await import('./lift-workflow.js');
    const lift = k8s.emptyKubernetesLift();

    const parse = (f: SourceFile, version: '1.1' | '1.2'): Document[] | undefined => {
      const r = yaml.parseYaml(f, version);
      for (const e of r.errors) ctx.parseError(f, e.location, `invalid YAML: ${e.message}. This YAML document was not checked`);
      // Documents with errors are dropped: evaluating half a resource invents findings.
      const ok = r.docs.filter((d) => d.errors.length === 0);
      model.yaml.set(f.path, ok);
      return ok;
    };
    const plain = (f: SourceFile, d: Document): unknown => {
      try {
        return yaml.toPlain(d);
      } catch (e) {
        ctx.parseError(f, firstLine(f), `YAML refused: ${(e as Error).message}. This YAML document was not checked`);
        return undefined;
      }
    };

    // Kustomize patches are partial resources: never evaluate them as complete ones.
    const patchFiles = new Set<string>();
    for (const f of of('kustomization')) {
      const docs = parse(f, '1.1') ?? [];
      for (const d of docs) {
        const v = plain(f, d) as Record<string, unknown> | undefined;
        for (const p of kustomizePatchPaths(v)) patchFiles.add(joinRel(f.path, p));
        // `images:` entries retag or pin images at build time: the manifests' references are placeholders.
        for (const item of yaml.YNode.root(d, f)?.get('images')?.items() ?? []) {
          const name = item.get('name')?.str();
          if (!name) continue;
          const setsDigest = item.has('digest');
          model.imageOverrides.push({ name, setsTag: setsDigest || item.has('newTag'), setsDigest, source: 'kustomize', location: item.location });
        }
      }
    }
    for (const f of [...of('helm-template')]) model.notEvaluated.push({ path: f.path, reason: 'Helm template (Go templating): not rendered yet' });

    for (const f of [...of('kubernetes'), ...of('yaml'), ...of('compose')]) {
      if (patchFiles.has(f.path)) {
        model.notEvaluated.push({ path: f.path, reason: 'Kustomize patch: a partial resource, checked only once overlays are built' });
        continue;
      }
      if (f.kind !== 'compose' && hasGoTemplate(f.text.slice(0, 200_000))) {
        model.notEvaluated.push({ path: f.path, reason: templatedYamlReason(f.path, f.text) });
        continue;
      }
      const docs = parse(f, '1.1') ?? [];
      let isCompose = f.kind === 'compose';
      let isK8s = false;
      docs.forEach((d, i) => {
        if (plain(f, d) === undefined && d.contents) return; // alias bomb or similar: already reported
        if (!isCompose && isComposeDocument(d, f)) isCompose = true;
        if (isCompose) {
          model.workloads.push(...liftCompose(d, f, model.secrets));
          return;
        }
        for (const o of k8s.objectsOf(d, f, i)) {
          if (o.apiVersion.startsWith('skaffold/')) {
            const artifacts = skaffoldArtifacts(o.value, f.path);
            skaffold.push(...artifacts);
            // skaffold deploys the images it builds under immutable tags it computes.
            for (const a of artifacts) model.imageOverrides.push({ name: a.image, setsTag: true, setsDigest: true, source: 'skaffold', location: o.kindLocation });
            continue;
          }
          isK8s = true;
          k8s.liftKubernetes([o], lift);
        }
      });
      f.kind = isCompose ? 'compose' : isK8s ? 'kubernetes' : f.kind;
    }
    model.k8sObjects.push(...lift.objects);
    if (lift.objects.some((o) => o.kind === 'VirtualService' || o.kind === 'Rollout' || o.kind === 'Canary')) {
      const { liftTrafficRoute, liftProgressiveDelivery } = await import('./lift-rollout.js');
      for (const o of lift.objects) {
        const route = liftTrafficRoute(o);
        if (route) model.trafficRoutes.push(route);
        const pd = liftProgressiveDelivery(o);
        if (pd) model.progressiveDeliveries.push(pd);
      }
    }
    model.workloads.push(...lift.workloads);
    model.services.push(...lift.services);
    model.pdbs.push(...lift.pdbs);
    model.hpas.push(...lift.hpas);
    model.k8sSecrets.push(...lift.secrets);
    model.secrets.push(...lift.secretValues);

    for (const kind of ['github-workflow', 'github-action'] as const) {
      for (const f of of(kind)) {
        for (const d of parse(f, '1.2') ?? []) {
          if (plain(f, d) === undefined && d.contents) continue;
          const p = liftWorkflow(d, f, kind === 'github-workflow' ? 'workflow' : 'composite-action');
          if (p) model.pipelines.push(p);
        }
      }
    }
    for (const f of [...of('helm-values'), ...of('helm-chart')]) parse(f, '1.1');
  }

  if (present(TOML_KINDS) || of('migration-config').some((f) => f.path.endsWith('.toml'))) {
    loadedParsers.add('toml');
    const { parseTomlFile, TomlParseError } = await import('../parsers/toml.js');
    const { liftFly } = await import('./lift-fly-systemd.js');
    for (const f of [...of('cargo'), ...of('rust-toolchain'), ...of('cargo-config'), ...of('fly')]) {
      if (f.kind === 'rust-toolchain' && !f.path.endsWith('.toml') && !someLineStartsWith(f.text, '[')) continue; // legacy one-line channel file
      try {
        const doc = parseTomlFile(f);
        model.toml.push(doc);
        if (f.kind === 'fly') model.workloads.push(liftFly(doc, model.secrets));
      } catch (e) {
        if (e instanceof TomlParseError) ctx.parseError(f, e.location, `invalid TOML: ${e.message}. This file was not checked`);
        else ctx.parseError(f, firstLine(f), `invalid TOML: ${(e as Error).message}. This file was not checked`);
      }
    }
  }

  if (of('systemd').length > 0) {
    const { parseSystemd } = await import('../parsers/systemd.js');
    const { liftSystemdService } = await import('./lift-fly-systemd.js');
    for (const f of of('systemd')) {
      const unit = parseSystemd(f);
      model.systemdUnits.push(unit);
      const w = liftSystemdService(unit, model.secrets);
      if (w) model.workloads.push(w);
    }
  }

  if (of('dotenv').length > 0) {
    const { parseDotenv } = await import('../parsers/dotenv.js');
    const { looksLikeSecretName, isPlaceholderValue } = await import('./secret-names.js');
    for (const f of of('dotenv')) {
      const env = parseDotenv(f);
      model.envFiles.push(env);
      for (const e of env.entries) {
        if (looksLikeSecretName(e.name) && !isPlaceholderValue(e.value)) model.secrets.push({ name: e.name, value: e.value, origin: 'dotenv', location: e.valueLocation });
      }
    }
  }

  if (of('terraform').length > 0) {
    const { parseTerraform } = await import('../parsers/terraform.js');
    for (const f of of('terraform')) model.terraform.push(parseTerraform(f));
  }

  if (of('sql-migration').length > 0) {
    loadedParsers.add('sql');
    const { liftMigrations } = await import('./lift-migrations.js');
    model.migrations = await liftMigrations(of('sql-migration'), ctx, model.toml);
  }

  const { linkModel } = await import('./link.js');
  linkModel(model, skaffold);
  return model;
}

function firstLine(f: SourceFile): Location {
  return f.lines.lineLocation(f.path, 1);
}

function kustomizePatchPaths(v: Record<string, unknown> | undefined): string[] {
  if (!v) return [];
  const out: string[] = [];
  for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
    const list = v[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (typeof item === 'string') out.push(item);
      else if (item && typeof item === 'object' && typeof (item as { path?: unknown }).path === 'string') out.push((item as { path: string }).path);
    }
  }
  return out;
}

function joinRel(kustomizationPath: string, rel: string): string {
  const dir = kustomizationPath.includes('/') ? kustomizationPath.slice(0, kustomizationPath.lastIndexOf('/')) : '';
  const parts = (dir ? `${dir}/${rel}` : rel).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '.' || p === '') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

/** Artifacts of the main build and of every profile. */
function skaffoldArtifacts(v: Record<string, unknown>, path: string): SkaffoldArtifact[] {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const profiles = Array.isArray(v['profiles']) ? (v['profiles'] as Array<{ build?: unknown } | null>) : [];
  const builds = [v['build'], ...profiles.map((p) => p?.build)] as Array<{ artifacts?: unknown } | undefined>;
  const list = builds.flatMap((b) => (Array.isArray(b?.artifacts) ? (b!.artifacts as Array<Record<string, unknown>>) : []));
  return list.flatMap((a) =>
    typeof a['image'] === 'string'
      ? [{ image: a['image'] as string, context: typeof a['context'] === 'string' ? (a['context'] as string) : '.', dockerfile: (a['docker'] as { dockerfile?: string } | undefined)?.dockerfile, dir }]
      : [],
  );
}

/** `{{` followed somewhere by `}}`: one pass, where `/\{\{[\s\S]*?\}\}/` rescans the rest of the text from every `{{`. */
function hasGoTemplate(text: string): boolean {
  const open = text.indexOf('{{');
  return open !== -1 && text.indexOf('}}', open + 2) !== -1;
}
