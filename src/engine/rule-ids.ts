/**
 * Rule ids as people type them: `run-as-root` for `image/run-as-root` when
 * only one domain has that name, and a "did you mean" for a near miss. Used by
 * config `rules:`, `explain` and inline suppressions, so all three agree.
 */
export type IdLookup = { id: string } | { unknown: string; hint?: string; ambiguous?: string[] };

export function lookupRuleId(typed: string, ids: readonly string[]): IdLookup {
  if (ids.includes(typed)) return { id: typed };
  if (!typed.includes('/')) {
    const matches = ids.filter((id) => id.slice(id.indexOf('/') + 1) === typed);
    if (matches.length === 1) return { id: matches[0]! };
    if (matches.length > 1) return { unknown: typed, ambiguous: matches };
  }
  const hint = closestId(typed, ids);
  return hint ? { unknown: typed, hint } : { unknown: typed };
}

/** "unknown rule id "x" (did you mean y?)" — the words every caller prints. */
export function describeUnknown(l: Exclude<IdLookup, { id: string }>): string {
  if (l.ambiguous) return `rule id "${l.unknown}" is ambiguous: write one of ${l.ambiguous.join(', ')}`;
  return `unknown rule id "${l.unknown}"${l.hint ? ` (did you mean ${l.hint}?)` : ''}`;
}

/** The closest id by edit distance, compared with and without the domain prefix; none when nothing is close. */
export function closestId(typed: string, ids: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of ids) {
    const name = candidate.slice(candidate.indexOf('/') + 1);
    const d = Math.min(distance(typed, candidate), typed.includes('/') ? Infinity : distance(typed, name));
    if (d < bestScore) {
      bestScore = d;
      best = candidate;
    }
  }
  return bestScore <= Math.max(3, typed.length / 4) ? best : undefined;
}

function distance(a: string, b: string): number {
  // Inputs are rule ids (tens of characters), so the quadratic table is bounded.
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
