/**
 * SARIF 2.1.0 for GitHub code scanning: repo-relative URIs under %SRCROOT%,
 * full regions, rule help from the same renderer as the docs, our own stable
 * fingerprints, and suppressed results left out unless asked for (GitHub
 * would show them as open alerts).
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Rule, Severity } from '../engine/rule.js';
import type { ScanResult } from '../engine/scan.js';
import type { Location } from '../model/types.js';
import { Masker } from './sanitize.js';
import { renderRuleMarkdown, renderRuleText, ruleDocUrl } from './rule-doc.js';

export const INFORMATION_URI = 'https://github.com/shipshape-dev/shipshape';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub buckets: >9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

export interface SarifOptions {
  includeSuppressed: boolean;
  tool: { name: string; version: string };
}

export function renderSarif(result: ScanResult, allRules: Rule<any>[], opts: SarifOptions): string {
  const m = Masker.forResult(result);
  const findings = result.findings.filter((f) => opts.includeSuppressed || !f.suppressed);
  const byId = new Map(allRules.map((r) => [r.id, r]));
  const usedIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const rules: ReportingDescriptor[] = usedIds.map((id) => descriptor(byId.get(id), id));
  const index = new Map(usedIds.map((id, i) => [id, i]));

  const results: Result[] = findings.map((f) => {
    // GitHub shows related locations only when the message links them as `[text](id)`.
    const links = f.relatedLocations.map((rl, i) => `[${escapeLinkText(m.clean(`${rl.location.path}:${rl.location.startLine}`))}](${i + 1})`);
    const r: Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: m.clean(f.message, f.maskValues) + (links.length ? ` Related: ${links.join(', ')}.` : '') },
      locations: [{ physicalLocation: physical(f.location) }],
      partialFingerprints: { primaryLocationLineHash: f.fingerprint, 'shipshape/v1': f.fingerprint },
      properties: { severity: f.severity },
    };
    if (f.relatedLocations.length) {
      r.relatedLocations = f.relatedLocations.map((rl, i) => ({ id: i + 1, physicalLocation: physical(rl.location), message: { text: m.clean(rl.message) } }));
    }
    if (opts.includeSuppressed) {
      // SARIF: once any result carries suppressions, all must (empty = not suppressed).
      r.suppressions = f.suppressed ? [{ kind: 'inSource', justification: m.clean(f.suppression?.reason ?? '') }] : [];
    }
    return r;
  });

  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: opts.tool.name,
            version: opts.tool.version,
            semanticVersion: opts.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: result.ruleErrors.length === 0,
            toolExecutionNotifications: result.notes.map((n) => ({
              level: 'note' as const,
              message: { text: m.clean(`${n.path}: ${n.reason}`) },
            })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function physical(l: Location) {
  return {
    artifactLocation: { uri: encodeUri(l.path), uriBaseId: '%SRCROOT%' },
    region: { startLine: l.startLine, startColumn: l.startColumn, endLine: l.endLine, endColumn: Math.max(l.endColumn, 1) },
  };
}

/** Percent-encode each path segment; keep `/`. */
export function encodeUri(path: string): string {
  return path.split('/').map((s) => encodeURIComponent(s)).join('/');
}

function descriptor(rule: Rule<any> | undefined, id: string): ReportingDescriptor {
  if (!rule) return { id, name: id, shortDescription: { text: id } };
  const tags = [...new Set([...(rule.security ? ['security'] : []), rule.id.split('/')[0]!, ...rule.tags])].slice(0, 20);
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: renderRuleText(rule), markdown: renderRuleMarkdown(rule) },
    helpUri: ruleDocUrl(rule.id),
    defaultConfiguration: { level: LEVEL[rule.severity], enabled: rule.enabledByDefault !== false },
    properties: {
      tags,
      precision: 'high',
      ...(rule.security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
    },
  };
}

function pascal(id: string): string {
  return id.split(/[/-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** SARIF message links use Markdown-like `[text](id)`; brackets in the text must be escaped. */
function escapeLinkText(s: string): string {
  return s.replace(/[[\]\\]/g, (c) => `\\${c}`);
}
