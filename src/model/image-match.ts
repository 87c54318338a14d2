/**
 * Matching image references against configured globs (`nonRootImages`,
 * `trustedRegistries` ...) under every spelling Docker accepts for them.
 */
import picomatch from 'picomatch';
import type { ImageRef } from './types.js';

/**
 * Images that publish no version tags, only `latest`/`nonroot`/`debug`-style
 * ones: a tag cannot pin them, only a digest can.
 */
export const DIGEST_ONLY_IMAGES = ['gcr.io/distroless/**', 'cgr.dev/chainguard/**'];

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
