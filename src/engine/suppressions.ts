/**
 * Inline suppressions: `# shipshape-ignore rule-a,rule-b -- reason` (or `--`
 * / `//` comments) at the end of the offending line or on the line(s) above
 * it; and the Kubernetes annotation `shipshape.dev/ignore: "rule -- reason"`
 * on a resource or its pod template, which covers the whole resource.
 */
import { coveredByWildcard, type RuleIdentity } from './rule-ids.js';
import type { K8sObject, Location, SourceFile } from '../model/types.js';
import type { Finding } from './finding.js';

export interface InlineIgnore {
  rules: string[];
  reason: string;
  /** Line the directive applies to. */
  target: number;
  location: Location;
  used: boolean;
  kind: 'inline' | 'annotation';
  /** For annotations: the resource's line span. */
  span?: { start: number; end: number };
}

const ONLY_COMMENT = /^\s*(#|--|\/\/|;)/;

/** `shipshape-ignore rule-a, rule-b -- reason` after a comment marker; split with indexOf, no backtracking. */
function parseDirective(text: string, at: number): { rules: string[]; reason: string } | undefined {
  const before = text.slice(0, at).trimEnd();
  if (!(before.endsWith('#') || before.endsWith('--') || before.endsWith('//'))) return undefined;
  let rest = text.slice(at + 'shipshape-ignore'.length);
  if (rest.startsWith(':')) rest = rest.slice(1);
  if (rest && !/^[ \t]/.test(rest)) return undefined;
  const sep = rest.indexOf(' --');
  const rulesText = sep === -1 ? rest : rest.slice(0, sep);
  const reason = sep === -1 ? '' : rest.slice(sep + 3).trim();
  const rules = rulesText.split(/[,\s]+/).filter(Boolean);
  return rules.length > 0 ? { rules, reason } : undefined;
}

export function inlineIgnores(file: SourceFile): InlineIgnore[] {
  if (!file.text.includes('shipshape-ignore')) return [];
  const out: InlineIgnore[] = [];
  for (let line = 1; line <= file.lines.lineCount; line++) {
    const text = file.lines.lineText(line);
    const at = text.indexOf('shipshape-ignore');
    if (at === -1) continue;
    const parsed = parseDirective(text, at);
    if (!parsed) continue;
    const rules = parsed.rules;
    const commentOnly = ONLY_COMMENT.test(text);
    let target = line;
    if (commentOnly) {
      // Applies to the next line that is not itself a comment or blank.
      target = line + 1;
      while (target <= file.lines.lineCount && (ONLY_COMMENT.test(file.lines.lineText(target)) || !file.lines.lineText(target).trim())) target++;
    }
    const start = text.lastIndexOf('shipshape-ignore', at) - 1;
    out.push({
      rules,
      reason: parsed.reason,
      target,
      location: { path: file.path, startLine: line, startColumn: Math.max(1, start), endLine: line, endColumn: text.trimEnd().length + 1 },
      used: false,
      kind: 'inline',
    });
  }
  return out;
}

export const IGNORE_ANNOTATION = 'shipshape.dev/ignore';

export function annotationIgnores(o: K8sObject): InlineIgnore[] {
  const raw = o.annotations[IGNORE_ANNOTATION] ?? readPodTemplateAnnotation(o);
  if (!raw) return [];
  return raw.split(/[;\n]/).filter((s) => s.trim()).map((entry) => {
    const [rulesPart, ...reason] = entry.split(' -- ');
    return {
      rules: rulesPart!.split(/[,\s]+/).filter(Boolean),
      reason: reason.join(' -- ').trim(),
      target: 0,
      location: o.location,
      used: false,
      kind: 'annotation' as const,
      span: { start: o.location.startLine, end: o.location.endLine },
    };
  });
}

function readPodTemplateAnnotation(o: K8sObject): string | undefined {
  const spec = o.value['spec'] as { template?: { metadata?: { annotations?: Record<string, unknown> } } } | undefined;
  const v = spec?.template?.metadata?.annotations?.[IGNORE_ANNOTATION];
  return typeof v === 'string' ? v : undefined;
}

function matchesRule(pattern: string, rule: RuleIdentity): boolean {
  if (pattern === rule.id || pattern === '*' || pattern === 'all') return true;
  return coveredByWildcard(pattern, rule);
}

/**
 * Marks findings suppressed in place (the directives' `used` flags tell which
 * were needed). `rules` gives each rule's former ids, so `image/*` written
 * before a rule moved domains still covers it.
 */
export function applySuppressions(findings: Finding[], ignores: Map<string, InlineIgnore[]>, rules: ReadonlyMap<string, RuleIdentity> = new Map()): void {
  for (const f of findings) {
    if (f.ruleId === 'core/unused-suppression') continue;
    const list = ignores.get(f.location.path);
    if (!list) continue;
    const hit = list.find((ig) =>
      ig.rules.some((r) => matchesRule(r, rules.get(f.ruleId) ?? { id: f.ruleId })) &&
      (ig.kind === 'inline' ? ig.target === f.location.startLine : f.location.startLine >= ig.span!.start && f.location.startLine <= ig.span!.end),
    );
    if (!hit) continue;
    hit.used = true;
    f.suppressed = true;
    f.suppression = { kind: hit.kind, reason: hit.reason || 'no reason given', location: hit.location };
  }
}
