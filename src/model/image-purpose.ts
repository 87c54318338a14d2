/**
 * What a Dockerfile is for, judged from its path: a deployed image, a local
 * development image or a devcontainer, and whether it exists to provide a
 * toolchain. Several rules soften or skip findings that only matter for
 * deployed images, so the judgement lives here once.
 */
import type { ImageBuildPurpose } from './types.js';

const TOOLING_NAME_TOKENS = new Set(['dev', 'devel', 'develop', 'development', 'devcontainer', 'ci', 'test', 'tests', 'testing', 'builder', 'build', 'toolchain', 'tools', 'cross', 'bench', 'lint', 'e2e']);
const TOOLING_DIRS = new Set(['.devcontainer', 'devcontainer', 'ci', '.ci', 'tools', 'hack', 'test', 'tests', 'e2e']);

export function imageBuildPurpose(path: string): ImageBuildPurpose {
  const kind = isDevContainerPath(path) ? 'devcontainer' : isDevDockerfileName(path) ? 'dev' : 'deploy';
  return { kind, tooling: isToolingPath(path) };
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

/** Dev containers, CI images, builder images: named so, or kept in a tooling folder. */
function isToolingPath(path: string): boolean {
  if (isDevContainerPath(path)) return true;
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')).toLowerCase() : '';
  if (name.split(/[._-]/).some((t) => TOOLING_NAME_TOKENS.has(t))) return true;
  return dir.split('/').some((d) => TOOLING_DIRS.has(d));
}
