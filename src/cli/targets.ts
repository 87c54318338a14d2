/** Which root and files a scan covers, from the paths given on the command line. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { UsageError } from './usage.js';

/**
 * One directory → it is the root. Otherwise files are taken as given and
 * directories walked, relative to the current directory when they all lie
 * inside it (the pre-commit case), else to their deepest common directory.
 */
export function resolveTargets(paths: string[], cwd: string): { root: string; files: string[]; dirs: string[] } {
  const list = paths.length ? paths : ['.'];
  const abs = list.map((p) => resolve(cwd, p));
  for (let i = 0; i < abs.length; i++) {
    if (!existsSync(abs[i]!)) throw new UsageError(`path not found: ${list[i]}`);
  }
  const isDir = abs.map((p) => statSync(p).isDirectory());
  if (abs.length === 1 && isDir[0]) return { root: abs[0]!, files: [], dirs: [] };
  const within = (dir: string, p: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  const root = abs.every((p) => within(cwd, p)) ? cwd : commonDir(abs.map((p, i) => (isDir[i] ? p : dirname(p))));
  return { root, files: abs.filter((_, i) => !isDir[i]), dirs: abs.filter((_, i) => isDir[i]) };
}

function commonDir(dirs: string[]): string {
  let common = dirs[0]!;
  for (const d of dirs.slice(1)) {
    while (!(d === common || d.startsWith(common.endsWith(sep) ? common : common + sep))) common = dirname(common);
  }
  return common;
}
