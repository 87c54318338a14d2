/**
 * Helm charts rendered in process (src/render/helm/): each top-level chart is
 * judged as its rendered manifests, findings point at the template line that
 * wrote the offending text with the values.yaml line as a related location,
 * and what cannot render is a `core/render-error` while the rest is judged.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, makeRepo } from './helpers.js';

/** A ustar archive of text files (what `helm package` writes, minus the metadata we do not read). */
function tarOf(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('0', 156);
    h.write('ustar\u000000', 257);
    h.write('        ', 148);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

interface Loc { path: string; startLine: number; startColumn: number }
interface F { ruleId: string; message: string; location: Loc; relatedLocations?: Array<Loc & { message: string }> }

async function scan(files: Record<string, string | Buffer>, extra: string[] = []): Promise<{ findings: F[] }> {
  const run = await cli(['scan', makeRepo(files), '-f', 'json', '--fail-on', 'never', ...extra]);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

const at = (f: F) => `${f.location.path}:${f.location.startLine}:${f.location.startColumn}`;
const ids = (fs: F[], path?: string) => [...new Set(fs.filter((f) => !path || f.location.path === path).map((f) => f.ruleId))].sort();

const CHART_YAML = 'apiVersion: v2\nname: api\nversion: 1.0.0\nappVersion: "1.4.2"\n';
const VALUES = 'replicaCount: 2\nimage:\n  repository: ghcr.io/acme/api\n  tag: latest\nsecurityContext: {}\n';
const HELPERS = '{{- define "api.labels" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end }}\n';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-api
  labels:
    {{- include "api.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "api.labels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "api.labels" . | nindent 8 }}
    spec:
      containers:
        - name: api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
`;
const PLAIN = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: release-name-api
  labels:
    app.kubernetes.io/name: api
    app.kubernetes.io/instance: release-name
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: api
      app.kubernetes.io/instance: release-name
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api
        app.kubernetes.io/instance: release-name
    spec:
      containers:
        - name: api
          image: "ghcr.io/acme/api:latest"
          securityContext: {}
`;

const CHART = {
  'chart/Chart.yaml': CHART_YAML,
  'chart/values.yaml': VALUES,
  'chart/templates/_helpers.tpl': HELPERS,
  'chart/templates/deployment.yaml': DEPLOYMENT,
};

describe('helm charts', () => {
  it('reports at the template line and points at the values.yaml line that set the value', async () => {
    const { findings } = await scan(CHART);
    const tag = findings.find((f) => f.ruleId === 'image/unpinned-tag');
    assert.ok(tag, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.equal(at(tag), 'chart/templates/deployment.yaml:19:18');
    assert.match(tag.message, /latest/);
    assert.deepEqual(tag.relatedLocations?.map((r) => `${r.path}:${r.startLine}:${r.startColumn} ${r.message}`), [
      'chart/values.yaml:3:3 value set here (.Values.image.repository)',
      'chart/values.yaml:4:3 value set here (.Values.image.tag)',
    ]);
    const root = findings.find((f) => f.ruleId === 'container/run-as-root');
    assert.equal(root && at(root), 'chart/templates/deployment.yaml:18:11');
    // Nothing is reported at a virtual path or at the helpers.
    assert.deepEqual([...new Set(findings.map((f) => f.location.path))], ['chart/templates/deployment.yaml']);
  });

  it('SARIF carries the values.yaml line as a related location', async () => {
    const run = await cli(['scan', makeRepo(CHART), '-f', 'sarif', '--fail-on', 'never']);
    const sarif = JSON.parse(run.stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'image/unpinned-tag');
    const related = result.relatedLocations.map((r: any) => `${r.physicalLocation.artifactLocation.uri}:${r.physicalLocation.region.startLine}`);
    assert.deepEqual(related, ['chart/values.yaml:3', 'chart/values.yaml:4']);
  });

  it('a chart and the manifest it renders to get the same rules', async () => {
    const chart = await scan(CHART);
    const plain = await scan({ 'k8s/deployment.yaml': PLAIN });
    assert.deepEqual(ids(chart.findings), ids(plain.findings));
    assert.ok(ids(plain.findings).includes('image/unpinned-tag'));
  });

  it('an unknown function is a core/render-error naming it, and the other templates are still judged', async () => {
    const { findings } = await scan({ ...CHART, 'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ frobnicate .Values.image }}\n' });
    const err = findings.filter((f) => f.ruleId === 'core/render-error');
    assert.equal(err.length, 1, JSON.stringify(err));
    assert.equal(err[0]!.location.path, 'chart/templates/cm.yaml');
    assert.equal(err[0]!.location.startLine, 6);
    assert.match(err[0]!.message, /"frobnicate"/);
    assert.ok(findings.some((f) => f.ruleId === 'image/unpinned-tag' && f.location.path === 'chart/templates/deployment.yaml'));
  });

  it('`fail` and `required` are reported with the chart author\'s message; the rest renders', async () => {
    const { findings } = await scan({ ...CHART, 'chart/templates/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ required "secret.name is required" .Values.secret }}\n' });
    const err = findings.find((f) => f.ruleId === 'core/render-error');
    assert.ok(err);
    assert.equal(at(err), 'chart/templates/secret.yaml:4:12', 'at the required call');
    assert.match(err.message, /secret\.name is required/);
    assert.ok(findings.some((f) => f.ruleId === 'container/run-as-root'));
  });

  it('malformed values.yaml and Chart.yaml are clear findings, never a crash', async () => {
    const v = await scan({ ...CHART, 'chart/values.yaml': 'image: [unclosed\n' });
    const e = v.findings.find((f) => f.location.path === 'chart/values.yaml' && /not valid YAML/.test(f.message));
    assert.ok(e, JSON.stringify(v.findings.map((f) => [f.ruleId, f.message])));
    const c = await scan({ ...CHART, 'chart/Chart.yaml': 'name: [api\n' });
    assert.ok(c.findings.some((f) => f.location.path === 'chart/Chart.yaml' && /YAML/.test(f.message)), JSON.stringify(c.findings.map((f) => [f.ruleId, f.message])));
  });

  const SUB = {
    'chart/charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 0.1.0\n',
    'chart/charts/cache/values.yaml': 'tag: "7.2"\n',
    'chart/charts/cache/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: cache\nspec:\n  containers:\n    - name: cache\n      image: {{ .Values.global.registry }}/cache:{{ .Values.tag }}\n',
  };
  const withDeps = (values: string) => ({
    ...CHART,
    ...SUB,
    'chart/Chart.yaml': `${CHART_YAML}dependencies:\n  - name: cache\n    version: 0.1.0\n    condition: cache.enabled\n`,
    'chart/values.yaml': `${VALUES}${values}`,
  });

  it('subcharts render through the parent with its values and globals, and a false condition turns them off', async () => {
    const on = await scan(withDeps('global:\n  registry: docker.io/library\ncache:\n  enabled: true\n  tag: latest\n'));
    const tag = on.findings.find((f) => f.ruleId === 'image/unpinned-tag' && f.location.path === 'chart/charts/cache/templates/pod.yaml');
    assert.ok(tag, JSON.stringify(on.findings.map(at)));
    assert.match(tag.message, /docker\.io\/library\/cache:latest/);
    // The parent's value wins over the subchart's default and is the related location.
    assert.deepEqual(tag.relatedLocations?.map((r) => `${r.path}:${r.startLine}`), ['chart/values.yaml:7', 'chart/values.yaml:10']);
    const off = await scan(withDeps('cache:\n  enabled: false\n'));
    assert.equal(off.findings.filter((f) => f.location.path.startsWith('chart/charts/')).length, 0);
    assert.ok(off.findings.some((f) => f.ruleId === 'container/run-as-root'));
  });

  it('a dependency that is not vendored is named and the rest of the chart renders', async () => {
    const { findings } = await scan({ ...CHART, 'chart/Chart.yaml': `${CHART_YAML}dependencies:\n  - name: postgresql\n    version: 15.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n` });
    const dep = findings.find((f) => f.ruleId === 'core/render-error');
    assert.ok(dep);
    assert.equal(at(dep), 'chart/Chart.yaml:6:3');
    assert.match(dep.message, /"postgresql".*not vendored/);
    assert.ok(findings.some((f) => f.ruleId === 'image/unpinned-tag'));
  });

  it('values.schema.json: a violation is a finding at the values line, the chart still renders', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { replicaCount: { type: 'string' } } });
    const { findings } = await scan({ ...CHART, 'chart/values.schema.json': schema });
    const v = findings.find((f) => f.ruleId === 'core/render-error');
    assert.ok(v, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.equal(at(v), 'chart/values.yaml:1:1');
    assert.match(v.message, /replicaCount must be string/);
    assert.ok(findings.some((f) => f.ruleId === 'image/unpinned-tag'));
  });

  it('a library chart lends its templates and renders nothing itself', async () => {
    const { findings } = await scan({
      'lib/Chart.yaml': 'apiVersion: v2\nname: lib\ntype: library\nversion: 0.1.0\n',
      'lib/templates/_pod.tpl': '{{- define "lib.container" -}}\n- name: app\n  image: {{ .Values.image }}\n{{- end }}\n',
      'lib/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: never\nspec:\n  containers: []\n',
      'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: lib\n    version: 0.1.0\n',
      'app/charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\ntype: library\nversion: 0.1.0\n',
      'app/charts/lib/templates/_pod.tpl': '{{- define "lib.container" -}}\n- name: app\n  image: {{ .Values.image }}\n{{- end }}\n',
      'app/values.yaml': 'image: nginx:latest\n',
      'app/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    {{- include "lib.container" . | nindent 4 }}\n',
    });
    const tag = findings.find((f) => f.ruleId === 'image/unpinned-tag');
    // Output of an include maps to the include line in the chart's own template.
    assert.equal(tag && at(tag), 'app/templates/pod.yaml:7:5');
    assert.ok(!findings.some((f) => f.location.path.startsWith('lib/') && f.ruleId !== 'core/render-error'), JSON.stringify(findings.map(at)));
  });

  it('a dependency vendored as a .tgz that is not a chart archive is named, and the rest renders', async () => {
    const { findings } = await scan({ ...CHART, 'chart/Chart.yaml': `${CHART_YAML}dependencies:\n  - name: redis\n    version: 1.2.3\n`, 'chart/charts/redis-1.2.3.tgz': '\u001f\u008b\u0008\u0000binary' });
    const dep = findings.find((f) => f.ruleId === 'core/render-error');
    assert.match(dep?.message ?? '', /"redis" is vendored as chart\/charts\/redis-1\.2\.3\.tgz, but it is not a gzip archive: it is not rendered/);
    assert.ok(findings.some((f) => f.ruleId === 'image/unpinned-tag'));
  });

  it('a dependency vendored as a .tgz (what `helm dependency build` leaves) is unpacked in memory and judged through the parent', async () => {
    const sub = {
      'redis/Chart.yaml': 'apiVersion: v2\nname: redis\nversion: 1.2.3\n',
      'redis/values.yaml': 'image: redis:latest\nport: 6379\n',
      'redis/templates/_helpers.tpl': '{{- define "redis.name" -}}{{ .Release.Name }}-redis{{- end -}}\n',
      'redis/templates/statefulset.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ include "redis.name" . }}\nspec:\n  containers:\n    - name: redis\n      image: {{ .Values.image }}\n      ports: [{containerPort: {{ .Values.port }}}]\n',
      '../escape.yaml': 'kind: Pod\n',
    };
    const archive = gzipSync(tarOf(sub));
    const { findings } = await scan({ ...CHART, 'chart/Chart.yaml': `${CHART_YAML}dependencies:\n  - name: redis\n    version: 1.2.3\n`, 'chart/values.yaml': `${CHART['chart/values.yaml']}redis:\n  port: 6380\n`, 'chart/charts/redis-1.2.3.tgz': archive });
    assert.ok(!findings.some((f) => f.ruleId === 'core/render-error'), JSON.stringify(findings.filter((f) => f.ruleId === 'core/render-error')));
    const tag = findings.find((f) => f.ruleId === 'image/unpinned-tag' && f.location.path.includes('.tgz'));
    assert.equal(tag && at(tag), 'chart/charts/redis-1.2.3.tgz/templates/statefulset.yaml:8:14');
    assert.ok(!findings.some((f) => f.location.path.includes('escape')), 'entries outside the archive folder are skipped');
  });
});

describe('helm .Files', () => {
  it('reads a chart file discovery did not read (a .conf) on demand', async () => {
    const { findings } = await scan({
      ...CHART,
      'chart/files/image.conf': 'nginx:latest\n',
      'chart/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: p\n      image: {{ .Files.Get "files/image.conf" | trim }}\n',
    });
    const tag = findings.find((f) => f.ruleId === 'image/unpinned-tag' && f.location.path === 'chart/templates/pod.yaml');
    assert.match(tag?.message ?? '', /nginx:latest/);
  });
});

describe('helm import-values', () => {
  const files = (parentValues: string) => ({
    'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: base\n    version: 0.1.0\n    import-values:\n      - child: defaults\n        parent: imported\n      - shared\n',
    'app/values.yaml': parentValues,
    'app/charts/base/Chart.yaml': 'apiVersion: v2\nname: base\nversion: 0.1.0\n',
    'app/charts/base/values.yaml': 'defaults:\n  tag: latest\nexports:\n  shared:\n    registry: docker.io\n',
    'app/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: {{ .Values.registry }}/app:{{ .Values.imported.tag }}\n',
  });
  it('copies the child table to the parent path and exports.<name> to the root', async () => {
    const { findings } = await scan(files('replicas: 1\n'));
    const tag = findings.find((f) => f.ruleId === 'image/unpinned-tag');
    assert.match(tag?.message ?? '', /docker\.io\/app:latest/);
  });
  it("the parent's own value wins over the imported one", async () => {
    const { findings } = await scan(files('imported:\n  tag: "1.2.3"\n'));
    assert.ok(!findings.some((f) => f.ruleId === 'image/unpinned-tag'), JSON.stringify(findings.map((f) => f.message)));
    assert.ok(findings.some((f) => f.ruleId === 'container/run-as-root'));
  });
});

describe('hostile charts', () => {
  it('a template that loops without end is a render error within the step bound, and the scan finishes', async () => {
    const t = performance.now();
    const { findings } = await scan({
      ...CHART,
      'chart/templates/loop.yaml': '{{- range $i := until 100000 }}{{- range $j := until 100000 }}x{{ end }}{{ end }}\n',
    });
    const err = findings.find((f) => f.ruleId === 'core/render-error' && f.location.path === 'chart/templates/loop.yaml');
    assert.ok(err, JSON.stringify(findings.filter((f) => f.ruleId.startsWith('core/'))));
    assert.ok(findings.some((f) => f.ruleId === 'image/unpinned-tag'));
    assert.ok(performance.now() - t < 60_000);
  });

  it('a values file with a billion-laughs alias bomb is refused, not expanded', async () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';
    const { findings } = await scan({ ...CHART, 'chart/values.yaml': bomb });
    assert.ok(findings.some((f) => f.location.path === 'chart/values.yaml' && f.ruleId.startsWith('core/')), JSON.stringify(findings.map((f) => [f.ruleId, f.message])));
  });
});

describe('--helm-binary', () => {
  const fakeHelm = (dir: string) => {
    // Stands in for the user's helm: prints what `helm template` prints for CHART, whatever the arguments.
    const path = join(dir, 'helm');
    writeFileSync(path, `#!/bin/sh\ncat <<'YAML'\n---\n# Source: api/templates/deployment.yaml\n${PLAIN}YAML\n`);
    chmodSync(path, 0o755);
    return path;
  };
  it('renders with the given helm; findings map to the template file', async () => {
    const helm = fakeHelm(mkdtempSync(join(tmpdir(), 'shipshape-helm-')));
    const { findings } = await scan(CHART, ['--helm-binary', helm]);
    const tag = findings.find((f) => f.ruleId === 'image/unpinned-tag');
    assert.equal(tag && at(tag), 'chart/templates/deployment.yaml:1:1');
  });
  it('refuses a binary inside the scanned repository', async () => {
    const repo = makeRepo(CHART);
    const helm = fakeHelm(repo);
    const run = await cli(['scan', repo, '-f', 'json', '--fail-on', 'never', '--helm-binary', helm]);
    const fs: F[] = JSON.parse(run.stdout).findings;
    assert.ok(fs.some((f) => f.ruleId === 'core/render-error' && /never run/.test(f.message)), JSON.stringify(fs.map((f) => f.message)));
    assert.ok(!fs.some((f) => f.ruleId === 'image/unpinned-tag'));
  });
});
