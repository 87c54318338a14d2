/**
 * Where the scanned directory sits in its repository, found once per scan so
 * reports (SARIF URIs must be relative to the checkout GitHub knows) stay pure
 * functions of the result and never touch the file system themselves.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export interface RepositoryPlace {
  /** Real path of the git work tree holding the scan root, else the scan root itself. */
  root: string;
  /** The scan root relative to `root` (`/`-separated, '' when they are the same). */
  scanPrefix: string;
}

/** `realScanRoot` must already be a real path (symlinks resolved). */
export function repositoryPlace(realScanRoot: string): RepositoryPlace {
  const root = findRepoRoot(realScanRoot) ?? realScanRoot;
  return { root, scanPrefix: relative(root, realScanRoot).split(sep).join('/') };
}

/** The git work tree holding `dir` (`.git` is a directory, or a file in worktrees and submodules). */
export function findRepoRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}
