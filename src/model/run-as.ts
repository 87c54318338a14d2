/**
 * Who an image stage runs as, and why: a USER instruction (own or inherited),
 * a base image known to run non-root, or root by default. run-as-root and
 * non-numeric-user both judge containers by it.
 */
import { imageMatches } from './image-match.js';
import { stageCommand, stageLineage } from './stages.js';
import { isRootUser } from './user.js';
import type { BuildStage, Container, DockerUser, ImageBuild, ImageRef, Location } from './types.js';

export type StageUser =
  /** The stage runs as root: explicit `USER root`/`0`, or no USER at all on a root base. */
  | { kind: 'root'; user?: DockerUser; name: string; stage: BuildStage; at: Location; explicit: boolean }
  /** A non-root user: a USER instruction, or a base image known to run non-root. */
  | { kind: 'nonroot'; user?: DockerUser; name: string; stage: BuildStage; at: Location; numeric: boolean; baseImage?: ImageRef }
  /** Cannot tell: `USER $APP_UID` without a default, `FROM $BASE`, a fragment's instructions before any FROM. */
  | { kind: 'unknown'; stage: BuildStage; at: Location };

/**
 * Who `stage` (default: the final stage) runs as; `at` is the line that
 * decides it. `nonRootImages` are globs of base images that default to a
 * non-root user (config `nonRootImages`).
 */
export function stageUser(build: ImageBuild, nonRootImages: readonly string[], stage = build.finalStage): StageUser | undefined {
  return userOf(stage, nonRootImages, new Set([build]));
}

function userOf(stage: BuildStage | undefined, nonRootImages: readonly string[], seen: Set<ImageBuild>): StageUser | undefined {
  if (!stage) return undefined;
  const u = stage.effectiveUser;
  if (u) {
    // The model resolved quotes and ARG/ENV values; an unresolved `$VAR` is unknown, not root.
    if (!u.resolved) return { kind: 'unknown', stage, at: u.location };
    if (isRootUser(u)) return { kind: 'root', user: u, name: u.user, stage, at: u.location, explicit: true };
    return { kind: 'nonroot', user: u, name: u.user, stage, at: u.location, numeric: u.uid !== undefined };
  }
  const root = stageLineage(stage)[0]!;
  // A fragment's first instructions follow a FROM in another file: the base, and with it the default user, is unknown.
  if (root.implicit) return { kind: 'unknown', stage, at: root.from.location };
  // The base is built in this repository: its final stage's user is the default here (cycles are unknown).
  const parent = root.baseBuild;
  if (parent) {
    if (seen.has(parent)) return { kind: 'unknown', stage, at: stage.from.location };
    const inherited = userOf(parent.finalStage, nonRootImages, new Set([...seen, parent]));
    if (inherited?.kind === 'nonroot') return { ...inherited, stage, at: inherited.at };
    if (inherited?.kind === 'unknown') return { kind: 'unknown', stage, at: stage.from.location };
  }
  const base = stage.rootBase;
  if (base && !base.resolved) return { kind: 'unknown', stage, at: stage.from.location };
  if (base && !base.scratch && imageMatches(base, nonRootImages)) {
    return { kind: 'nonroot', name: '(image default)', stage, at: stage.from.location, numeric: true, baseImage: base };
  }
  return { kind: 'root', name: 'root', stage, at: stage.from.location, explicit: false };
}

/**
 * Who a container's image runs as when a Dockerfile in the repo builds it:
 * the stage it runs (its build target, else the final stage). Undefined when
 * the image is not built here.
 */
export function containerImageUser(c: Container, nonRootImages: readonly string[]): StageUser | undefined {
  return c.imageBuild && stageUser(c.imageBuild, nonRootImages, c.imageStage);
}

/**
 * Official images whose entrypoint starts as root only to fix data-directory
 * ownership and then drops to a service account (gosu/su-exec). A Dockerfile
 * that builds on them and keeps their ENTRYPOINT runs its server unprivileged.
 */
const PRIVILEGE_DROPPING_IMAGES = ['postgres', 'mysql', 'mariadb', 'mongo', 'redis', 'rabbitmq', 'cassandra', 'couchdb', 'elasticsearch', 'percona'];

/** The final stage keeps the ENTRYPOINT of such an official image. */
export function keepsPrivilegeDroppingEntrypoint(b: ImageBuild): boolean {
  const stage = b.finalStage;
  if (!stage) return false;
  if (stageCommand(stage).entrypoint) return false;
  const base = stage.rootBase;
  if (!base || base.registry !== undefined) return false;
  return PRIVILEGE_DROPPING_IMAGES.includes(base.repository);
}
