/**
 * .dockerignore → DockerIgnore. Docker matches patterns against paths relative
 * to the context root (not gitignore semantics: `target` does not match
 * `a/target`), a match on a directory excludes everything below it, and the
 * last matching pattern wins, so `!` lines re-include.
 */
import picomatch from 'picomatch';
import type { DockerIgnore, SourceFile } from './types.js';
import { trimLeadingSlashes, trimTrailingSlashes } from './strings.js';

export function liftDockerignore(file: SourceFile): DockerIgnore {
  const patterns: DockerIgnore['patterns'] = [];
  for (let line = 1; line <= file.lines.lineCount; line++) {
    const raw = file.lines.lineText(line).trim();
    if (!raw || raw.startsWith('#')) continue;
    const negated = raw.startsWith('!');
    const pattern = cleanPattern(negated ? raw.slice(1).trim() : raw);
    if (!pattern) continue;
    patterns.push({ pattern, negated, location: file.lines.lineLocation(file.path, line) });
  }
  const matchers = patterns.map((p) => ({ negated: p.negated, match: picomatch(p.pattern, { dot: true }) }));
  return {
    file,
    patterns,
    excludes(path: string): boolean {
      const parts = cleanPattern(path).split('/');
      let excluded = false;
      for (const m of matchers) {
        // A pattern matching the path or any of its parent directories applies.
        for (let n = 1; n <= parts.length; n++) {
          if (m.match(parts.slice(0, n).join('/'))) {
            excluded = !m.negated;
            break;
          }
        }
      }
      return excluded;
    },
  };
}

function cleanPattern(p: string): string {
  let s = p.replace(/\\/g, '/').replace(/\/+/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  s = trimTrailingSlashes(trimLeadingSlashes(s));
  return s === '.' ? '' : s;
}
