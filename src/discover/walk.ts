/**
 * Which files exist. Inside a git work tree, `git ls-files` gives exact
 * .gitignore semantics (nested files, info/exclude, global excludes) fastest;
 * elsewhere a small walker applies .gitignore files per directory. Symlinks are
 * followed only when they stay inside the root, and each real directory is
 * visited once, so loops end.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Directories that never hold the project's own deployment artifacts. */
export const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules', 'target', 'vendor', '.terraform', '.venv', '__pycache__']);

export interface WalkOptions {
  root: string;
  respectGitignore: boolean;
}

export interface WalkResult {
  /** Root-relative, `/`-separated. */
  files: string[];
  notes: Array<{ path: string; reason: string }>;
}

export function walk(opts: WalkOptions): WalkResult {
  if (opts.respectGitignore) {
    const listed = gitListFiles(opts.root);
    // An empty listing means the root itself is git-ignored: the user asked for it explicitly, so walk it.
    if (listed && listed.length > 0) return { files: listed.filter((p) => !inSkippedDir(p)), notes: [] };
  }
  return walkFs(opts);
}

function inSkippedDir(p: string): boolean {
  const parts = p.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (ALWAYS_SKIPPED_DIRS.has(parts[i]!)) return true;
  return false;
}

function gitListFiles(root: string): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 512 * 1024 * 1024,
    });
    // De-duplicate: a file both tracked and modified can appear once per list.
    return [...new Set(out.split('\0').filter(Boolean))];
  } catch {
    return undefined;
  }
}

function walkFs(opts: WalkOptions): WalkResult {
  const files: string[] = [];
  const notes: WalkResult['notes'] = [];
  const rootReal = safeRealpath(opts.root) ?? opts.root;
  const visited = new Set<string>();

  const visit = (absDir: string, relDir: string, ignores: Array<{ base: string; ig: Ignore }>) => {
    const real = safeRealpath(absDir);
    if (!real || visited.has(real)) {
      if (real) notes.push({ path: relDir || '.', reason: 'symlink loop: directory already visited' });
      return;
    }
    visited.add(real);
    let stack = ignores;
    if (opts.respectGitignore) {
      const gi = join(absDir, '.gitignore');
      if (existsSync(gi)) {
        try {
          stack = [...ignores, { base: relDir, ig: ignore().add(readFileSync(gi, 'utf8')) }];
        } catch {
          /* unreadable .gitignore: keep walking without it */
        }
      }
    }
    let entries: string[];
    try {
      entries = readdirSync(absDir);
    } catch (e) {
      notes.push({ path: relDir || '.', reason: `unreadable directory: ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
      return;
    }
    entries.sort();
    for (const name of entries) {
      const abs = join(absDir, name);
      const rel = relDir ? `${relDir}/${name}` : name;
      let st;
      try {
        st = lstatSync(abs);
      } catch {
        continue;
      }
      let isDir = st.isDirectory();
      if (st.isSymbolicLink()) {
        const target = safeRealpath(abs);
        if (!target) {
          notes.push({ path: rel, reason: 'broken symlink' });
          continue;
        }
        if (target !== rootReal && !target.startsWith(rootReal + sep)) {
          notes.push({ path: rel, reason: 'symlink points outside the scan root: not followed' });
          continue;
        }
        try {
          isDir = statSync(abs).isDirectory();
        } catch {
          continue;
        }
      }
      if (isDir && ALWAYS_SKIPPED_DIRS.has(name)) continue;
      if (isIgnored(stack, rel, isDir)) continue;
      if (isDir) visit(abs, rel, stack);
      else files.push(rel);
    }
  };
  visit(opts.root, '', []);
  return { files, notes };
}

function isIgnored(stack: Array<{ base: string; ig: Ignore }>, rel: string, isDir: boolean): boolean {
  for (const { base, ig } of stack) {
    const sub = base ? rel.slice(base.length + 1) : rel;
    if (ig.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function relativePosix(root: string, abs: string): string {
  return toPosix(relative(root, abs));
}
