/**
 * Cross-file links, resolved once so rules never re-derive them:
 * - which build context and .dockerignore each Dockerfile uses (compose
 *   `build:`, workflow `docker build` / build-push-action, skaffold);
 * - which in-repo Dockerfile builds a container's image, and whether its tag is set at deploy time;
 * - which workloads a Service, PodDisruptionBudget or HorizontalPodAutoscaler targets.
 */
import { posix } from 'node:path';
import { basename } from 'node:path';
import { parseImageRef, imageBaseName } from './image-ref.js';
import { buildInvocations, dockerBuildCommands, expandMatrix, matrixCombos, type BuildInvocation, type ReadFile } from './build-invocations.js';
import { linkImagePinning } from './image-use.js';
import { selectorMatches } from './selectors.js';
import type { DockerIgnore, ImageBuild, Location, Model } from './types.js';

export interface SkaffoldArtifact {
  image: string;
  context: string;
  dockerfile?: string;
  /** Directory of the skaffold.yaml. */
  dir: string;
}

export function linkModel(model: Model, skaffold: SkaffoldArtifact[], read?: ReadFile): void {
  const builds = new Map(model.imageBuilds.map((b) => [b.file.path, b]));
  /** Images a build invocation or skaffold artifact names, so a container running one links by evidence (the first kind seen wins). */
  const tagged = new Map<string, 'build' | 'skaffold'>();
  const setContext = (b: ImageBuild, dir: string, source: ImageBuild['contextSource'], origin?: Location) => {
    // The first explicit context wins over the Dockerfile-folder default.
    if (b.contextSource === 'dockerfile-dir') {
      b.contextDir = dir;
      b.contextSource = source;
      if (origin) b.contextOrigin = origin;
    }
  };
  const addImageName = (b: ImageBuild, image: string, target?: string, evidence: 'build' | 'skaffold' | undefined = 'build') => {
    // `ghcr.io/acme/api:${{ github.sha }}` / `:$(VERSION)`: the tag is chosen at build time, the repository is known.
    const colon = image.lastIndexOf(':');
    const tagIsVariable = colon > image.lastIndexOf('/') && image.slice(colon).includes('$');
    const ref = parseImageRef(tagIsVariable ? image.slice(0, colon) : image, b.file.lines.lineLocation(b.file.path, 1));
    if (!ref.resolved) return;
    if (!b.producesImages.includes(ref.repository)) b.producesImages.push(ref.repository);
    const key = `${b.file.path}\n${ref.repository}`;
    if (evidence && !tagged.has(key)) tagged.set(key, evidence);
    if (target && !target.includes('$')) b.targets.set(ref.repository, target);
  };
  const addNamedContexts = (b: ImageBuild, contexts: Record<string, string>) => {
    for (const [name, value] of Object.entries(contexts)) if (!b.namedContexts.has(name)) b.namedContexts.set(name, value);
  };
  /** The build an invocation runs, trying its working folders in order; with the context it resolves to. */
  const resolve = (inv: { cwd: string; altCwd?: string; context: string; file?: string }): { b: ImageBuild; context: string } | undefined => {
    for (const cwd of inv.altCwd !== undefined ? [inv.cwd, inv.altCwd] : [inv.cwd]) {
      const context = norm(posix.join(cwd, stripGitContext(inv.context)));
      // `-f` is relative to the working folder (docker resolves it from where it runs, not from the context).
      const file = inv.file ? norm(posix.join(cwd, inv.file)) : norm(posix.join(context, 'Dockerfile'));
      const b = builds.get(file) ?? (inv.file ? builds.get(norm(posix.join(context, inv.file))) : undefined);
      if (b) return { b, context };
    }
    return undefined;
  };
  const apply = (inv: BuildInvocation) => {
    const hit = resolve(inv);
    if (!hit) return;
    setContext(hit.b, hit.context, inv.source, inv.at);
    for (const tag of inv.tags) addImageName(hit.b, tag, inv.target);
    addNamedContexts(hit.b, inv.namedContexts);
  };

  // compose `build:` names its context and Dockerfile explicitly.
  for (const w of model.workloads) {
    if (!w.build || (w.platform !== 'compose' && w.platform !== 'fly')) continue;
    const dir = posix.dirname(w.file.path);
    const context = norm(posix.join(dir === '.' ? '' : dir, w.build.context));
    const dockerfile = norm(posix.join(context, w.build.dockerfile ?? 'Dockerfile'));
    const b = builds.get(dockerfile);
    if (!b) continue;
    setContext(b, context, w.platform === 'compose' ? 'compose' : 'dockerfile-dir');
    const c = w.containers[0];
    if (c) {
      c.imageBuild = b;
      c.imageStage = stageNamed(b, w.build.target);
      c.linkEvidence = 'compose';
      b.usedBy.push(c);
      if (c.image) addImageName(b, c.image.raw);
    }
  }

  // Workflows: docker/build-push-action and `docker build` in run scripts. Their
  // paths are relative to the repository root: the folder that holds `.github/`.
  // `${{ matrix.x }}` in a path is expanded over the job's matrix.
  for (const p of model.pipelines) {
    const repo = workflowRepoRoot(p.file.path);
    for (const job of p.jobs) {
      const combos = matrixCombos(job.matrix);
      const each = (s: string | undefined): Array<string | undefined> => {
        if (s === undefined || !s.includes('${{')) return [s];
        if (!/\$\{\{\s*matrix\./.test(s)) return [];
        return [...new Set(combos.map((c) => expandMatrix(s, c)).filter((x): x is string => x !== undefined && !x.includes('${{')))];
      };
      for (const step of job.steps) {
        if (step.uses?.owner === 'docker' && step.uses.repo === 'build-push-action') {
          const at = step.with['context']?.location ?? step.with['file']?.location ?? step.location;
          for (const ctxValue of each(step.with['context']?.value ?? '.')) {
            for (const fileValue of each(step.with['file']?.value)) {
              if (ctxValue === undefined) continue;
              const contexts: Record<string, string> = {};
              for (const line of splitList(step.with['build-contexts']?.value ?? '')) {
                const eq = line.indexOf('=');
                if (eq > 0) contexts[line.slice(0, eq)] = line.slice(eq + 1);
              }
              apply({ source: 'workflow', at, cwd: repo, context: ctxValue, file: fileValue, tags: splitList(step.with['tags']?.value ?? ''), target: step.with['target']?.value, namedContexts: contexts });
            }
          }
        }
        if (step.run) {
          for (const cmd of dockerBuildCommands(step.run.value)) {
            for (const ctxValue of each(cmd.context)) {
              for (const fileValue of each(cmd.file)) {
                if (ctxValue === undefined) continue;
                apply({ source: 'workflow', at: step.run.location, cwd: repo, context: ctxValue, file: fileValue, tags: cmd.tags, target: cmd.target, namedContexts: cmd.namedContexts });
              }
            }
          }
        }
      }
    }
  }

  // Makefiles, scripts, GitLab CI, CodeBuild, Cloud Build and bake files (read only when the repository has Dockerfiles).
  if (read && model.imageBuilds.length > 0) {
    for (const inv of buildInvocations(model.paths, (p) => model.fileByPath.get(p)?.text ?? read(p))) apply(inv);
  }

  for (const a of skaffold) {
    const context = norm(posix.join(a.dir, a.context));
    const b = builds.get(norm(posix.join(context, a.dockerfile ?? 'Dockerfile')));
    if (!b) continue;
    setContext(b, context, 'skaffold');
    addImageName(b, a.image, undefined, 'skaffold');
  }

  // .dockerignore: `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context root's.
  const ignores = new Map(model.dockerignores.map((d) => [d.file.path, d]));
  for (const b of model.imageBuilds) {
    b.dockerignore = findDockerignore(b, ignores);
  }

  linkContainersToBuilds(model, model.root, tagged);
  linkImagePinning(model);
  linkRolloutObjects(model);
  linkSecretReferences(model);
}

/** secretKeyRef / envFrom.secretRef / secret volumes → the Secret manifest of the same namespace. */
function linkSecretReferences(model: Model): void {
  if (model.k8sSecrets.length === 0) return;
  const byName = new Map(model.k8sSecrets.map((s) => [`${s.object.namespace ?? 'default'}/${s.name}`, s]));
  for (const w of model.workloads) {
    if (w.platform !== 'kubernetes') continue;
    const find = (name: string) => byName.get(`${w.namespace ?? 'default'}/${name}`);
    for (const c of [...w.containers, ...w.initContainers]) {
      for (const e of c.env) if (e.source === 'secretRef' && e.ref) e.secret = find(e.ref.name);
      for (const e of c.envFrom) if (e.source === 'secretRef') e.secret = find(e.name);
    }
    for (const v of w.volumes) if (v.kind === 'secret' && v.secretName) v.secret = find(v.secretName);
  }
}

function findDockerignore(b: ImageBuild, ignores: Map<string, DockerIgnore>): DockerIgnore | undefined {
  return ignores.get(`${b.file.path}.dockerignore`) ?? ignores.get(norm(posix.join(b.contextDir, '.dockerignore')));
}

/** Match container images to in-repo builds by image name; only an unambiguous match links. */
function linkContainersToBuilds(model: Model, root: string, tagged: ReadonlyMap<string, 'build' | 'skaffold'>): void {
  const names = new Map<ImageBuild, Set<string>>();
  for (const b of model.imageBuilds) {
    const set = new Set<string>();
    for (const repo of b.producesImages) {
      set.add(repo);
      set.add(repo.slice(repo.lastIndexOf('/') + 1));
    }
    const dir = b.contextDir === '' ? basename(root) : b.contextDir.slice(b.contextDir.lastIndexOf('/') + 1);
    set.add(dir);
    const fname = b.file.path.slice(b.file.path.lastIndexOf('/') + 1);
    const suffix = /^(?:Dockerfile|Containerfile)\.(.+)$/i.exec(fname)?.[1] ?? /^(.+)\.(?:Dockerfile|Containerfile)$/i.exec(fname)?.[1];
    if (suffix) set.add(suffix);
    for (const t of model.toml) {
      if (!t.file.path.endsWith('Cargo.toml') || posix.dirname(t.file.path).replace(/^\.$/, '') !== b.contextDir) continue;
      const pkg = t.value['package'] as { name?: unknown } | undefined;
      if (typeof pkg?.name === 'string') set.add(pkg.name);
      for (const bin of (t.value['bin'] as Array<{ name?: unknown }> | undefined) ?? []) if (typeof bin.name === 'string') set.add(bin.name);
    }
    names.set(b, set);
  }
  for (const w of model.workloads) {
    for (const c of [...w.containers, ...w.initContainers]) {
      if (c.imageBuild || !c.image || !c.image.resolved) continue;
      const full = c.image.repository;
      const base = imageBaseName(c.image);
      const byRepo = model.imageBuilds.filter((b) => b.producesImages.includes(full));
      const candidates = byRepo.length > 0 ? byRepo : model.imageBuilds.filter((b) => names.get(b)!.has(base));
      if (candidates.length === 1) {
        const b = candidates[0]!;
        c.imageBuild = b;
        c.imageStage = stageNamed(b, b.targets.get(full));
        // Evidence: a build that tags exactly this repository. A folder, file-suffix or crate name that matches is a guess.
        c.linkEvidence = (byRepo.length === 1 && tagged.get(`${b.file.path}\n${full}`)) || 'name-guess';
        b.usedBy.push(c);
      }
    }
  }
}

function linkRolloutObjects(model: Model): void {
  const k8s = model.workloads.filter((w) => w.platform === 'kubernetes');
  const sameNs = (a: string | undefined, b: string | undefined) => (a ?? 'default') === (b ?? 'default');
  for (const s of model.services) {
    const sel = s.selector?.value;
    s.selects = k8s.filter((w) => sameNs(w.namespace, s.namespace) && selectorMatches(sel, w.podLabels));
    for (const w of s.selects) w.services.push(s);
  }
  for (const p of model.pdbs) {
    const sel = p.selector?.value;
    p.targets = k8s.filter((w) => sameNs(w.namespace, p.object.namespace) && selectorMatches(sel, w.podLabels));
    for (const w of p.targets) w.pdbs.push(p);
  }
  for (const pd of model.progressiveDeliveries) {
    const ns = pd.object.namespace;
    const ref = pd.targetRef;
    pd.target = ref
      ? k8s.find((w) => w.kind === ref.kind && w.name === ref.name && sameNs(w.namespace, ns))
      : k8s.find((w) => w.object === pd.object);
  }
  for (const r of model.trafficRoutes) {
    // Destination hosts are Service names, short (`api`) or fully qualified (`api.ns.svc.cluster.local`).
    const names = new Set(r.routes.flatMap((x) => x.destinations.map((d) => d.host.split('.')[0]!)));
    r.services = model.services.filter((s) => names.has(s.name) && sameNs(s.namespace, r.object.namespace));
  }
  for (const h of model.hpas) {
    const t = h.target;
    h.targetWorkload = t ? k8s.find((w) => w.kind === t.kind && w.name === t.name && sameNs(w.namespace, h.object.namespace)) : undefined;
    h.targetWorkload?.hpas.push(h);
  }
}

/** The stage a build target names (stage names are case-insensitive), else the final stage. */
function stageNamed(b: ImageBuild, target: string | undefined): ImageBuild['finalStage'] {
  const t = target?.toLowerCase();
  return (t && b.stages.find((s) => s.name?.value.toLowerCase() === t)) || b.finalStage;
}

/** `svc/.github/workflows/ci.yml` → `svc`: where a workflow's relative paths start. */
function workflowRepoRoot(path: string): string {
  const i = path.indexOf('.github/');
  return i <= 0 ? '' : path.slice(0, i - 1);
}

function norm(p: string): string {
  const n = posix.normalize(p.replace(/\\/g, '/'));
  return n === '.' || n === './' ? '' : n.replace(/^\.\//, '').replace(/\/$/, '');
}

function stripGitContext(ctx: string): string {
  // `{{defaultContext}}:subdir` is build-push-action's Git context syntax.
  const m = /^\{\{\s*defaultContext\s*\}\}:?(.*)$/.exec(ctx);
  return m ? m[1] || '.' : ctx;
}

function splitList(s: string): string[] {
  return s.split(/[\n,]/).map((x) => x.trim()).filter((x) => x && !x.includes('${{'));
}
