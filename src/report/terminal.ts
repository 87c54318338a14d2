/**
 * Human output: findings grouped by file, each with severity, rule id,
 * message, a two-line code frame and the fix hint, then a summary line.
 * Colour only on a TTY and never with NO_COLOR. Everything quoted from a
 * scanned file is masked and stripped of control characters.
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

export function renderTerminal(result: ScanResult, rules: Rule<any>[], opts: { color: boolean; showSuppressed?: boolean }): string {
  const p = opts.color ? ansiPalette() : plain;
  const m = new Masker(result.secrets, result.secretSpans);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out: string[] = [];
  const shown = result.findings.filter((f) => opts.showSuppressed || !f.suppressed);
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) {
    const list = byFile.get(f.location.path) ?? [];
    list.push(f);
    byFile.set(f.location.path, list);
  }
  for (const [path, list] of byFile) {
    out.push(p.path(m.clean(path)));
    for (const f of list) {
      const pos = `${f.location.startLine}:${f.location.startColumn}`;
      const sev = p.severity(f.severity, f.severity.padEnd(8));
      out.push(`  ${pos.padEnd(7)} ${sev} ${p.dim(f.ruleId)}${f.suppressed ? p.dim(' (suppressed)') : ''}`);
      out.push(`          ${m.clean(f.message, f.maskValues)}`);
      out.push(...codeFrame(result, f, m, p));
      for (const r of f.relatedLocations) out.push(p.dim(`          ↳ ${m.clean(r.location.path)}:${r.location.startLine}: ${m.clean(r.message)}`));
      const rule = byId.get(f.ruleId);
      const fix = f.fix ?? rule?.remediation;
      if (fix) out.push(p.dim(`          fix: ${firstSentence(fix)}`));
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
  for (const e of result.ruleErrors) out.push(p.severity('critical', `internal error in rule ${e.ruleId}: ${m.clean(e.message.split('\n')[0] ?? '')}`));
  out.push(summaryLine(result, p));
  return out.join('\n') + '\n';
}

function codeFrame(result: ScanResult, f: Finding, m: Masker, p: Palette): string[] {
  const file = result.sources.get(f.location.path);
  if (!file) return [];
  const line = f.location.startLine;
  const lines: string[] = [];
  const width = String(line).length;
  const show = (n: number) => {
    let text = m.cleanLine(file.path, n, file.lines.lineText(n)).replace(/\t/g, ' ');
    if (text.length > 160) text = text.slice(0, 160) + '…';
    return text;
  };
  if (line > 1) lines.push(p.dim(`      ${String(line - 1).padStart(width)} | ${show(line - 1)}`));
  lines.push(`    > ${String(line).padStart(width)} | ${show(line)}`);
  const start = Math.max(1, f.location.startColumn);
  const end = f.location.endLine === line ? Math.max(start + 1, f.location.endColumn) : Math.max(start + 1, file.lines.lineText(line).length + 1);
  const len = Math.min(end - start, 160);
  lines.push(`      ${' '.repeat(width)} | ${' '.repeat(Math.min(start - 1, 160))}${p.caret('^'.repeat(Math.max(1, len)))}`);
  return lines;
}

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
  if (s.notEvaluated) parts.push(`${s.notEvaluated} not evaluated`);
  parts.push(`${s.durationMs} ms`);
  return p.bold(parts.join(' · '));
}
