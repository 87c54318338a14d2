/**
 * Every rule against adversarial artifacts: very long lines made of the
 * characters regexes and tokenizers care about. A super-linear regex or a
 * parser loop would hang here; the per-test timeout turns a hang into a
 * failure. This guards against ReDoS; it is not a performance target.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, makeRepo } from './helpers.js';
import { hostile } from './hostile-inputs.js';

describe('hostile input', () => {
  it('every rule finishes on adversarial artifacts', { timeout: 120_000 }, async () => {
    const repo = makeRepo(hostile);
    const res = await cli(['scan', repo, '-f', 'json', '--fail-on', 'never']);
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout);
    assert.ok(doc.summary.filesScanned >= Object.keys(hostile).length);
  });
});
