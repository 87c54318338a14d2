/**
 * Repository-relative paths (`/`-separated, `''` for the root), as discovery
 * names files. Shared by the model and the render stage, which may import
 * only src/base/.
 */

/** `a/b/c.yaml` → `a/b`; `c.yaml` → `''`. */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** `rel` against folder `dir`, `.`/`..`/empty segments resolved; undefined when it is absolute or leaves the root. */
export function resolveWithin(dir: string, rel: string): string | undefined {
  if (rel.startsWith('/')) return undefined;
  const out = dir === '' ? [] : dir.split('/');
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(p);
  }
  return out.join('/');
}
