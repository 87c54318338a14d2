/**
 * Rule ids as people type them: `run-as-root` for `container/run-as-root`
 * when only one domain has that name, a former id (`container/run-as-root`) for
 * the rule that now carries it, and a "did you mean" for a near miss. Used by
 * config `rules:`, `explain` and inline suppressions, so all three agree.
 */
export type IdLookup = { id: string; formerId?: string } | { unknown: string; hint?: string; ambiguous?: string[] };

/** What lookups need of a rule. */
export interface RuleIdentity {
  id: string;
  formerIds?: readonly string[];
}

export function lookupRuleId(typed: string, rules: readonly RuleIdentity[]): IdLookup {
  const ids = rules.map((r) => r.id);
  if (ids.includes(typed)) return { id: typed };
  const renamed = rules.find((r) => r.formerIds?.includes(typed));
  if (renamed) return { id: renamed.id, formerId: typed };
  if (!typed.includes('/')) {
    const matches = ids.filter((id) => id.slice(id.indexOf('/') + 1) === typed);
    if (matches.length === 1) return { id: matches[0]! };
    if (matches.length > 1) return { unknown: typed, ambiguous: matches };
  }
  // Near misses of a former id point at the rule's current id.
  const hint = closestId(typed, [...ids, ...rules.flatMap((r) => r.formerIds ?? [])]);
  const current = hint && (ids.includes(hint) ? hint : rules.find((r) => r.formerIds?.includes(hint))?.id);
  return current ? { unknown: typed, hint: current } : { unknown: typed };
}

/** The rules a domain wildcard (`image/*`) covers: those in the domain now, and those that were in it under a former id. */
export function coveredByWildcard(pattern: string, rule: RuleIdentity): boolean {
  if (!pattern.endsWith('/*')) return false;
  const prefix = pattern.slice(0, -1);
  return rule.id.startsWith(prefix) || (rule.formerIds ?? []).some((f) => f.startsWith(prefix));
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
