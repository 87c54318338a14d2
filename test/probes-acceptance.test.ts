/**
 * Issue 10 acceptance: the quick-start example's Deployment with `/healthz`
 * liveness and `/ready` readiness on its declared port gives no probes
 * finding; the copy with both probes on `/health` gives exactly
 * probes/identical-liveness-readiness. Every probes rule runs here, not only
 * the one a fixture directory belongs to.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanDirectory } from '../src/api.js';
import { PROJECT_ROOT, makeRepo } from './helpers.js';

async function probeFindings(fixture: string): Promise<string[]> {
  const text = readFileSync(join(PROJECT_ROOT, 'fixtures/probes/identical-liveness-readiness', fixture), 'utf8');
  const result = await scanDirectory(makeRepo({ 'k8s/deployment.yaml': text }));
  return result.findings.filter((f) => f.ruleId.startsWith('probes/')).map((f) => `${f.location.startLine} ${f.ruleId}`);
}

describe('probes: the quick-start Deployments', () => {
  it('/healthz liveness and /ready readiness on the declared port: no probes finding', async () => {
    assert.deepEqual(await probeFindings('pass/quick-start-deployment.yaml'), []);
  });
  it('both probes on /health: exactly identical-liveness-readiness', async () => {
    assert.deepEqual(await probeFindings('fail/quick-start-deployment-shared-health.yaml'), ['59 probes/identical-liveness-readiness']);
  });
});
