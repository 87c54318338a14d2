/** `--format json`: documented in docs/json-format.md, schema in docs/json-format.schema.json. */
import type { ScanResult } from '../engine/scan.js';
import { Masker } from './sanitize.js';

export const JSON_FORMAT_VERSION = 1;

export function renderJson(result: ScanResult, tool: { name: string; version: string }): string {
  const m = Masker.forResult(result);
  const doc = {
    version: JSON_FORMAT_VERSION,
    tool,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      domain: f.domain,
      message: m.clean(f.message, f.maskValues),
      ...(f.fix ? { fix: f.fix } : {}),
      location: f.location,
      relatedLocations: f.relatedLocations.map((r) => ({ ...r.location, message: m.clean(r.message) })),
      fingerprint: f.fingerprint,
      suppressed: f.suppressed,
      ...(f.suppression ? { suppression: { kind: f.suppression.kind, reason: m.clean(f.suppression.reason) } } : {}),
    })),
    summary: {
      filesScanned: result.summary.filesScanned,
      artifacts: result.summary.artifacts,
      notEvaluated: result.summary.notEvaluated,
      bySeverity: result.summary.bySeverity,
      suppressed: result.summary.suppressed,
      baselined: result.summary.baselined,
      ...(result.summary.unchangedSinceBase !== undefined ? { unchangedSinceBase: result.summary.unchangedSinceBase } : {}),
      durationMs: result.summary.durationMs,
    },
    notes: [
      ...result.notes.map((n) => ({ path: n.path, reason: m.clean(n.reason) })),
      ...result.notEvaluated.map((n) => ({ path: n.path, reason: `not evaluated: ${n.reason}` })),
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
