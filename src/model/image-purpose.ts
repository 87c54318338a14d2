/**
 * What a Dockerfile is for: a deployed image, a local development image or a
 * devcontainer (from its path), whether it exists to provide a toolchain, and
 * whether it runs a process of its own at all (`role`): a data-only scratch
 * image, a builder or CI image, or the base of other Dockerfiles here never
 * runs a service itself. Several rules soften or skip findings that only
 * matter for deployed images, so the judgement lives here once.
 *
 * The role is decided in two steps: `imageBuildPurpose` from the file alone
 * (path, labels, stages) while lifting, and `settleImageRoles` once every
 * build and link in the repository is known (the builder calls it after the
 * linker): who uses the image as FROM, and whether a workload runs it.
 */
import { finalLineage, stageCommand } from './stages.js';
import type { BuildStage, CopyInstruction, ImageBuild, ImageBuildPurpose, ImageRef, ImageRole, Model } from './types.js';

const TOOLING_NAME_TOKENS = new Set(['dev', 'devel', 'develop', 'development', 'devcontainer', 'ci', 'test', 'tests', 'testing', 'builder', 'build', 'toolchain', 'tools', 'cross', 'bench', 'lint', 'e2e']);
const TOOLING_DIRS = new Set(['.devcontainer', 'devcontainer', 'ci', '.ci', 'tools', 'hack', 'test', 'tests', 'e2e']);
/** Name tokens of an image that builds or runs CI, never a service: a subset of the tooling names (a test or tools image may still be deployed). */
const BUILDER_NAME_TOKENS = new Set(['builder', 'build', 'buildenv', 'toolchain', 'cross', 'ci']);
const BUILDER_DIRS = new Set(['ci', '.ci']);
/** LABEL keys (last dotted or slashed segment) and values that declare a builder image: `LABEL purpose=builder`, `org.acme.image.role=ci`. */
const PURPOSE_LABEL_KEYS = new Set(['purpose', 'role', 'usage', 'type', 'kind']);
const BUILDER_LABEL_VALUES = new Set(['builder', 'build', 'build-image', 'buildenv', 'ci', 'toolchain']);
/** Name tokens of a builder stage, for fragments that hold only one (`FROM rust:1 AS builder`, `AS go-build`). */
const BUILDER_STAGE_TOKENS = new Set(['builder', 'build', 'compile', 'compiler', 'toolchain', 'deps']);
/** Suffixes a build script strips or concatenates: `Dockerfile.partial`, `Dockerfile.in`, `api.Dockerfile.in`, `base.dockerfile.part`. */
const FRAGMENT_SUFFIX = /\.(?:in|part|partial|frag|fragment|inc|snippet)$/;

export function imageBuildPurpose(path: string, stages: readonly BuildStage[] = [], fragment = false): ImageBuildPurpose {
  const kind = isDevContainerPath(path) ? 'devcontainer' : isDevDockerfileName(path) ? 'dev' : 'deploy';
  const fragmentName = isFragmentName(path.slice(path.lastIndexOf('/') + 1));
  return { kind, tooling: isToolingPath(path), fragmentName, role: roleFromFile(path, stages, fragment || fragmentName) };
}

/** `Dockerfile[.<variant>].<suffix>` or `<name>.Dockerfile.<suffix>` with a fragment suffix. */
function isFragmentName(name: string): boolean {
  const lower = name.toLowerCase();
  if (!FRAGMENT_SUFFIX.test(lower)) return false;
  const stem = lower.slice(0, lower.lastIndexOf('.'));
  return /^(?:docker|container)file(?:\.|$)/.test(stem) || stem.endsWith('.dockerfile') || stem.endsWith('.containerfile');
}

/** A Dockerfile for a development container (VS Code / devcontainer CLI). */
function isDevContainerPath(path: string): boolean {
  return /(?:^|\/)\.devcontainer\//.test(path);
}

/** `Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile.local`: a local development image. */
function isDevDockerfileName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /(?:^|[._-])(?:dev|devel|development|local)(?:[._-]|$)/i.test(name);
}

function nameTokens(path: string): string[] {
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase().split(/[._-]/);
}

function dirSegments(path: string): string[] {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')).toLowerCase().split('/') : [];
}

/** Dev containers, CI images, builder images: named so, or kept in a tooling folder. */
function isToolingPath(path: string): boolean {
  if (isDevContainerPath(path)) return true;
  return nameTokens(path).some((t) => TOOLING_NAME_TOKENS.has(t)) || dirSegments(path).some((d) => TOOLING_DIRS.has(d));
}

/** The role the file itself declares: its name, its labels, a data-only scratch stage, a fragment holding a builder stage. */
function roleFromFile(path: string, stages: readonly BuildStage[], fragment: boolean): ImageRole {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const token = nameTokens(path).find((t) => BUILDER_NAME_TOKENS.has(t));
  if (token) return { kind: 'builder', why: `its name (${name}) says it is a ${token === 'ci' ? 'CI' : 'builder'} image` };
  const dir = dirSegments(path).find((d) => BUILDER_DIRS.has(d));
  if (dir) return { kind: 'builder', why: `it sits in the ${dir}/ folder of CI images` };
  const final = stages[stages.length - 1];
  if (!final) return { kind: 'runtime' };
  const lineage = lineageOf(final);
  for (const s of lineage) {
    const label = s.labels.find((l) => PURPOSE_LABEL_KEYS.has(lastSegment(l.name)) && BUILDER_LABEL_VALUES.has(l.value.trim().toLowerCase()));
    if (label) return { kind: 'builder', why: `it is labelled ${label.name}=${label.value}`, at: label.location };
  }
  if (fragment && final.name && final.name.value.toLowerCase().split(/[-_]/).some((t) => BUILDER_STAGE_TOKENS.has(t))) {
    return { kind: 'builder', why: `it is a Dockerfile fragment that ends in the builder stage "${final.name.value}"; the runtime stage is assembled from another file`, at: final.name.location };
  }
  const data = dataOnly(final, lineage);
  if (data) return { kind: 'data', why: data };
  return { kind: 'runtime' };
}

function lineageOf(stage: BuildStage): BuildStage[] {
  const out: BuildStage[] = [];
  for (let s: BuildStage | undefined = stage; s; s = s.parentStage) out.push(s);
  return out;
}

function lastSegment(key: string): string {
  return key.toLowerCase().split(/[./]/).pop() ?? '';
}

/**
 * A `FROM scratch` image that holds files and no program: no CMD or ENTRYPOINT,
 * no RUN, EXPOSE or HEALTHCHECK, and nothing copied that looks executable.
 * Asset, volume-seed and `docker build --output` export images are built so.
 */
function dataOnly(final: BuildStage, lineage: readonly BuildStage[]): string | undefined {
  if (!final.rootBase?.scratch) return undefined;
  const cmd = stageCommand(final);
  if (cmd.entrypoint || cmd.cmd) return undefined;
  if (lineage.some((s) => s.runs.length > 0 || s.exposes.length > 0 || s.healthcheck)) return undefined;
  if (lineage.some((s) => s.copies.some(looksExecutable))) return undefined;
  return 'it is FROM scratch, has no CMD or ENTRYPOINT and only copies in files that are not programs, so it runs no process';
}

/** A COPY that may bring a program: executable mode, a bin/ path, a build output, a script, or one extension-less file at the root (`/server`). */
function looksExecutable(c: CopyInstruction): boolean {
  const chmod = c.instruction.flags.find((f) => f.name === 'chmod')?.value ?? '';
  // Symbolic (`+x`, `u=rwx`) or octal with an execute bit in the user, group or other digit.
  if (/x/i.test(chmod) || (/^[0-7]{3,4}$/.test(chmod) && /[1357]/.test(chmod.slice(-3)))) return true;
  if (c.heredoc) return false;
  const paths = [...c.sources, ...(c.destination ? [c.destination] : [])].map((w) => w.text);
  if (paths.some((p) => /(?:^|\/)s?bin(?:\/|$)|(?:^|\/)target\/(?:release|debug)\/|\.(?:sh|bash|exe|bin|run|appimage)$/i.test(p))) return true;
  const dest = c.destination?.text ?? '';
  const fileLike = (p: string) => !p.endsWith('/') && !p.slice(p.lastIndexOf('/') + 1).includes('.') && !p.includes('*');
  return c.sources.length === 1 && fileLike(c.sources[0]!.text) && (/^\/[^/.]+$/.test(dest) || dest === '/');
}

/**
 * Completes every build's role once the repository's builds and links are
 * known: an image a workload here runs is a runtime image whatever its name;
 * an image other Dockerfiles here build FROM is their base (when their shipped
 * stages build on it) or a builder (when only builder stages do), and those
 * stages learn which build made their base (`BuildStage.baseBuild`).
 */
export function settleImageRoles(model: Pick<Model, 'imageBuilds'>): void {
  const builds = model.imageBuilds;
  if (builds.length === 0) return;
  const byName = new Map<string, ImageBuild[]>();
  const add = (key: string, b: ImageBuild) => {
    const list = byName.get(key);
    if (!list) byName.set(key, [b]);
    else if (!list.includes(b)) list.push(b);
  };
  for (const b of builds) {
    for (const repo of b.producesImages) add(`repo:${repo}`, b);
    for (const hint of nameHints(b)) add(`name:${hint}`, b);
  }
  const usedAsFrom = new Map<ImageBuild, Array<{ build: ImageBuild; stage: BuildStage; ref: ImageRef; shipped: boolean }>>();
  for (const child of builds) {
    const shipped = new Set(finalLineage(child));
    for (const stage of child.stages) {
      const ref = stage.base;
      if (!ref || !ref.resolved || ref.scratch || stage.parentStage) continue;
      const parent = inRepoBuild(byName, ref, child);
      if (!parent) continue;
      stage.baseBuild = parent;
      const list = usedAsFrom.get(parent) ?? [];
      list.push({ build: child, stage, ref, shipped: shipped.has(stage) });
      usedAsFrom.set(parent, list);
    }
  }
  for (const b of builds) {
    if (b.usedBy.length > 0) {
      b.purpose.role = { kind: 'runtime' };
      continue;
    }
    const uses = usedAsFrom.get(b);
    if (!uses || (b.purpose.role.kind !== 'runtime' && b.purpose.role.kind !== 'data')) continue;
    const base = uses.find((u) => u.shipped);
    const u = base ?? uses[0]!;
    const where = `${u.build.file.path}:${u.ref.location.startLine}`;
    b.purpose.role = base
      ? { kind: 'base', why: `it is the base image of ${where} (FROM ${u.ref.raw}), which ships it`, at: u.ref.location }
      : { kind: 'builder', why: `it is only used as the base of builder stages (${where}, FROM ${u.ref.raw})`, at: u.ref.location };
  }
}

/**
 * Names other Dockerfiles could pull this build by, besides the images compose,
 * workflows or skaffold say it produces: its folder (`images/builder/Dockerfile`)
 * and its name's suffix (`Dockerfile.builder`, `builder.Dockerfile`).
 */
function nameHints(b: ImageBuild): string[] {
  const path = b.file.path;
  const out: string[] = [];
  const fname = path.slice(path.lastIndexOf('/') + 1);
  const suffix = /^(?:Dockerfile|Containerfile)\.([\w.-]+)$/i.exec(fname)?.[1] ?? /^([\w.-]+)\.(?:Dockerfile|Containerfile)$/i.exec(fname)?.[1];
  if (suffix) out.push(suffix.toLowerCase());
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  if (dir) out.push(dir.slice(dir.lastIndexOf('/') + 1).toLowerCase());
  return out;
}

/**
 * The one build in the repository that produces `ref`: by an image name that
 * a link records, else by a folder or file-name hint, but only for an image
 * under a namespace or registry (`acme/builder`, `ghcr.io/acme/base`): a
 * library image such as `node` or `debian` is Docker Hub's, not a folder's.
 */
function inRepoBuild(byName: ReadonlyMap<string, ImageBuild[]>, ref: ImageRef, child: ImageBuild): ImageBuild | undefined {
  const others = (list: ImageBuild[] | undefined) => (list ?? []).filter((b) => b !== child);
  const byRepo = others(byName.get(`repo:${ref.repository}`));
  if (byRepo.length === 1) return byRepo[0];
  if (byRepo.length > 1) return undefined;
  if (!ref.registry && !ref.repository.includes('/')) return undefined;
  const byHint = others(byName.get(`name:${ref.repository.slice(ref.repository.lastIndexOf('/') + 1).toLowerCase()}`));
  return byHint.length === 1 ? byHint[0] : undefined;
}
