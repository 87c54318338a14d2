/**
 * Severities users can plan with: every severity a rule can report is
 * declared with its condition and shown by `rules`, `explain`, the docs and
 * SARIF. (That rules report only declared severities is checked at the end of
 * test/fixtures.test.ts, over every fixture.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { cli, PROJECT_ROOT } from './helpers.js';

const varying = builtinRules.filter((r) => r.severities?.length);

describe('rule severities', () => {
  it('the rules the release notes named declare their other severities', () => {
    const low = (id: string) => builtinRules.find((r) => r.id === id)!.severities?.map((c) => c.severity) ?? [];
    assert.deepEqual(low('container/seccomp-unconfined'), ['high', 'low']);
    assert.deepEqual(low('container/non-numeric-user'), ['high', 'low']);
    assert.deepEqual(low('container/run-as-root'), ['high', 'medium', 'low']);
    assert.deepEqual(low('image/unpinned-tag'), ['high', 'medium', 'low']);
    assert.deepEqual(low('dockerfile/invalid-stage-reference'), ['high', 'medium']);
  });

  it('`rules` shows each rule\'s other severities, text and JSON', async () => {
    const text = (await cli(['rules'])).stdout;
    assert.match(text, /^container\/seccomp-unconfined\s+high \(also low\)\s+Seccomp/m);
    assert.match(text, /^container\/run-as-root\s+high \(also medium, low\)\s+/m);
    assert.match(text, /^container\/privileged\s+critical\s+/m);
    const list = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as Array<{ id: string; severity: string; severities: Array<{ severity: string; when: string }> }>;
    for (const r of list) {
      assert.ok(r.severities.length >= 1 && r.severities.some((c) => c.severity === r.severity), `${r.id} lists its default`);
      const rule = builtinRules.find((x) => x.id === r.id)!;
      assert.equal(r.severities.length, rule.severities?.length ?? 1);
    }
    const seccomp = list.find((r) => r.id === 'container/seccomp-unconfined')!;
    assert.match(seccomp.severities.find((c) => c.severity === 'low')!.when, /no seccomp profile/);
  });

  it('`explain` and the docs give the condition for each severity', async () => {
    for (const rule of varying) {
      const text = (await cli(['explain', rule.id])).stdout;
      const page = readFileSync(join(PROJECT_ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
      for (const c of rule.severities!) {
        assert.ok(text.includes(`  ${c.severity.padEnd(8)} ${c.when}`), `explain ${rule.id} shows ${c.severity}`);
        assert.ok(page.includes(`| ${c.when.replace(/\|/g, '\\|')} |`), `docs/rules/${rule.id}.md shows ${c.severity}`);
      }
    }
  });
});
