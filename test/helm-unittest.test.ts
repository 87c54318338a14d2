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
