/**
 * helm-unittest suites run against our Helm renderer (the chart corpora's own
 * suites run through scripts/helm-unittest.ts; project tests never read
 * ../shared): a small chart written here, its suite, and a wrong expectation
 * that must fail, so the pass is not vacuous.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src/base/location.js';
import type { SourceFile } from '../src/base/source-file.js';
import { runSuite } from './support/helm-unittest.js';
import { ourRender } from './support/helm-unittest-render.js';

const CHART: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.2.3\nappVersion: "2.0.0"\n',
  'values.yaml': 'replicaCount: 1\nimage:\n  repository: ghcr.io/acme/web\n  tag: ""\nservice:\n  enabled: true\n  port: 80\nextraEnv: {}\nrules:\n  - name: a\n    url: https://runbooks/a\n  - name: b\n    url: https://runbooks/b\n',
  'ci/prod-values.yaml': 'replicaCount: 3\n',
  'templates/_helpers.tpl': '{{- define "web.fullname" -}}\n{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}\n{{- end -}}\n{{- define "web.labels" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end -}}\n',
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          env:
            {{- range $k, $v := .Values.extraEnv }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          {{- if not .Values.image.repository }}
          {{- fail "image.repository is required" }}
          {{- end }}
`,
  'templates/service.yaml': '{{- if .Values.service.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  ports:\n    - port: {{ .Values.service.port }}\n{{- end }}\n',
  'templates/rules.yaml': '{{- range .Values.rules }}\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: {{ .name }}\n  annotations:\n    runbook_url: {{ .url }}\n{{- end }}\n',
};

const SUITE = `suite: web
templates: [deployment.yaml]
tests:
  - it: renders the defaults
    release: {name: shop, namespace: prod}
    asserts:
      - isKind: {of: Deployment}
      - equal: {path: metadata.name, value: shop-web}
      - equal: {path: metadata.namespace, value: prod}
      - equal: {path: 'metadata.labels["app.kubernetes.io/instance"]', value: shop}
      - equal: {path: spec.replicas, value: 1}
      - equal: {path: 'spec.template.spec.containers[0].image', value: "ghcr.io/acme/web:2.0.0"}
      - isNull: {path: 'spec.template.spec.containers[0].env'}
  - it: takes values files and set
    values: [../ci/prod-values.yaml]
    set:
      image.tag: "2.1.0"
      extraEnv:
        LOG_LEVEL: debug
    asserts:
      - equal: {path: spec.replicas, value: 3}
      - equal: {path: 'spec.template.spec.containers[?(@.name == "web")].image', value: "ghcr.io/acme/web:2.1.0"}
      - contains: {path: 'spec.template.spec.containers[0].env', content: {name: LOG_LEVEL, value: debug}}
      - equal: {path: metadata.name, value: RELEASE-NAME-web}
  - it: fails without a repository
    set: {image.repository: ""}
    asserts:
      - failedTemplate: {errorMessage: image.repository is required}
  - it: service can be turned off
    template: service.yaml
    set: {service.enabled: false}
    asserts:
      - hasDocuments: {count: 0}
  - it: every rule has a runbook
    template: rules.yaml
    asserts:
      - hasDocuments: {count: 2}
      - exists: {path: metadata.annotations.runbook_url}
      - equal: {path: metadata.name, value: b}
        documentIndex: 1
`;

function chartFiles(): { files: SourceFile[]; read: (p: string) => string | undefined } {
  const files: SourceFile[] = Object.entries(CHART)
    .filter(([p]) => !p.startsWith('ci/'))
    .map(([path, text]) => ({ path, absPath: `/chart/${path}`, kind: path === 'Chart.yaml' ? 'helm-chart' : path.startsWith('templates/') ? 'helm-template' : 'helm-values', text, lines: new LineIndex(text) }));
  return { files, read: (p) => CHART[p] };
}

describe('helm-unittest suites against our renderer', () => {
  it('every assertion of the suite holds', async () => {
    const { files, read } = chartFiles();
    const results = await runSuite(SUITE, 'unittests', ourRender(files, read));
    assert.deepEqual(results.map((r) => [r.it, r.failures, r.skipped]), results.map((r) => [r.it, [], []]));
    assert.deepEqual(results.map((r) => r.passed), [7, 4, 1, 1, 3]);
  });

  it('a wrong expectation fails with what was rendered', async () => {
    const { files, read } = chartFiles();
    const wrong = SUITE.replace('value: shop-web', 'value: shop-api').replace('hasDocuments: {count: 2}', 'hasDocuments: {count: 3}');
    const results = await runSuite(wrong, 'unittests', ourRender(files, read));
    assert.deepEqual(results.flatMap((r) => r.failures), ['equal: metadata.name is "shop-web", expected "shop-api"', 'hasDocuments: 2 documents, expected 3']);
  });
});

describe('.Subcharts', () => {
  it("each subchart's own dot: its values (with the parent's overrides), chart and the parent's release", async () => {
    const chart: Record<string, string> = {
      'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: db\n    version: 0.1.0\n',
      'values.yaml': 'db:\n  port: 6543\n',
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "db.fullname" (index .Subcharts "db") }}\ndata:\n  port: {{ (index .Subcharts "db").Values.port | quote }}\n  chart: {{ .Subcharts.db.Chart.Name }}\n',
      'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.1.0\n',
      'charts/db/values.yaml': 'port: 5432\nuser: app\n',
      'charts/db/templates/_helpers.tpl': '{{- define "db.fullname" -}}{{ .Release.Name }}-{{ .Chart.Name }}-{{ .Values.user }}{{- end -}}\n',
    };
    const files: SourceFile[] = Object.entries(chart).map(([path, text]) => ({ path, absPath: `/c/${path}`, kind: path.endsWith('Chart.yaml') ? 'helm-chart' : path.includes('templates/') ? 'helm-template' : 'helm-values', text, lines: new LineIndex(text) }));
    const results = await runSuite('templates: [cm.yaml]\ntests:\n  - it: x\n    release: {name: shop}\n    asserts:\n      - equal: {path: metadata.name, value: shop-db-app}\n      - equal: {path: data.port, value: "6543"}\n      - equal: {path: data.chart, value: db}\n', '', ourRender(files, (p) => chart[p]));
    assert.deepEqual(results.map((r) => [r.passed, r.failures]), [[3, []]]);
  });
});

describe('.helmignore', () => {
  it('files it matches are not in the chart: neither rendered nor in .Files', async () => {
    const chart: Record<string, string> = {
      'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      '.helmignore': '# editor and CI files\n*.swp\ntemplates/tests/\nfiles/secret.txt\n',
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  files: "{{ range $p, $_ := .Files.Glob "files/*" }}{{ $p }};{{ end }}"\n',
      'templates/tests/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n',
      'files/a.txt': 'a',
      'files/secret.txt': 's',
    };
    const files: SourceFile[] = Object.entries(chart).map(([path, text]) => ({ path, absPath: `/c/${path}`, kind: path.endsWith('Chart.yaml') ? 'helm-chart' : path.startsWith('templates/') ? 'helm-template' : 'yaml', text, lines: new LineIndex(text) }));
    const suite = 'templates: [cm.yaml, tests/pod.yaml]\ntests:\n  - it: x\n    asserts:\n      - hasDocuments: {count: 1}\n      - equal: {path: data.files, value: files/a.txt;}\n';
    const results = await runSuite(suite, '', ourRender(files, (p) => chart[p]));
    assert.deepEqual(results.map((r) => [r.passed, r.failures]), [[2, []]]);
  });
});
