/**
 * The render stage with a trivial renderer: it "renders" Helm templates by
 * dropping the lines that are only `{{ ... }}` directives, so rendered line N
 * comes from a later source line. Findings, parse errors, suppressions and
 * fingerprints must all land on the template's own lines.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src/base/location.js';
import type { Location } from '../src/base/location.js';
import { prepareRun } from '../src/api.js';
import { scan, type ScanResult } from '../src/engine/scan.js';
import { renderedPath, type Renderer } from '../src/render/index.js';
import { makeRepo } from './helpers.js';

const directiveOnly = (line: string) => /^\s*\{\{[^}]*\}\}\s*$/.test(line);

const dropDirectives: Renderer = {
  name: 'drop-directives',
  select: (files) => files.filter((f) => f.kind === 'helm-template').map((f) => ({ source: f.path, inputs: [f] })),
  async render({ inputs }) {
    const [src] = inputs;
    const lines = src!.text.split('\n');
    const kept: number[] = []; // rendered line index → 1-based source line
    const out: string[] = [];
    lines.forEach((l, i) => {
      if (!directiveOnly(l)) {
        kept.push(i + 1);
        out.push(l);
      }
    });
    const text = out.join('\n');
    const toSource = (at: Location): Location => ({ ...at, path: src!.path, startLine: kept[at.startLine - 1] ?? 1, endLine: kept[at.endLine - 1] ?? kept[kept.length - 1] ?? 1 });
    const path = renderedPath('drop-directives', src!.path);
    return {
      files: [{ path, absPath: src!.absPath, kind: 'kubernetes', text, lines: new LineIndex(text), origin: { renderer: 'drop-directives', source: src!.path, toSource } }],
      consumed: [src!.path],
      problems: [],
    };
  },
};

const failing: Renderer = {
  name: 'broken',
  select: dropDirectives.select,
  render: async () => {
    throw new Error('template function "lookup" is not supported');
  },
};

const TEMPLATE = `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api@sha256:${'a'.repeat(64)}
          securityContext:
{{- if .Values.debug }}
            privileged: true
{{- end }}
            readOnlyRootFilesystem: true
        - name: sidecar
          image: registry.example.com/side@sha256:${'b'.repeat(64)}
          securityContext:
            # shipshape-ignore container/privileged -- the sidecar manages iptables
            privileged: true
{{- end }}
`;

async function scanWith(files: Record<string, string>, renderers: Renderer[]): Promise<ScanResult> {
  const root = makeRepo(files);
  const { config, rules } = await prepareRun({ root });
  return scan({ root, files: [], config, rules, renderers });
}

const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n' };

describe('render stage', () => {
  it('without a renderer, a Helm template is not evaluated', async () => {
    const r = await scanWith({ ...CHART, 'chart/templates/deploy.yaml': TEMPLATE }, []);
    assert.deepEqual(r.notEvaluated.map((n) => n.path), ['chart/templates/deploy.yaml']);
    assert.equal(r.findings.filter((f) => f.ruleId === 'container/privileged').length, 0);
  });

  it('rules run on rendered output and report at the source line, with suppression comments honoured there', async () => {
    const r = await scanWith({ ...CHART, 'chart/templates/deploy.yaml': TEMPLATE }, [dropDirectives]);
    assert.deepEqual(r.notEvaluated, []);
    const privileged = r.findings.filter((f) => f.ruleId === 'container/privileged');
    assert.deepEqual(
      privileged.map((f) => [f.location.path, f.location.startLine, f.location.startColumn, f.suppressed]),
      [
        ['chart/templates/deploy.yaml', 18, 13, false],
        ['chart/templates/deploy.yaml', 25, 13, true],
      ],
    );
    // Nothing points into the virtual file, in any location of any finding.
    for (const f of r.findings) {
      for (const l of [f.location, ...f.relatedLocations.map((x) => x.location)]) assert.ok(!l.path.includes(':'), `${f.ruleId} points at ${l.path}`);
    }
    assert.equal(r.sources.get('chart/templates/deploy.yaml')?.text, TEMPLATE, 'code frames show the template');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'core/unused-suppression'), []);
  });

  it('fingerprints follow the source, so edits to other templates change nothing', async () => {
    const a = await scanWith({ ...CHART, 'chart/templates/deploy.yaml': TEMPLATE }, [dropDirectives]);
    const b = await scanWith({ ...CHART, 'chart/templates/deploy.yaml': `{{/* owned by the platform team */}}\n${TEMPLATE}` }, [dropDirectives]);
    const fp = (r: ScanResult) => r.findings.filter((f) => f.ruleId === 'container/privileged').map((f) => f.fingerprint);
    assert.deepEqual(fp(b), fp(a));
    assert.equal(b.findings.find((f) => f.ruleId === 'container/privileged')!.location.startLine, 19);
  });

  it('invalid YAML in rendered output is a parse error at the template line', async () => {
    const broken = TEMPLATE.replace('        - name: sidecar', '        - name: sidecar\n       bad: [');
    const r = await scanWith({ ...CHART, 'chart/templates/deploy.yaml': broken }, [dropDirectives]);
    const errors = r.findings.filter((f) => f.ruleId === 'core/parse-error');
    assert.ok(errors.length >= 1);
    for (const e of errors) assert.equal(e.location.path, 'chart/templates/deploy.yaml');
    // The bad line is the template's line 22 (rendered line 20: two directive lines above it were dropped).
    assert.equal(errors[0]!.location.startLine, 22);
  });

  it('a renderer that throws is a finding at the source, and the scan goes on as without it', async () => {
    const r = await scanWith({ ...CHART, 'chart/templates/deploy.yaml': TEMPLATE, Dockerfile: 'FROM scratch\nCOPY app /app\n' }, [failing]);
    const err = r.findings.find((f) => f.ruleId === 'core/parse-error');
    assert.match(err!.message, /broken could not render chart\/templates\/deploy\.yaml: template function "lookup" is not supported/);
    assert.equal(err!.location.path, 'chart/templates/deploy.yaml');
    assert.deepEqual(r.notEvaluated.map((n) => n.path), ['chart/templates/deploy.yaml']);
    assert.ok(r.findings.some((f) => f.location.path === 'Dockerfile'));
  });
});
