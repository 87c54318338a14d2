/**
 * Shared helpers for the runtime-hardening and image-reference rules: which
 * containers to look at, who a Dockerfile's final stage runs as, image globs,
 * and every image reference in the repo with its context.
 */
import picomatch from 'picomatch';
import { isRootUser } from '../../src/model/user.js';
import { formatImage } from '../../src/model/image-ref.js';
import type { BuildStage, Container, DockerUser, ImageBuild, ImageRef, Location, Model, Workload } from '../../src/model/types.js';
import type { RelatedLocation, Severity } from '../../src/engine/rule.js';

// ---------------------------------------------------------------- containers

/** Every container of every workload on the given platforms, init containers included. */
export function* containersOf(model: Model, platforms: ReadonlyArray<Workload['platform']>): Generator<Container> {
  for (const w of model.workloads) {
    if (!platforms.includes(w.platform)) continue;
    yield* w.initContainers;
    yield* w.containers;
  }
}

/** A Dockerfile for a development container (VS Code / devcontainer CLI), not a deployed image. */
export function isDevContainer(b: ImageBuild): boolean {
  return /(?:^|\/)\.devcontainer\//.test(b.file.path);
}

/** `Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile.local`: a local development image. */
export function isDevDockerfile(b: ImageBuild): boolean {
  const name = b.file.path.slice(b.file.path.lastIndexOf('/') + 1);
  return /(?:^|[._-])(?:dev|devel|development|local)(?:[._-]|$)/i.test(name);
}

/**
 * Official images whose entrypoint starts as root only to fix data-directory
 * ownership and then drops to a service account (gosu/su-exec). A Dockerfile
 * that builds on them and keeps their ENTRYPOINT runs its server unprivileged.
 */
const PRIVILEGE_DROPPING_IMAGES = ['postgres', 'mysql', 'mariadb', 'mongo', 'redis', 'rabbitmq', 'cassandra', 'couchdb', 'elasticsearch', 'percona'];

export function keepsPrivilegeDroppingEntrypoint(b: ImageBuild): boolean {
  const stage = b.finalStage;
  if (!stage) return false;
  for (let s: BuildStage | undefined = stage; s; s = s.parentStage) if (s.entrypoint) return false;
  const base = rootStage(stage).base;
  if (!base || base.registry !== undefined) return false;
  return PRIVILEGE_DROPPING_IMAGES.includes(base.repository);
}

export function isCompose(c: Container): boolean {
  return c.workload.platform === 'compose';
}

/** `Deployment/api containers[web]` or `compose:web`, for messages. */
export function describe(c: Container): string {
  const w = c.workload;
  if (w.platform === 'compose') return `compose service "${c.name}"`;
  if (w.platform === 'systemd') return `systemd service ${w.name}`;
  if (w.platform === 'fly') return `fly app ${w.name}`;
  return `${c.init ? 'init container' : 'container'} "${c.name}" of ${w.kind} ${w.name}`;
}

/** Upper-case the first letter, for messages that start with describe(). */
export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Security key for fingerprints: `Deployment/api containers[web].securityContext.privileged`. */
export function secKey(c: Container, field: string): string {
  return `${c.logicalPath}.securityContext.${field}`;
}

/** Capabilities as Linux names without the `CAP_` prefix, upper case. */
export function capName(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, '');
}

// ---------------------------------------------------------------- image globs

const matcherCache = new Map<string, (s: string) => boolean>();

function matcher(globs: readonly string[]): (s: string) => boolean {
  const key = globs.join('\n');
  let m = matcherCache.get(key);
  if (!m) {
    m = globs.length === 0 ? () => false : picomatch([...globs], { dot: true, nocase: true });
    matcherCache.set(key, m);
  }
  return m;
}

/**
 * The spellings an image can be matched under: `repo:tag`, `repo`, with and
 * without an explicit `docker.io/` (and `docker.io/library/`) for Docker Hub.
 */
export function imageSpellings(ref: ImageRef): string[] {
  const hubLib = ref.registry === undefined && !ref.repository.includes('/');
  const names = [ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository];
  if (!ref.registry) {
    names.push(`docker.io/${ref.repository}`);
    if (hubLib) names.push(`library/${ref.repository}`, `docker.io/library/${ref.repository}`);
  }
  const out: string[] = [];
  for (const n of names) {
    if (ref.tag) out.push(`${n}:${ref.tag}`);
    out.push(n);
    if (ref.digest) out.push(`${n}@${ref.digest}`);
  }
  return out;
}

export function imageMatches(ref: ImageRef, globs: readonly string[]): boolean {
  const m = matcher(globs);
  return imageSpellings(ref).some((s) => m(s));
}

/**
 * Images that publish no version tags, only `latest`/`nonroot`/`debug`-style
 * ones: a tag cannot pin them, only a digest can (reported by image/no-digest).
 */
export const DIGEST_ONLY_IMAGES = ['gcr.io/distroless/**', 'cgr.dev/chainguard/**'];

/** A pullable reference: `${VAR:-default}` was resolved by the model; unresolved ones and placeholders are not references. */
export function resolvedRef(ref: ImageRef): ImageRef | undefined {
  if (!ref.resolved) return undefined;
  // `<YOUR-IMAGE>`, `{{ .Values.image }}`, `IMAGE_NAME here`: placeholders, not references.
  return PLACEHOLDER.test(ref.raw) ? undefined : ref;
}

const PLACEHOLDER = /[<>{}\s]/;

// ---------------------------------------------------------------- who a Dockerfile runs as

export type UserVerdict =
  /** The final stage runs as root: explicit `USER root`/`0`, or no USER at all on a root base. */
  | { kind: 'root'; user?: DockerUser; name: string; stage: BuildStage; at: Location; explicit: boolean }
  /** A non-root user: a USER instruction, or a base image known to run non-root. */
  | { kind: 'nonroot'; user?: DockerUser; name: string; stage: BuildStage; at: Location; numeric: boolean; baseImage?: ImageRef }
  /** Cannot tell: `USER $APP_UID` without a default, `FROM $BASE`. */
  | { kind: 'unknown'; stage: BuildStage; at: Location };

/** The stage whose base image the stage ultimately builds on (following `FROM <stage>`). */
export function rootStage(stage: BuildStage): BuildStage {
  let s = stage;
  const seen = new Set<BuildStage>();
  while (s.parentStage && !seen.has(s)) {
    seen.add(s);
    s = s.parentStage;
  }
  return s;
}

/** Who the final stage of a Dockerfile runs as. */
export function finalStageUser(build: ImageBuild, nonRootImages: readonly string[], stage = build.finalStage): UserVerdict | undefined {
  if (!stage) return undefined;
  const u = stage.effectiveUser;
  if (u) {
    // The model resolved quotes and ARG/ENV values; an unresolved `$VAR` is unknown, not root.
    if (!u.resolved) return { kind: 'unknown', stage, at: u.location };
    if (isRootUser(u)) return { kind: 'root', user: u, name: u.user, stage, at: u.location, explicit: true };
    return { kind: 'nonroot', user: u, name: u.user, stage, at: u.location, numeric: u.uid !== undefined };
  }
  const base = rootStage(stage).base;
  if (base && !base.resolved) return { kind: 'unknown', stage, at: stage.from.location };
  if (base && !base.scratch && imageMatches(base, nonRootImages)) {
    return { kind: 'nonroot', name: '(image default)', stage, at: stage.from.location, numeric: true, baseImage: base };
  }
  return { kind: 'root', name: 'root', stage, at: stage.from.location, explicit: false };
}

/** A related location pointing at the Dockerfile line that decides the user. */
export function verdictRelated(v: UserVerdict): RelatedLocation {
  if (v.kind === 'root') {
    return {
      location: v.at,
      message: v.explicit ? `the image's Dockerfile sets USER ${v.name} in its final stage` : "the image's Dockerfile has no USER in its final stage, so it runs as root",
    };
  }
  if (v.kind === 'nonroot') return { location: v.at, message: v.user ? `the image's Dockerfile sets USER ${v.name}` : "the image's base runs as a non-root user" };
  return { location: v.at, message: "the image's Dockerfile sets a user that cannot be resolved statically" };
}

// ---------------------------------------------------------------- every image reference

export type ImageUse =
  | { where: 'dockerfile'; ref: ImageRef; build: ImageBuild; stage: BuildStage; key: string }
  | { where: 'kubernetes' | 'compose' | 'fly'; ref: ImageRef; container: Container; key: string }
  | { where: 'workflow'; ref: ImageRef; label: string; key: string };

/**
 * Every image reference that is pulled from a registry: Dockerfile `FROM`
 * (not stage names, not scratch), Kubernetes/fly containers, compose services
 * that do not build their image, workflow job containers and services.
 * Unresolved references (`$VAR` without a default) are left out.
 */
export function imageUses(model: Model): ImageUse[] {
  const out: ImageUse[] = [];
  for (const b of model.imageBuilds) {
    for (const s of b.stages) {
      if (!s.base || s.base.scratch || !s.base.resolved) continue;
      out.push({ where: 'dockerfile', ref: s.base, build: b, stage: s, key: `${b.file.path} FROM[${s.index}] ${s.base.repository}` });
    }
  }
  for (const w of model.workloads) {
    if (w.platform === 'systemd') continue;
    // A compose service with `build:` builds the image it names; nothing is pulled.
    if (w.platform === 'compose' && w.build) continue;
    for (const c of [...w.initContainers, ...w.containers]) {
      if (!c.image) continue;
      const ref = resolvedRef(c.image);
      if (!ref || ref.scratch) continue;
      out.push({ where: w.platform, ref, container: c, key: `${c.logicalPath}.image` });
    }
  }
  for (const p of model.pipelines) {
    for (const j of p.jobs) {
      const add = (ref: ImageRef | undefined, label: string, key: string) => {
        const r = ref && resolvedRef(ref);
        if (r && !r.raw.includes('${{')) out.push({ where: 'workflow', ref: r, label, key: `${p.file.path} ${key}` });
      };
      add(j.container, `container of job "${j.id}"`, `jobs.${j.id}.container`);
      for (const s of j.services) add(s.image, `service "${s.name}" of job "${j.id}"`, `jobs.${j.id}.services.${s.name}`);
    }
  }
  return out;
}

export function describeUse(u: ImageUse): string {
  if (u.where === 'dockerfile') return u.stage === u.build.finalStage ? 'final stage FROM' : `build stage${u.stage.name ? ` "${u.stage.name.value}"` : ''} FROM`;
  if (u.where === 'workflow') return `workflow ${u.label}`;
  return describe(u.container);
}

/**
 * Images whose tag or digest is set at deploy time: by a kustomization
 * `images:` entry (`newTag`/`digest`), or by skaffold, which rewrites the
 * images it builds to immutable tags. The reference written in the manifest
 * is then a placeholder.
 */
export interface DeployTimePins {
  tag(u: ImageUse): boolean;
  digest(u: ImageUse): boolean;
}

export function deployTimePins(model: Model): DeployTimePins {
  const tagged = new Set(model.imageOverrides.filter((o) => o.setsTag).map((o) => o.name));
  const digested = new Set(model.imageOverrides.filter((o) => o.setsDigest).map((o) => o.name));
  const bare = (u: ImageUse) => withoutDigest(u.ref.raw).replace(/:[^/:]*$/, '');
  const viaSkaffold = (u: ImageUse) => u.where === 'kubernetes' && u.container.imageBuild?.contextSource === 'skaffold';
  return {
    tag: (u) => u.where === 'kubernetes' && (tagged.has(bare(u)) || viaSkaffold(u)),
    digest: (u) => u.where === 'kubernetes' && (digested.has(bare(u)) || viaSkaffold(u)),
  };
}

export function severityFor(c: Container, normal: Severity, compose: Severity): Severity {
  return isCompose(c) ? compose : normal;
}

export { formatImage };

/** The reference before its first `@` (a digest); `/@.*$/` would retry from every `@` of `@@@…`. */
function withoutDigest(raw: string): string {
  const at = raw.indexOf('@');
  return at === -1 ? raw : raw.slice(0, at);
}
