/**
 * Helm values as Helm computes them: `--set` strvals syntax and typing,
 * coalescing of chart defaults under user values (null deletes, tables merge,
 * lists replace, globals flow down with the parent winning), and values from
 * `.shipshape.yml` and `scan --values/--set` reaching the rendered chart.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSet, StrvalsError } from '../src/render/helm/strvals.js';
import { coalesceGlobals, coalesceTables, loadValues, mergeUserValues, valuesKey } from '../src/render/helm/values.js';
import { globMatch } from '../src/render/helm/objects.js';
import { cli, makeRepo } from './helpers.js';

describe('helm --set (strvals)', () => {
  it('nests dotted keys and types values as helm does (int64, bool, null, string)', () => {
    assert.deepEqual(parseSet('a.b=c,n=42,z=0,lead=007,t=true,x=null,f=1.5'), { a: { b: 'c' }, n: 42n, z: 0n, lead: '007', t: true, x: null, f: '1.5' });
  });
  it('--set-string keeps every value a string', () => {
    assert.deepEqual(parseSet('n=42,t=true', {}, true), { n: '42', t: 'true' });
  });
  it('lists by index and by braces; escapes', () => {
    assert.deepEqual(parseSet('a[1]=x,b={p,q},c\\.d=e\\,f'), { a: [null, 'x'], b: ['p', 'q'], 'c.d': 'e,f' });
    assert.deepEqual(parseSet('l[0].name=web'), { l: [{ name: 'web' }] });
  });
  it('merges into existing values', () => {
    assert.deepEqual(parseSet('a.c=2', { a: { b: 1 } }), { a: { b: 1, c: 2n } });
  });
  it('rejects malformed expressions with a message, and huge indexes', () => {
    assert.throws(() => parseSet('novalue'), StrvalsError);
    assert.throws(() => parseSet('a[99999999]=1'), /list index/);
    assert.throws(() => parseSet('a={x,y'), /not closed/);
  });
  it('is linear on a hostile expression', () => {
    const hostile = `${'a.'.repeat(50_000)}b=${'\\,'.repeat(50_000)}`;
    const t = performance.now();
    parseSet(hostile);
    assert.ok(performance.now() - t < 2000);
  });
});

describe('helm values coalescing', () => {
  it('user values win, tables merge, lists replace, null deletes a default', () => {
    const user = { image: { tag: '2.0' }, ports: [9090], resources: null };
    const chart = { image: { repository: 'api', tag: '1.0' }, ports: [80, 443], resources: { limits: { cpu: 1 } }, replicas: 1 };
    assert.deepEqual(coalesceTables(user as never, chart as never), { image: { tag: '2.0', repository: 'api' }, ports: [9090], replicas: 1 });
  });
  it('values files merge later-wins', () => {
    assert.deepEqual(mergeUserValues({ a: { b: 1, c: 2 } }, { a: { c: 3 }, d: [1] }), { a: { b: 1, c: 3 }, d: [1] });
  });
  it('globals flow into a subchart and the parent wins', () => {
    const sub: Record<string, never> & { global?: unknown } = { global: { registry: 'sub.io', only: 'sub' } } as never;
    coalesceGlobals(sub as never, { global: { registry: 'parent.io' } });
    assert.deepEqual(sub.global, { registry: 'parent.io', only: 'sub' });
  });
  it('numbers in values files are float64 (JS numbers) and key lines are recorded', () => {
    const v = loadValues('values.yaml', 'replicas: 3\nimage:\n  tag: latest\n');
    assert.equal(v.values.replicas, 3);
    assert.equal(v.lines.get(valuesKey(['image', 'tag']))?.startLine, 3);
  });
  it('a values file that is a list is an error, not a crash', () => {
    assert.match(loadValues('v.yaml', '- a\n').error?.message ?? '', /mapping/);
  });
});

describe('.Files.Glob patterns', () => {
  it('* stays in a segment, ** crosses them', () => {
    assert.equal(globMatch('files/*.conf', 'files/a.conf'), true);
    assert.equal(globMatch('files/*.conf', 'files/x/a.conf'), false);
    assert.equal(globMatch('files/**.conf', 'files/x/a.conf'), true);
    assert.equal(globMatch('a?c', 'abc'), true);
  });
});

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
  'chart/values.yaml': 'image:\n  tag: "1.4.2"\n',
  'chart/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:{{ .Values.image.tag }}\n',
};

interface F { ruleId: string; message: string; location: { path: string; startLine: number }; relatedLocations?: Array<{ path: string; startLine: number }> }
async function findings(files: Record<string, string>, extra: string[] = []): Promise<{ code: number; stderr: string; findings: F[] }> {
  const run = await cli(['scan', makeRepo(files), '-f', 'json', '--fail-on', 'never', ...extra]);
  return { code: run.code, stderr: run.stderr, findings: run.code === 0 ? JSON.parse(run.stdout).findings : [] };
}
const tagged = (fs: F[]) => fs.filter((f) => f.ruleId === 'image/unpinned-tag');

describe('helm values from the command line and .shipshape.yml', () => {
  it('default values render a pinned tag (the near miss)', async () => {
    const r = await findings(CHART);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(tagged(r.findings).length, 0);
    assert.ok(r.findings.some((f) => f.ruleId === 'container/run-as-root'));
  });
  it('--set overrides a value', async () => {
    const r = await findings(CHART, ['--set', 'image.tag=latest']);
    assert.equal(tagged(r.findings).length, 1, r.stderr);
  });
  it('--values FILE overrides, and its line is the related location', async () => {
    const repo = makeRepo({ ...CHART, 'envs/prod.yaml': 'image:\n  tag: latest\n' });
    const run = await cli(['scan', repo, '-f', 'json', '--fail-on', 'never', '--values', `${repo}/envs/prod.yaml`]);
    const t = tagged(JSON.parse(run.stdout).findings);
    assert.equal(t.length, 1, run.stderr);
    assert.deepEqual(t[0]!.relatedLocations?.map((l) => `${l.path}:${l.startLine}`), ['envs/prod.yaml:2']);
  });
  it('.shipshape.yml helm.charts.<dir> sets values', async () => {
    const r = await findings({ ...CHART, '.shipshape.yml': 'helm:\n  charts:\n    chart:\n      set: { image.tag: latest }\n      release: { name: prod, namespace: shop }\n' });
    assert.equal(tagged(r.findings).length, 1, r.stderr);
  });
  it('an invalid helm setting exits 2 naming the key', async () => {
    const run = await cli(['scan', makeRepo({ ...CHART, '.shipshape.yml': 'helm:\n  charts:\n    chart:\n      valuez: [a.yaml]\n' })]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /valuez/);
  });
  it('a bad --set is a finding at the chart, not a crash', async () => {
    const r = await findings(CHART, ['--set', 'image.tag']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.findings.some((f) => f.ruleId === 'core/render-error' && f.location.path === 'chart/Chart.yaml' && /no value/.test(f.message)));
  });
});

describe('helm .Files.Glob as a map', () => {
  it('range and len see the globbed files, as over Helm\'s map[string][]byte', async () => {
    const { filesObject } = await import('../src/render/helm/objects.js');
    const { parseTemplates } = await import('../src/render/gotemplate/engine.js');
    const { helmFuncs } = await import('../src/render/gotemplate/funcs/index.js');
    const { LineIndex } = await import('../src/base/location.js');
    const file = (path: string, text: string) => [path, { path, absPath: `/c/${path}`, kind: 'yaml' as const, text, lines: new LineIndex(text) }] as const;
    const files = filesObject(new Map([file('crds/b.yaml', 'metadata: {name: b}\n'), file('crds/a.yaml', 'metadata: {name: a}\n'), file('README.md', 'x')]));
    const set = parseTemplates([{ name: 't', text: '{{ len (.Files.Glob "crds/*.yaml") }}:{{ range $path, $_ := .Files.Glob "crds/*.yaml" }}{{ ($.Files.Get $path | fromYaml).metadata.name }},{{ end }}{{ range .Files.Glob "none/*" }}x{{ else }}empty{{ end }}' }], helmFuncs());
    assert.equal(set.execute('t', { Files: files }).text, '2:a,b,empty');
  });
});
