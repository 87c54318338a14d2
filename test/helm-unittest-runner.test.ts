/**
 * The helm-unittest runner (test/support/helm-unittest.ts) on a fake render:
 * every assertion type passes where it should and fails with a reason where it
 * should not, so a suite run against our Helm renderer means something.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePath, runSuite, setPath, type RenderRequest } from './support/helm-unittest.js';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: rel-api
  labels:
    app.kubernetes.io/name: api
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0.0
          ports: [{containerPort: 8080, name: http}]
---
apiVersion: v1
kind: Service
metadata:
  name: rel-api
spec:
  ports: [{port: 80}]
`;

function fakeRender(seen: RenderRequest[]) {
  return (req: RenderRequest) => {
    seen.push(req);
    if ((req.values as { fail?: boolean }).fail) return { error: 'execution error at (api/templates/deploy.yaml:3:4): image.tag is required' };
    return { outputs: new Map([['templates/deploy.yaml', DEPLOY], ['templates/empty.yaml', '']]) };
  };
}

describe('helm-unittest runner', () => {
  it('paths and set keys', () => {
    assert.deepEqual(parsePath('metadata.labels["app.kubernetes.io/name"]'), ['metadata', 'labels', 'app.kubernetes.io/name']);
    assert.deepEqual(parsePath('spec.template.spec.containers[0].ports[0].name'), ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'name']);
    const v: Record<string, unknown> = {};
    setPath(v, 'image.tag', 'x');
    setPath(v, 'a\\.b.c', 1);
    setPath(v, 'list[1].name', 'n');
    assert.deepEqual({ ...v, list: undefined }, { image: { tag: 'x' }, 'a.b': { c: 1 }, list: undefined });
    assert.deepEqual((v['list'] as unknown[])[1], { name: 'n' });
  });

  it('passing assertions of every kind, with set/values/release passed to the render', async () => {
    const seen: RenderRequest[] = [];
    const suite = `suite: s
templates: [deploy.yaml]
values: [../ci/extra.yaml]
release: {name: rel, namespace: ns}
tests:
  - it: renders
    set: {image.tag: "1.0.0"}
    asserts:
      - hasDocuments: {count: 2}
      - isKind: {of: Deployment}
        documentIndex: 0
      - isAPIVersion: {of: v1}
        documentSelector: {path: kind, value: Service}
      - equal: {path: 'metadata.labels["app.kubernetes.io/name"]', value: api}
        documentIndex: 0
      - equal: {path: spec.replicas, value: 2}
        documentIndex: 0
      - notEqual: {path: spec.replicas, value: 3}
        documentIndex: 0
      - exists: {path: spec.template}
        documentIndex: 0
      - notExists: {path: spec.strategy}
      - isNull: {path: spec.missing}
      - isNotNull: {path: metadata.name}
      - isNotEmpty: {path: spec.template.spec.containers}
        documentIndex: 0
      - isEmpty: {path: spec.nothing}
      - contains: {path: 'spec.template.spec.containers[0].ports', content: {containerPort: 8080, name: http}}
        documentIndex: 0
      - contains: {path: spec.template.spec.containers, content: {name: api}, any: true}
        documentIndex: 0
      - notContains: {path: spec.ports, content: {port: 443}}
        documentIndex: 1
      - lengthEqual: {path: spec.template.spec.containers, count: 1}
        documentIndex: 0
      - matchRegex: {path: 'spec.template.spec.containers[0].image', pattern: ':1\\.0\\.\\d+$'}
        documentIndex: 0
      - isSubset: {path: metadata, content: {name: rel-api}}
      - equal: {path: kind, value: Pod}
        not: true
  - it: fails on purpose
    set: {fail: true}
    asserts:
      - failedTemplate: {errorMessage: image.tag is required}
  - it: other template
    template: templates/empty.yaml
    asserts:
      - hasDocuments: {count: 0}
`;
    const results = await runSuite(suite, 'unittests', fakeRender(seen));
    for (const r of results) assert.deepEqual(r.failures, [], r.it);
    assert.deepEqual(results.map((r) => r.passed), [19, 1, 1]);
    assert.deepEqual(seen[0], { templates: ['templates/deploy.yaml'], valuesFiles: ['ci/extra.yaml'], values: { image: { tag: '1.0.0' } }, release: { name: 'rel', namespace: 'ns' }, capabilities: {} });
    const plain: RenderRequest[] = [];
    const [byTestIndex] = await runSuite('templates: [deploy.yaml]\ntests:\n  - it: x\n    documentIndex: 1\n    asserts:\n      - isKind: {of: Service}\n      - equal: {path: "spec.ports[-1].port", value: 80}\n', '', fakeRender(plain));
    assert.deepEqual([byTestIndex!.passed, byTestIndex!.failures], [2, []], 'a test-level documentIndex applies to its asserts; [-1] is the last item');
    assert.deepEqual(plain[0]!.release, { name: 'RELEASE-NAME', namespace: 'NAMESPACE' }, "helm-unittest's default release");
    assert.deepEqual(seen[2]!.templates, ['templates/empty.yaml']);
  });

  it('failing assertions say what was found; unknown assertions are skipped, not passed', async () => {
    const suite = `templates: [deploy.yaml]
tests:
  - it: wrong
    asserts:
      - equal: {path: spec.replicas, value: 5}
        documentIndex: 0
      - hasDocuments: {count: 1}
      - isKind: {of: StatefulSet}
      - contains: {path: spec.ports, content: {port: 443}}
        documentIndex: 1
      - notExists: {path: spec.replicas}
        documentIndex: 0
      - failedTemplate: {}
      - matchSnapshot: {}
`;
    const [r] = await runSuite(suite, '', fakeRender([]));
    assert.deepEqual(r!.failures, [
      'equal: spec.replicas is 2, expected 5',
      'hasDocuments: 2 documents, expected 1',
      'isKind: kind is "Deployment", expected "StatefulSet"',
      'contains: spec.ports does not contain {"port":443}',
      'notExists: spec.replicas is 2',
      'failedTemplate: the render succeeded',
    ]);
    assert.deepEqual(r!.skipped, ['matchSnapshot']);
    assert.equal(r!.passed, 0);
  });

  it('template globs with excludeTemplates, [*] and filter paths', async () => {
    const render = () => ({ outputs: new Map([
      ['templates/rules/a.yaml', 'kind: PrometheusRule\nspec:\n  groups:\n    - rules:\n        - annotations: {runbook_url: x}\n'],
      ['templates/rules/b-rules.yaml', 'kind: ConfigMap\n'],
      ['templates/other.yaml', 'kind: Secret\n'],
    ]) });
    const suite = 'templates: ["rules/*.yaml"]\nexcludeTemplates: ["rules/*rules*.yaml"]\ntests:\n  - it: x\n    asserts:\n      - hasDocuments: {count: 1}\n      - isKind: {of: PrometheusRule}\n      - exists: {path: "spec.groups[*].rules[*].annotations.runbook_url"}\n      - notExists: {path: "spec.groups[*].rules[*].annotations.summary"}\n      - equal: {path: \'spec.groups[0].rules[?(@.annotations == "nope")]\', value: 1}\n        not: true\n';
    const [r] = await runSuite(suite, '', render);
    assert.deepEqual([r!.passed, r!.failures], [5, []]);
  });
});

