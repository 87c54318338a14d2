import { defineRule } from '../../src/engine/rule.js';

/** Emitted by the engine when a renderer could not evaluate part of a source (a Helm template); the rest is judged. */
export default defineRule({
  id: 'core/render-error',
  title: 'Template could not be rendered',
  severity: 'low',
  status: 'stable',
  description:
    'A Helm template did not render: it calls a function the renderer does not know, the chart aborts with `fail` or `required`, the template does not parse, its output is too big, or a dependency is not vendored. That template (or dependency) was not evaluated; the rest of the chart was.',
  rationale:
    'Whatever a template would have produced is unchecked. Helm would refuse the same chart (`fail`, `required`, a parse error) or deploy resources nobody scanned (a dependency pulled at install time).',
  remediation:
    'Read the message: give the value `required` asks for in values.yaml or in `.shipshape.yml` `helm.charts.<dir>.values`/`set`; vendor dependencies with `helm dependency build`; fix the template syntax. A function the renderer lacks is a gap in shipshape: report it.',
  references: ['https://helm.sh/docs/chart_template_guide/functions_and_pipelines/', 'https://helm.sh/docs/helm/helm_dependency_build/'],
  tags: ['correctness'],
  reads: [],
  kinds: [],
  example: {
    language: 'yaml',
    path: 'chart/templates/configmap.yaml',
    context: { 'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n' },
    bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "name is required" .Values.name }}\n',
    good: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name | default "api" }}\n',
  },
  check() {
    /* reported by the engine while rendering */
  },
});
