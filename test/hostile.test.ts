/**
 * Every rule against adversarial artifacts: very long lines made of the
 * characters regexes and tokenizers care about. A super-linear regex or a
 * parser loop would hang here; the per-test timeout turns a hang into a
 * failure. This guards against ReDoS; it is not a performance target.
 *
 * The cases of `hostileCases` each aim one file at a path that used to be
 * super-linear and scan it through scanDirectory with a wall-time budget far
 * above the linear time and far below the old one (minutes).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { cli, makeRepo } from './helpers.js';
import { hostile, hostileCases } from './hostile-inputs.js';
import { scanDirectory } from '../src/api.js';
import { someLineStartsWith, trimLeadingSlashes, trimTrailingSlashes } from '../src/model/strings.js';

describe('hostile input', () => {
  it('every rule finishes on adversarial artifacts', { timeout: 120_000 }, async () => {
    const repo = makeRepo(hostile);
    const res = await cli(['scan', repo, '-f', 'json', '--fail-on', 'never']);
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout);
    assert.ok(doc.summary.filesScanned >= Object.keys(hostile).length);
  });

  // allowedRegistries comes from the config, where picomatch refuses huge globs before
  // any scan; the helper it shares with hostPath and .dockerignore is checked directly.
  it('the string helpers are linear on runs with a failing suffix', () => {
    const slashes = '/'.repeat(2_000_000);
    const started = performance.now();
    assert.equal(trimTrailingSlashes(`${slashes}x`).length, slashes.length + 1);
    assert.equal(trimTrailingSlashes(`x${slashes}`), 'x');
    assert.equal(trimLeadingSlashes(`${slashes}x`), 'x');
    assert.equal(someLineStartsWith(`${' \n'.repeat(1_000_000)}x`, '['), false);
    assert.ok(performance.now() - started < 2_000);
    assert.equal(trimTrailingSlashes('a/b//'), 'a/b');
    assert.equal(trimTrailingSlashes('///'), '');
    assert.equal(someLineStartsWith('x\n  [a]', '['), true);
  });

  for (const c of hostileCases) {
    it(c.name, { timeout: 120_000 }, async (t) => {
      const repo = makeRepo(c.files);
      try {
        const started = performance.now();
        const result = await scanDirectory(repo);
        const ms = performance.now() - started;
        t.diagnostic(`${ms.toFixed(0)} ms`);
        assert.ok(ms < c.budgetMs, `took ${ms.toFixed(0)} ms, budget ${c.budgetMs} ms`);
        for (const path of Object.keys(c.files)) {
          assert.ok(!result.notes.some((n) => n.path === path && /size cap|not read/.test(n.reason)), `${path} was skipped`);
        }
        const ruleIds = new Set(result.findings.map((f) => f.ruleId));
        for (const id of c.expect ?? []) assert.ok(ruleIds.has(id), `${id} reported (got ${[...ruleIds].join(', ')})`);
        for (const id of c.forbid ?? []) assert.ok(!ruleIds.has(id), `${id} reported: ${result.findings.find((f) => f.ruleId === id)?.message}`);
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });
  }
});
