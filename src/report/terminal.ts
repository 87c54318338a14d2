/**
 * Human output: findings grouped by file, each with severity, rule id,
 * message, a two-line code frame and (once per rule) the fix hint, then
 * counts per rule and per directory and the totals line.
 * Colour only on a TTY and never with NO_COLOR. Everything quoted from a
 * scanned file is masked and its unsafe characters escaped (sanitize.ts).
 */
import type { Rule, Severity } from '../engine/rule.js';
import type { ScanResult } from '../engine/scan.js';
import type { Finding } from '../engine/finding.js';
import { Masker } from './sanitize.js';

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  severity(s: Severity, text: string): string;
  path(s: string): string;
  caret(s: string): string;
}

const plain: Palette = { bold: (s) => s, dim: (s) => s, severity: (_s, t) => t, path: (s) => s, caret: (s) => s };

export function ansiPalette(): Palette {
  const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
  const colors: Record<Severity, (s: string) => string> = {
    critical: (s) => wrap(1, 22)(wrap(35, 39)(s)),
    high: wrap(31, 39),
    medium: wrap(33, 39),
    low: wrap(36, 39),
    info: wrap(90, 39),
  };
  return { bold: wrap(1, 22), dim: wrap(2, 22), severity: (s, t) => colors[s](t), path: wrap(4, 24), caret: wrap(31, 39) };
}

export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if ('NO_COLOR' in env && env['NO_COLOR'] !== undefined) return false;
  if (env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

export interface TerminalOptions {
  color: boolean;
  showSuppressed?: boolean;
  /** Only the per-rule and per-directory summary and the totals line (`--summary`). */
  summaryOnly?: boolean;
}

export function renderTerminal(result: ScanResult, rules: Rule<any>[], opts: TerminalOptions): string {
  const p = opts.color ? ansiPalette() : plain;
  const m = Masker.forResult(result);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out: string[] = [];
  const shown = result.findings.filter((f) => opts.showSuppressed || !f.suppressed);
  if (!opts.summaryOnly) {
    const byFile = new Map<string, Finding[]>();
    for (const f of shown) {
      const list = byFile.get(f.location.path) ?? [];
      list.push(f);
      byFile.set(f.location.path, list);
    }
    // A fix is the same paragraph for each finding of a rule (and artifact
    // kind): printed under the first one only, so thousands of findings do
    // not repeat it.
    const fixShown = new Set<string>();
    for (const [path, list] of byFile) {
      out.push(p.path(m.clean(path)));
      for (const f of list) {
        const pos = `${f.location.startLine}:${f.location.startColumn}`;
        const sev = p.severity(f.severity, f.severity.padEnd(8));
        out.push(`  ${pos.padEnd(7)} ${sev} ${p.dim(f.ruleId)}${f.suppressed ? p.dim(' (suppressed)') : ''}`);
        out.push(`          ${m.clean(f.message, f.maskValues)}`);
        out.push(...codeFrame(result, f, m, p));
        for (const r of f.relatedLocations) out.push(p.dim(`          ↳ ${m.clean(r.location.path)}:${r.location.startLine}: ${m.clean(r.message)}`));
        const fix = f.fix ?? byId.get(f.ruleId)?.remediation;
        if (fix && !fixShown.has(`${f.ruleId}\0${fix}`)) {
          fixShown.add(`${f.ruleId}\0${fix}`);
          out.push(p.dim(`          fix: ${firstSentence(fix)}`));
        }
        out.push('');
      }
    }
    for (const n of result.notes) out.push(p.dim(`note: ${m.clean(n.path)}: ${m.clean(n.reason)}`));
    if (result.notEvaluated.length) {
      out.push(p.dim(`note: ${result.notEvaluated.length} file(s) not evaluated:`));
      const byReason = new Map<string, string[]>();
      for (const n of result.notEvaluated) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.path]);
      for (const [reason, paths] of byReason) out.push(p.dim(`  ${m.clean(reason)}: ${paths.slice(0, 5).map((x) => m.clean(x)).join(', ')}${paths.length > 5 ? `, … (${paths.length} in all)` : ''}`));
    }
  }
  out.push(...breakdown(shown.filter((f) => !f.suppressed), m, p));
  for (const e of result.ruleErrors) out.push(p.severity('critical', `internal error in rule ${e.ruleId}: ${m.clean(e.message.split('\n')[0] ?? '')}`));
  out.push(summaryLine(result, p));
  return out.join('\n') + '\n';
}

/** Rows shown per table; the rest are counted on one line. */
const BREAKDOWN_ROWS = 10;

/**
 * Counts per rule and per directory, largest first, so that one rule or one
 * folder causing most of the noise is visible at a glance. Directories are
 * taken one level below the folder all findings share (so a repository with
 * everything under `services/` is split by service, not lumped together).
 */
export function breakdown(findings: Finding[], m: Masker, p: Palette = plain): string[] {
  if (findings.length === 0) return [];
  const byRule = countBy(findings, (f) => f.ruleId);
  const dirs = findings.map((f) => dirOf(f.location.path));
  const common = commonDir(dirs);
  const byDir = countBy(dirs, (d) => groupDir(d, common));
  const width = String(findings.length).length;
  const table = (title: string, noun: string, rows: Array<[string, number]>, label: (k: string) => string) => {
    const lines = [p.bold(title)];
    // A "1 in 1 more" line would take the place of the row it hides: show that row instead.
    const shown = rows.length === BREAKDOWN_ROWS + 1 ? rows.length : BREAKDOWN_ROWS;
    for (const [k, n] of rows.slice(0, shown)) lines.push(`  ${String(n).padStart(width)}  ${label(k)}`);
    if (rows.length > shown) {
      const rest = rows.slice(shown);
      lines.push(p.dim(`  ${String(rest.reduce((a, [, n]) => a + n, 0)).padStart(width)}  in ${rest.length} more ${noun}`));
    }
    return lines;
  };
  return [
    ...table('Findings by rule', 'rules', byRule, (id) => id),
    '',
    ...table('Findings by directory', 'directories', byDir, (d) => m.clean(d === '' ? '. (root)' : `${d}/`)),
    '',
  ];
}

function countBy<T>(items: T[], key: (t: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const it of items) counts.set(key(it), (counts.get(key(it)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

function commonDir(dirs: string[]): string {
  let common = dirs[0]!.split('/');
  for (const d of dirs) {
    const parts = d.split('/');
    let k = 0;
    while (k < common.length && k < parts.length && common[k] === parts[k]) k++;
    common = common.slice(0, k);
  }
  return common.filter(Boolean).join('/');
}

/** The shared folder plus one more segment: `services/legacy` when everything is under `services/`. */
function groupDir(dir: string, common: string): string {
  if (dir === common) return dir;
  const rest = common ? dir.slice(common.length + 1) : dir;
  const next = rest.split('/')[0]!;
  return common ? `${common}/${next}` : next;
}

function codeFrame(result: ScanResult, f: Finding, m: Masker, p: Palette): string[] {
  const file = result.sources.get(f.location.path);
  if (!file) return [];
  const line = f.location.startLine;
  const lines: string[] = [];
  const width = String(line).length;
  const show = (n: number) => {
    const clean = m.frameLine(file.path, n, file.lines.lineText(n));
    let text = clean.text.replace(/\t/g, ' ');
    if (text.length > MAX_FRAME) text = text.slice(0, MAX_FRAME) + '…';
    return { text, column: clean.column, columnEnd: clean.columnEnd };
  };
  if (line > 1) lines.push(p.dim(`      ${String(line - 1).padStart(width)} | ${show(line - 1).text}`));
  const current = show(line);
  lines.push(`    > ${String(line).padStart(width)} | ${current.text}`);
  // The finding keeps the real source column; the underline is placed on the
  // printed text, where masks and escapes have moved things.
  const rawLength = file.lines.lineText(line).length;
  const start = Math.max(1, f.location.startColumn);
  const end = f.location.endLine === line ? Math.max(start + 1, f.location.endColumn) : Math.max(start + 1, rawLength + 1);
  const from = Math.min(current.column(start - 1), MAX_FRAME);
  const to = Math.min(Math.max(current.columnEnd(end - 1), from + 1), MAX_FRAME + 1);
  lines.push(`      ${' '.repeat(width)} | ${' '.repeat(from)}${p.caret('^'.repeat(Math.max(1, to - from)))}`);
  return lines;
}

/** Longest code frame line printed, in printed characters. */
const MAX_FRAME = 160;

/** Up to the first full stop that ends a sentence (not `e.g.` or `i.e.`). */
function firstSentence(s: string): string {
  const m = /(?<!\b(?:e\.g|i\.e|etc|vs))\.\s+(?=[A-Z`(])/.exec(s);
  return m ? s.slice(0, m.index + 1) : s;
}

export function summaryLine(result: ScanResult, p: Palette = plain): string {
  const s = result.summary;
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .filter((k) => s.bySeverity[k] > 0)
    .map((k) => p.severity(k, `${s.bySeverity[k]} ${k}`));
  const total = Object.values(s.bySeverity).reduce((a, b) => a + b, 0);
  const parts = [
    `${total} finding${total === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''}`,
    `${s.filesScanned} file${s.filesScanned === 1 ? '' : 's'} scanned`,
  ];
  if (s.suppressed) parts.push(`${s.suppressed} suppressed`);
  if (s.baselined) parts.push(`${s.baselined} in baseline`);
  if (s.unchangedSinceBase) parts.push(`${s.unchangedSinceBase} in migrations unchanged since the base`);
  if (s.notEvaluated) parts.push(`${s.notEvaluated} not evaluated`);
  parts.push(`${s.durationMs} ms`);
  return p.bold(parts.join(' · '));
}
