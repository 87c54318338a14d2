/**
 * `--base REF`: a read-only view of the repository at a git revision, through
 * the `git` CLI (`rev-parse`, `ls-tree`, `show`). Nothing is checked out and
 * nothing is written. Paths are relative to the scan root, which may be a
 * subdirectory of the work tree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import type { RevisionReader } from './base-model.js';

const MAX_BUFFER = 256 * 1024 * 1024;

function git(root: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Never prompt, never page, never read a user-supplied external diff tool.
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' },
  });
}

function stderrOf(e: unknown): string {
  const err = e as { stderr?: Buffer | string; message?: string };
  const s = err?.stderr ? String(err.stderr) : String(err?.message ?? e);
  return s.trim().split('\n')[0] ?? '';
}

/**
 * Opens `ref` of the git repository containing `root`. Throws an Error with a
 * clear message when `root` is not in a git work tree or `ref` is unknown.
 */
export function openBaseRevision(root: string, ref: string): RevisionReader {
  if (!ref || ref.startsWith('-')) throw new Error(`--base: invalid git revision ${JSON.stringify(ref)}`);
  let prefix: string;
  try {
    prefix = git(root, ['rev-parse', '--show-prefix']).trim();
  } catch (e) {
    throw new Error(`--base ${ref}: ${root} is not inside a git work tree (${stderrOf(e)})`);
  }
  let commit: string;
  try {
    commit = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
  } catch {
    commit = '';
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new Error(`--base ${ref}: unknown git revision (fetch it first, e.g. \`git fetch origin ${ref}\`)`);

  let fileList: string[] | undefined;
  let fileSet: Set<string> | undefined;
  const cache = new Map<string, string | undefined>();
  const files = (): string[] => {
    if (!fileList) {
      // -z: NUL-separated, no quoting of unusual names; --full-tree: paths relative to the repo root.
      const out = git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
      fileList = out
        .split('\0')
        .filter((p) => p !== '' && p.startsWith(prefix))
        .map((p) => p.slice(prefix.length));
      fileSet = new Set(fileList);
    }
    return fileList;
  };
  return {
    ref,
    files,
    readMany(paths: readonly string[]): Map<string, Buffer> {
      files();
      const wanted = paths.filter((p) => fileSet!.has(p) && !p.includes('\n'));
      const out = new Map<string, Buffer>();
      if (wanted.length === 0) return out;
      // One `git cat-file --batch` for every file instead of one `git show` each.
      const res = spawnSync('git', ['cat-file', '--batch'], {
        cwd: root,
        input: wanted.map((p) => `${commit}:${prefix}${p}`).join('\n') + '\n',
        maxBuffer: MAX_BUFFER * 4,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' },
      });
      if (res.status !== 0 || !res.stdout) return out;
      const buf = res.stdout;
      let off = 0;
      for (const p of wanted) {
        const nl = buf.indexOf(10, off);
        if (nl === -1) break;
        const header = buf.subarray(off, nl).toString('utf8');
        off = nl + 1;
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) continue; // "<name> missing"
        const size = Number(m[2]);
        if (m[1] === 'blob') out.set(p, buf.subarray(off, off + size));
        off += size + 1;
      }
      return out;
    },
    read(path: string): string | undefined {
      if (cache.has(path)) return cache.get(path);
      files();
      let text: string | undefined;
      if (fileSet!.has(path)) {
        try {
          text = git(root, ['show', `${commit}:${prefix}${path}`]);
        } catch {
          text = undefined;
        }
      }
      cache.set(path, text);
      return text;
    },
  };
}
