/**
 * Small string helpers written as loops instead of regexes. Scanned files are
 * attacker-controlled, and a regex anchored at the end such as `/\/+$/` is
 * retried at every position of a run of its character (quadratic on
 * `'////…x'`); these walk the string once. Rules and the model both use them,
 * so they live here rather than in a parser.
 */

/** `s` without the `/` characters at its end (`a/b//` → `a/b`, `///` → ``). */
export function trimTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2f) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` without the `/` characters at its start. */
export function trimLeadingSlashes(s: string): string {
  let start = 0;
  while (start < s.length && s.charCodeAt(start) === 0x2f) start++;
  return start === 0 ? s : s.slice(start);
}

/** True when some line of `text`, leading whitespace skipped, starts with `prefix`. */
export function someLineStartsWith(text: string, prefix: string): boolean {
  let lineStart = 0;
  while (lineStart <= text.length) {
    let i = lineStart;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\f' || text[i] === '\v')) i++;
    if (text.startsWith(prefix, i)) return true;
    const nl = text.indexOf('\n', i);
    if (nl === -1) return false;
    lineStart = nl + 1;
  }
  return false;
}
