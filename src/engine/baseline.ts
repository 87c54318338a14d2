/**
 * Baseline files: the fingerprints of findings accepted at one point in time.
 * `scan --baseline FILE` then reports only findings not in it, so old findings
 * do not block new work. Fingerprints ignore line numbers (see fingerprint.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Finding } from './finding.js';

export class BaselineError extends Error {}

export interface BaselineFile {
  version: 1;
  tool: string;
  findings: Array<{ fingerprint: string; ruleId: string; path: string }>;
}

export function writeBaseline(path: string, findings: Finding[], tool: string): number {
  const entries = findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.location.path }))
    .sort((a, b) => (a.path + a.ruleId + a.fingerprint < b.path + b.ruleId + b.fingerprint ? -1 : 1));
  const doc: BaselineFile = { version: 1, tool, findings: entries };
  writeFileSync(path, JSON.stringify(doc, null, 2) + '\n');
  return entries.length;
}

export function readBaseline(path: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`baseline ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const d = doc as Partial<BaselineFile>;
  if (!d || d.version !== 1 || !Array.isArray(d.findings) || !d.findings.every((f) => f && typeof f.fingerprint === 'string')) {
    throw new BaselineError(`baseline ${path}: expected {"version": 1, "findings": [{"fingerprint": ...}]} as written by \`shipshape baseline\``);
  }
  return new Set(d.findings.map((f) => f.fingerprint));
}
