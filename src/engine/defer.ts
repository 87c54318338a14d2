/**
 * One finding per problem. When two rules report the same statement or key
 * and one of them tells the user everything the other would (a `serial`
 * primary key: `prefer-bigint-key` already says "bigint GENERATED ... AS
 * IDENTITY", so `prefer-identity` adds nothing), the weaker rule declares
 * `defersTo` and its finding is folded into the stronger one: left out, with
 * one sentence added to the stronger message so nothing is lost. Decided here,
 * once, instead of in each rule. Suppressed findings never fold, in either
 * direction, so a suppression written for either rule keeps working; nor does a
 * finding that speaks for more than its statement (`coversMore`).
 */
import type { Finding } from './finding.js';
import type { Rule } from './rule.js';
import type { Location } from '../base/location.js';

export function foldDeferred(findings: Finding[], rules: ReadonlyMap<string, Rule<any>>): Finding[] {
  const deferring = findings.filter((f) => !f.suppressed && !f.notFoldable && rules.get(f.ruleId)?.defersTo?.length);
  if (deferring.length === 0) return findings;
  const dropped = new Set<Finding>();
  for (const weak of deferring) {
    const targets = rules.get(weak.ruleId)!.defersTo!;
    const strong = findings.find((g) => g !== weak && !g.suppressed && !dropped.has(g) && targets.includes(g.ruleId) && overlaps(g.location, weak.location));
    if (!strong) continue;
    dropped.add(weak);
    strong.message = `${strong.message} (Also ${weak.ruleId}: ${firstSentence(weak.message)})`;
  }
  return dropped.size ? findings.filter((f) => !dropped.has(f)) : findings;
}

function overlaps(a: Location, b: Location): boolean {
  if (a.path !== b.path) return false;
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return before(a.startLine, a.startColumn, b.endLine, b.endColumn) && before(b.startLine, b.startColumn, a.endLine, a.endColumn);
}

function firstSentence(text: string): string {
  const i = text.indexOf('. ');
  return i === -1 ? text.replace(/\.$/, '') : text.slice(0, i);
}
