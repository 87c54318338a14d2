/**
 * Kustomize overlays rendered in-process (src/render/kustomize/): each
 * top-level overlay is judged as its own rendered set, bases and patches are
 * never judged alone, and every finding points at the file and line that set
 * the field — the base resource, the patch, or the kustomization.yaml entry.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, makeRepo } from './helpers.js';

const BASE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0.0
          securityContext:
            runAsNonRoot: false
`;

const NONROOT_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
`;

interface F { ruleId: string; message: string; location: { path: string; startLine: number; startColumn: number } }

async function scan(files: Record<string, string>): Promise<{ findings: F[]; summary: { notEvaluated: number } }> {
  const run = await cli(['scan', makeRepo(files), '-f', 'json', '--fail-on', 'never']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

const at = (f: F) => `${f.location.path}:${f.location.startLine}:${f.location.startColumn}`;

describe('kustomize overlays', () => {
  const repo = {
    'base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    'base/deployment.yaml': BASE_DEPLOYMENT,
    'overlays/prod/kustomization.yaml': 'resources: [../../base]\nnamePrefix: prod-\npatches:\n  - path: nonroot.yaml\n',
    'overlays/prod/nonroot.yaml': NONROOT_PATCH,
    'overlays/dev/kustomization.yaml': 'resources: [../../base]\nimages:\n  - name: ghcr.io/acme/api\n    newTag: latest\nsecretGenerator:\n  - name: db\n    literals:\n      - password=hunter2hunter2\n',
  };

  it('judges each overlay on its own: the patched overlay runs as non-root, the other does not', async () => {
    const doc = await scan(repo);
    const root = doc.findings.filter((f) => f.ruleId === 'container/run-as-root');
    assert.deepEqual(root.map(at), ['base/deployment.yaml:15:13'], 'only the dev overlay keeps runAsNonRoot: false, reported at the base line');
    assert.match(root[0]!.message, /Deployment api\b/);
    assert.ok(!doc.findings.some((f) => f.location.path === 'overlays/prod/nonroot.yaml'), 'the patch is not judged alone');
  });

  it('reports an images: retag at the newTag line of the kustomization', async () => {
    const doc = await scan(repo);
    const tag = doc.findings.filter((f) => f.ruleId === 'image/unpinned-tag');
    assert.deepEqual(tag.map(at), ['overlays/dev/kustomization.yaml:4:13']);
    assert.match(tag[0]!.message, /ghcr\.io\/acme\/api:latest/);
  });

  it('reports a secretGenerator literal at its line, with the value masked', async () => {
    const doc = await scan(repo);
    const secret = doc.findings.filter((f) => f.ruleId === 'secrets/k8s-secret-committed');
    assert.deepEqual(secret.map(at), ['overlays/dev/kustomization.yaml:8:18']);
    assert.ok(!JSON.stringify(doc).includes('hunter2hunter2'), 'the literal value never reaches the report');
  });

  it('gives the same rule ids as the equivalent plain manifest', async () => {
    const plain = await scan({ 'deployment.yaml': BASE_DEPLOYMENT.replace('ghcr.io/acme/api:1.0.0', 'ghcr.io/acme/api:latest') });
    const rendered = await scan({ 'base/kustomization.yaml': 'resources: [deployment.yaml]\n', 'base/deployment.yaml': BASE_DEPLOYMENT, 'kustomization.yaml': 'resources: [base]\nimages:\n  - name: ghcr.io/acme/api\n    newTag: latest\n' });
    const ids = (d: { findings: F[] }) => [...new Set(d.findings.map((f) => f.ruleId))].sort();
    assert.deepEqual(ids(rendered), ids(plain));
  });

  it('reports a missing base at the line that names it, and renders nothing from it', async () => {
    const doc = await scan({ 'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n' });
    const errs = doc.findings.filter((f) => f.ruleId === 'core/parse-error');
    assert.deepEqual(errs.map(at).map((s) => s.split(':').slice(0, 2).join(':')), ['overlays/prod/kustomization.yaml:2']);
    assert.match(errs[0]!.message, /not found/);
  });
});
