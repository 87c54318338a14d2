/**
 * One renderer for a rule's documentation, used by the generated docs pages
 * (docs/rules/<domain>/<name>.md), `shipshape explain` and SARIF `help`.
 */
import type { Rule, RuleExample, SeverityCase } from '../engine/rule.js';
import { domainOf, severityRank } from '../engine/rule.js';

export const DOCS_BASE = 'https://github.com/shipshape-dev/shipshape/blob/main/docs/rules';

export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}

/** The rule's severities with their conditions, most severe first; empty when it only reports its default. */
export function severityCases(rule: Pick<Rule<any>, 'severity' | 'severities'>): SeverityCase[] {
  return [...(rule.severities ?? [])].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/** `high (also medium, low)`: the default first, then what else the rule can report. */
export function severitySummary(rule: Pick<Rule<any>, 'severity' | 'severities'>): string {
  const others = severityCases(rule).map((c) => c.severity).filter((s) => s !== rule.severity);
  return others.length ? `${rule.severity} (also ${others.join(', ')})` : rule.severity;
}

export function renderRuleMarkdown(rule: Rule<any>): string {
  const lines: string[] = [];
  lines.push(`# ${rule.id}`, '', `**${rule.title}**`, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| Default severity | ${rule.severity} |`);
  const others = severityCases(rule).map((c) => c.severity).filter((sev) => sev !== rule.severity);
  if (others.length) lines.push(`| Can also report | ${others.join(', ')} |`);
  lines.push(`| Domain | ${domainOf(rule.id)} |`);
  lines.push(`| Status | ${rule.status === 'preview' ? 'preview (new: wording, severity and keys may still change in a minor release)' : 'stable'} |`);
  if (rule.defersTo?.length) lines.push(`| Folded into | ${rule.defersTo.join(', ')}, when one of them reports the same statement (one finding per problem) |`);
  if (rule.formerIds?.length) lines.push(`| Formerly | ${rule.formerIds.join(', ')} (still accepted in config and suppressions; baselines keep matching) |`);
  lines.push(`| Applies to | ${rule.kinds.length ? rule.kinds.join(', ') : 'all artifacts'} |`);
  lines.push(`| Enabled by default | ${rule.enabledByDefault === false ? 'no' : 'yes'} |`);
  if (rule.tags.length) lines.push(`| Tags | ${rule.tags.join(', ')} |`);
  lines.push('', '## What it finds', '', rule.description, '');
  const cases = severityCases(rule);
  if (cases.length) {
    lines.push('## Severity', '', 'Reported at:', '', '| Severity | When |', '|---|---|');
    for (const c of cases) lines.push(`| ${c.severity}${c.severity === rule.severity ? ' (default)' : ''} | ${c.when.replace(/\|/g, '\\|')} |`);
    lines.push('', 'A `severity:` set for the rule in `.shipshape.yml` replaces all of these.', '');
  }
  lines.push('## Why it matters', '', rule.rationale, '', '## How to fix', '', rule.remediation, '');
  for (const [kind, text] of Object.entries(rule.remediationByKind ?? {})) lines.push(`In ${kindName(kind)}: ${text}`, '');
  if (rule.example) lines.push(...exampleLines(rule.example));
  if (rule.differences) lines.push('## Differences from other tools', '', rule.differences, '');
  if (rule.options) {
    lines.push('## Options', '', 'Set under `rules:` in `.shipshape.yml`:', '', '```yaml', 'rules:', `  ${rule.id}:`, '    options:');
    for (const [k, v] of Object.entries(rule.options.defaults as Record<string, unknown>)) lines.push(`      ${k}: ${JSON.stringify(v)}`);
    lines.push('```', '');
  }
  const sqlOnly = rule.kinds.length > 0 && rule.kinds.every((k) => k === 'sql-migration');
  lines.push('## Suppressing', '', 'On the line of the finding or the line above it:', '', '```', `${sqlOnly ? '--' : '#'} shipshape-ignore ${rule.id} -- <reason>`, '```', '');
  if (rule.kinds.includes('kubernetes')) lines.push(`or on the Kubernetes resource: \`shipshape.dev/ignore: "${rule.id} -- <reason>"\` under \`metadata.annotations\`.`, '');
  if (rule.references.length) {
    lines.push('## References', '');
    for (const r of rule.references) lines.push(`- ${r}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Plain-text form for terminals and SARIF `help.text`. */
export function renderRuleText(rule: Rule<any>): string {
  return [
    `${rule.id} — ${rule.title} [${severitySummary(rule)}]${rule.status === 'preview' ? ' (preview)' : ''}`,
    ...(rule.formerIds?.length ? [`Formerly ${rule.formerIds.join(', ')}: still accepted in config and suppressions.`] : []),
    '',
    rule.description,
    ...(severityCases(rule).length ? ['', 'Severity:', ...severityCases(rule).map((c) => `  ${c.severity.padEnd(8)} ${c.when}${c.severity === rule.severity ? ' (default)' : ''}`)] : []),
    '',
    `Why: ${rule.rationale}`,
    '',
    `Fix: ${rule.remediation}`,
    ...Object.entries(rule.remediationByKind ?? {}).map(([kind, text]) => `  In ${kindName(kind)}: ${text}`),
    ...(rule.differences ? ['', `Differences from other tools: ${rule.differences}`] : []),
    ...(rule.references.length ? ['', 'References:', ...rule.references.map((r) => `  ${r}`)] : []),
  ].join('\n');
}

/** Code-fence language for a file the example shows, from its name. */
function fenceLanguage(path: string): string {
  const name = path.split('/').pop()!;
  if (/^Dockerfile|\.dockerfile$/i.test(name)) return 'dockerfile';
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  return { yml: 'yaml', yaml: 'yaml', sql: 'sql', toml: 'toml', service: 'ini', conf: 'properties', json: 'json' }[ext ?? ''] ?? '';
}

/** The other files of an example's repository, each with its content; those equal to `ref` by name alone (`as`: where they appeared). */
function fileList(files: Record<string, string>, ref?: Record<string, string>, as = ''): string[] {
  const out: string[] = [];
  const same = Object.keys(files).filter((path) => ref && Object.hasOwn(ref, path) && ref[path] === files[path]);
  if (same.length) out.push(`- ${as}: ${same.map((p) => `\`${p}\``).join(', ')}`, '');
  for (const [path, text] of Object.entries(files)) if (!same.includes(path)) out.push(`- \`${path}\`:`, '', '  ```' + fenceLanguage(path), ...text.trimEnd().split('\n').map((l) => (l ? `  ${l}` : '')), '  ```', '');
  return out;
}

/** `## Example`: the flagged and the fixed file, with the paths and other files they need when the example has them. */
function exampleLines(ex: RuleExample): string[] {
  const lang = ex.language ?? '';
  const lines = ['## Example', ''];
  if (ex.base) lines.push('At the base revision (`scan --base REF`) the repository held:', '', ...fileList(ex.base));
  lines.push(ex.path ? `Flagged, \`${ex.path}\`:` : 'Flagged:', '', '```' + lang, ex.bad.trimEnd(), '```', '');
  if (ex.context && Object.keys(ex.context).length) lines.push('with these other files:', '', ...fileList(ex.context, ex.base, 'unchanged since the base revision'));
  const goodPath = ex.goodPath ?? ex.path;
  const fixedAt = ex.goodPath && ex.goodPath !== ex.path ? `, renamed to \`${goodPath}\`` : goodPath ? `, \`${goodPath}\`` : '';
  lines.push(`Fixed${fixedAt}:`, '', '```' + lang, ex.good.trimEnd(), '```', '');
  if (ex.goodContext) lines.push('with these other files:', '', ...fileList(ex.goodContext, ex.context, 'as above'));
  return lines;
}

/** How the docs name an artifact kind in "In compose files: …". */
function kindName(kind: string): string {
  return { compose: 'compose files', systemd: 'systemd units', kubernetes: 'Kubernetes manifests', dockerfile: 'Dockerfiles', fly: 'fly.toml' }[kind] ?? kind;
}
