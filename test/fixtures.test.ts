/**
 * The data-driven rule runner. Every rule has fixtures/<rule-id>/fail/ and
 * pass/ cases (a file, or a directory scanned as a repository). Expected
 * findings are marked inline on the line where they must be reported:
 * `# expect: rule-id` / `-- expect: rule-id` at the end of that line, or on a
 * comment-only line just above it. For each case the runner compares the
 * exact set of (file, line, rule) for the rule under test and every rule
 * named in the case's expectations: no more, no fewer. `rule-id@low`
 * also asserts the severity. FIXTURE_RULE=id limits the run to one rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRules } from '../rules/index.js';
import { possibleSeverities } from '../src/engine/rule.js';
import { scanDirectory } from '../src/api.js';
import type { RevisionReader } from '../src/engine/base-model.js';
import type { Finding } from '../src/engine/finding.js';

const SNAPSHOT_EXT = '.snap';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures');
const only = process.env['FIXTURE_RULE'];

const MARKER = /(?:#|--|\/\/)\s*expect:\s*([a-z0-9][a-z0-9/@,\s-]*)/;
const COMMENT_ONLY = /^\s*(#|--|\/\/|;)/;

interface Expectation {
  path: string;
  line: number;
  ruleId: string;
  /** `expect: rule-id@low` also asserts the finding's severity. */
  severity?: string;
}

function filesUnder(p: string): string[] {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p).flatMap((n) => filesUnder(join(p, n)));
}

export function readExpectations(caseRoot: string, files: string[]): Expectation[] {
  const out: Expectation[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (!text.includes('expect:')) continue;
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      const m = MARKER.exec(line);
      if (!m) return;
      let target = i + 1;
      if (COMMENT_ONLY.test(line)) {
        target = i + 2;
        while (target <= lines.length && (COMMENT_ONLY.test(lines[target - 1]!) || !lines[target - 1]!.trim())) target++;
      }
      for (const spec of m[1]!.split(/[,\s]+/).filter(Boolean)) {
        const [ruleId, severity] = spec.split('@');
        out.push({ path: relative(caseRoot, f).split('\\').join('/'), line: target, ruleId: ruleId!, severity });
      }
    });
  }
  return out;
}

/**
 * A case directory may hold `.base/`: the repository as it was at the base
 * revision (what `scan --base REF` reads from git), for rules that compare.
 */
function dirBaseRevision(dir: string): RevisionReader {
  const files = filesUnder(dir).map((f) => relative(dir, f).split('\\').join('/'));
  return {
    ref: 'fixture-base',
    files: () => files,
    read: (path) => (files.includes(path) ? readFileSync(join(dir, path), 'utf8') : undefined),
  };
}

/** Severities each built-in rule reported across all fixtures (configuration overrides excluded). */
const emitted = new Map<string, Map<string, string>>();

const key = (e: { path: string; line: number; ruleId: string; severity?: string }) => `${e.path}:${e.line} ${e.ruleId}${e.severity ? `@${e.severity}` : ''}`;

for (const rule of builtinRules) {
  if (only && rule.id !== only) continue;
  const dir = join(FIXTURES, rule.id);
  describe(rule.id, () => {
    for (const outcome of ['fail', 'pass'] as const) {
      const base = join(dir, outcome);
      if (!existsSync(base)) continue;
      for (const name of readdirSync(base).sort()) {
        if (name.endsWith(SNAPSHOT_EXT)) continue;
        const casePath = join(base, name);
        const isDir = statSync(casePath).isDirectory();
        it(`${outcome}/${name}`, async () => {
          const caseRoot = isDir ? casePath : base;
          const baseDir = join(casePath, '.base');
          const hasBase = isDir && existsSync(baseDir);
          const files = filesUnder(casePath).filter((f) => !hasBase || !f.startsWith(baseDir));
          const expected = readExpectations(caseRoot, files);
          const relevant = new Set([rule.id, 'core/parse-error', ...expected.map((e) => e.ruleId)]);
          if (outcome === 'fail') assert.ok(expected.some((e) => e.ruleId === rule.id), `a fail case must mark at least one "expect: ${rule.id}"`);
          else assert.ok(!expected.some((e) => e.ruleId === rule.id), `a pass case must not expect ${rule.id}`);
          let overridden = new Set<string>();
          const result = await scanDirectory(caseRoot, {
            files: isDir ? [] : [casePath],
            base: hasBase ? dirBaseRevision(baseDir) : undefined,
            // Rules that are off by default are switched on for their own fixtures.
            configure: (config) => {
              if (hasBase) config.exclude.push('.base/**');
              for (const id of relevant) if (!config.rules[id]) config.rules[id] = { enabled: true, options: {} };
              overridden = new Set(Object.entries(config.rules).filter(([, s]) => s.severity).map(([id]) => id));
            },
          });
          for (const f of result.findings) {
            if (overridden.has(f.ruleId)) continue;
            const seen = emitted.get(f.ruleId) ?? new Map<string, string>();
            if (!seen.has(f.severity)) seen.set(f.severity, `${outcome}/${name} ${f.location.path}:${f.location.startLine}`);
            emitted.set(f.ruleId, seen);
          }
          assert.deepEqual(result.ruleErrors, [], 'no rule may throw');
          // Severity is compared only where the expectation names one.
          const withSeverity = new Set(expected.filter((e) => e.severity).map((e) => key({ ...e, severity: undefined })));
          const actual = result.findings.filter((f) => !f.suppressed && relevant.has(f.ruleId)).map((f) => {
            const k = { path: f.location.path, line: f.location.startLine, ruleId: f.ruleId };
            return key({ ...k, severity: withSeverity.has(key(k)) ? f.severity : undefined });
          });
          const messages = result.findings.filter((f) => relevant.has(f.ruleId)).map((f) => `${key({ path: f.location.path, line: f.location.startLine, ruleId: f.ruleId })}: ${f.message}`);
          assert.deepEqual(actual.sort(), expected.map(key).sort(), `findings differ from the expect: markers.\nAll relevant findings:\n${messages.join('\n')}`);
          if (outcome === 'fail') checkSnapshot(`${casePath}${SNAPSHOT_EXT}`, result.findings.filter((f) => !f.suppressed && relevant.has(f.ruleId)));
        });
      }
    }
  });
}

/**
 * The markers pin file, line and rule; the snapshot beside each failing case
 * pins the column and the message too, so a changed position or wording
 * fails until someone looks at it and refreshes with UPDATE_SNAPSHOTS=1
 * (`npm run test:update-snapshots`).
 */
function checkSnapshot(path: string, findings: Finding[]): void {
  const lines = findings
    .map((f) => `${f.location.path}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.message.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`)
    .sort();
  const text = lines.join('\n') + '\n';
  if (process.env['UPDATE_SNAPSHOTS'] === '1') {
    writeFileSync(path, text);
    return;
  }
  assert.ok(existsSync(path), `no snapshot ${relative(ROOT, path)}: run UPDATE_SNAPSHOTS=1 npm test (or npm run test:update-snapshots), then review it`);
  assert.equal(text, readFileSync(path, 'utf8'), `${relative(ROOT, path)} differs (column or message changed). If the change is intended, refresh with UPDATE_SNAPSHOTS=1 and review the diff.`);
}

// After every fixture ran (tests in a file run in order): the severities rules report are the ones they declare.
describe('declared severities', () => {
  it('no rule reports a severity its metadata does not declare', () => {
    const wrong: string[] = [];
    for (const rule of builtinRules) {
      const declared = possibleSeverities(rule);
      for (const [sev, where] of emitted.get(rule.id) ?? []) if (!declared.includes(sev as never)) wrong.push(`${rule.id} reported ${sev} (${where}); declared: ${declared.join(', ')}`);
    }
    assert.deepEqual(wrong, [], 'add the severity and its condition to the rule\'s `severities`');
  });

  // Keeps the declarations honest: a declared severity with no fixture is untested, or stale.
  it('every declared severity appears in some fixture', { skip: only ? 'FIXTURE_RULE runs one rule' : false }, () => {
    const missing: string[] = [];
    for (const rule of builtinRules) {
      for (const sev of possibleSeverities(rule)) if (!emitted.get(rule.id)?.has(sev)) missing.push(`${rule.id}@${sev}`);
    }
    assert.deepEqual(missing, [], 'add a fixture with `expect: rule-id@severity` for each');
  });
});
