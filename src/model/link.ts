/**
 * Cross-file links, resolved once so rules never re-derive them:
 * - which build context and .dockerignore each Dockerfile uses (compose
 *   `build:`, workflow `docker build` / build-push-action, skaffold);
 * - which in-repo Dockerfile builds a container's image, and whether its tag is set at deploy time;
 * - which workloads a Service, PodDisruptionBudget or HorizontalPodAutoscaler targets.
 */
import { posix } from 'node:path';
import { basename } from 'node:path';
import { LineIndex } from './location.js';
import { parseImageRef, imageBaseName } from './image-ref.js';
import { parseShell, programName } from './shell.js';
import { linkImagePinning } from './image-use.js';
import { selectorMatches } from './selectors.js';
import type { DockerIgnore, ImageBuild, Model } from './types.js';

export interface SkaffoldArtifact {
  image: string;
  context: string;
  dockerfile?: string;
  /** Directory of the skaffold.yaml. */
  dir: string;
}

export function linkModel(model: Model, skaffold: SkaffoldArtifact[]): void {
  const builds = new Map(model.imageBuilds.map((b) => [b.file.path, b]));
  const setContext = (b: ImageBuild, dir: string, source: ImageBuild['contextSource']) => {
    // The first explicit context wins over the Dockerfile-folder default.
    if (b.contextSource === 'dockerfile-dir') {
      b.contextDir = dir;
      b.contextSource = source;
    }
  };
  const addImageName = (b: ImageBuild, image: string, target?: string) => {
    const ref = parseImageRef(image, b.file.lines.lineLocation(b.file.path, 1));
    if (!ref.resolved) return;
    if (!b.producesImages.includes(ref.repository)) b.producesImages.push(ref.repository);
    if (target && !target.includes('$')) b.targets.set(ref.repository, target);
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
      b.usedBy.push(c);
      if (c.image) addImageName(b, c.image.raw);
    }
  }

  // Workflows: docker/build-push-action and `docker build` in run scripts. Their
  // paths are relative to the repository root: the folder that holds `.github/`.
  for (const p of model.pipelines) {
    const repo = workflowRepoRoot(p.file.path);
    const inRepo = (rel: string) => norm(posix.join(repo, rel));
    for (const job of p.jobs) {
      for (const step of job.steps) {
        if (step.uses?.owner === 'docker' && step.uses.repo === 'build-push-action') {
          const context = inRepo(stripGitContext(step.with['context']?.value ?? '.'));
          const file = step.with['file']?.value ? inRepo(step.with['file'].value) : norm(posix.join(context, 'Dockerfile'));
          const b = builds.get(file);
          if (!b) continue;
          setContext(b, context, 'workflow');
          for (const tag of splitList(step.with['tags']?.value ?? '')) addImageName(b, tag, step.with['target']?.value);
        }
        if (step.run) {
          for (const cmd of dockerBuildCommands(step.run.value)) {
            const context = inRepo(cmd.context);
            const file = cmd.file ? inRepo(cmd.file) : norm(posix.join(context, 'Dockerfile'));
            const b = builds.get(file);
            if (!b) continue;
            setContext(b, context, 'workflow');
            for (const tag of cmd.tags) addImageName(b, tag, cmd.target);
          }
        }
      }
    }
  }

  for (const a of skaffold) {
    const context = norm(posix.join(a.dir, a.context));
    const b = builds.get(norm(posix.join(context, a.dockerfile ?? 'Dockerfile')));
    if (!b) continue;
    setContext(b, context, 'skaffold');
    addImageName(b, a.image);
  }

  // .dockerignore: `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context root's.
  const ignores = new Map(model.dockerignores.map((d) => [d.file.path, d]));
  for (const b of model.imageBuilds) {
    b.dockerignore = findDockerignore(b, ignores);
  }

  linkContainersToBuilds(model, model.root);
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
function linkContainersToBuilds(model: Model, root: string): void {
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

interface DockerBuildCommand {
  context: string;
  file?: string;
  tags: string[];
  target?: string;
}

/** `docker build -f X -t Y ctx` and `docker buildx build ...` inside a run script. */
export function dockerBuildCommands(script: string): DockerBuildCommand[] {
  const lines = new LineIndex(script);
  const parsed = parseShell({ lines, path: '', start: 0, end: script.length });
  const out: DockerBuildCommand[] = [];
  for (const cmd of parsed.commands) {
    if (programName(cmd) !== 'docker') continue;
    const words = cmd.argv.map((w) => w.text);
    let i = 1;
    if (words[i] === 'buildx') i++;
    if (words[i] !== 'build' && words[i] !== 'image') continue;
    if (words[i] === 'image') i++;
    i++;
    const result: DockerBuildCommand = { context: '.', tags: [] };
    const positional: string[] = [];
    for (; i < words.length; i++) {
      const w = words[i]!;
      const [flag, inline] = w.startsWith('--') && w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      const take = () => inline ?? words[++i] ?? '';
      if (flag === '-f' || flag === '--file') result.file = take();
      else if (flag === '-t' || flag === '--tag') result.tags.push(take());
      else if (flag === '--target') result.target = take();
      else if (/^-(-(build-arg|platform|label|cache-from|cache-to|secret|ssh|output|network|progress|iidfile|builder|build-context|add-host|shm-size|ulimit)|[o])$/.test(flag)) take();
      else if (!w.startsWith('-')) positional.push(w);
    }
    if (positional[0] && !positional[0].includes('$')) result.context = positional[0];
    if (result.file?.includes('$')) continue;
    out.push(result);
  }
  return out;
}


