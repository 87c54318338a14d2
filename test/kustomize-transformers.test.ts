/**
 * Each kustomize transformer on its own, at the build level (buildOverlay over
 * in-memory files): what the output holds and where each field points back to.
 * The end-to-end behaviour through the CLI is in kustomize-render.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src/base/location.js';
import type { SourceFile } from '../src/base/source-file.js';
import { buildOverlay } from '../src/render/kustomize/build.js';
import { FileSet } from '../src/render/kustomize/files.js';
import { parseFieldPath } from '../src/render/kustomize/replacements.js';
import { path, str, toPlain, type KNode } from '../src/render/kustomize/tree.js';

function files(spec: Record<string, string>): FileSet {
  const list: SourceFile[] = Object.entries(spec).map(([p, text]) => ({
    path: p,
    absPath: `/repo/${p}`,
    kind: p.endsWith('kustomization.yaml') ? 'kustomization' : 'kubernetes',
    text,
    lines: new LineIndex(text),
  }));
  return new FileSet(list, undefined);
}

function build(spec: Record<string, string>, overlay = 'kustomization.yaml') {
  const fs = files(spec);
  const k = fs.file(overlay);
  assert.ok(!('problem' in k));
  const out = buildOverlay(k, fs);
  const byId = new Map(out.resources.map((r) => [`${str(path(r.node, 'kind'))}/${str(path(r.node, 'metadata', 'name'))}`, r.node]));
  return { ...out, byId, get: (id: string, ...keys: string[]): KNode | undefined => path(byId.get(id), ...keys) };
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0.0
          env:
            - name: DB_HOST
              value: localhost
        - name: sidecar
          image: envoyproxy/envoy:v1.30.0
`;

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  IMAGE_TAG: "2.4.1"
  DB_HOST: db.prod.internal
  REGISTRY: registry.acme.io/team
`;

const at = (n: KNode | undefined) => (n ? `${n.at.path}:${n.at.startLine}:${n.at.startColumn}` : 'unset');

describe('kustomize transformers', () => {
  it('namespace sets every resource; namePrefix/nameSuffix rename and keep the old name for targets', () => {
    const b = build({ 'kustomization.yaml': 'resources: [d.yaml]\nnamespace: prod\nnamePrefix: p-\nnameSuffix: -v2\n', 'd.yaml': DEPLOY });
    const d = b.byId.get('Deployment/p-api-v2');
    assert.ok(d, [...b.byId.keys()].join(','));
    assert.equal(str(path(d, 'metadata', 'namespace')), 'prod');
    assert.equal(at(path(d, 'metadata', 'namespace')), 'kustomization.yaml:2:12');
    assert.deepEqual(b.resources[0]!.names, ['api', 'p-api-v2']);
  });

  it('commonLabels reach metadata, selector and template; labels without includeSelectors only metadata', () => {
    const common = build({ 'kustomization.yaml': 'resources: [d.yaml]\ncommonLabels: {team: pay}\n', 'd.yaml': DEPLOY });
    assert.equal(str(common.get('Deployment/api', 'spec', 'selector', 'matchLabels', 'team')), 'pay');
    assert.equal(str(common.get('Deployment/api', 'spec', 'template', 'metadata', 'labels', 'team')), 'pay');
    const plain = build({ 'kustomization.yaml': 'resources: [d.yaml]\nlabels:\n  - pairs: {team: pay}\n', 'd.yaml': DEPLOY });
    assert.equal(str(plain.get('Deployment/api', 'metadata', 'labels', 'team')), 'pay');
    assert.equal(plain.get('Deployment/api', 'spec', 'selector', 'matchLabels', 'team'), undefined);
    assert.equal(plain.get('Deployment/api', 'spec', 'template', 'metadata', 'labels', 'team'), undefined);
  });

  it('images: newTag and digest on the matching container only, pointing at the images entry', () => {
    const b = build({ 'kustomization.yaml': 'resources: [d.yaml]\nimages:\n  - name: ghcr.io/acme/api\n    newTag: "1.1.0"\n', 'd.yaml': DEPLOY });
    const containers = b.get('Deployment/api', 'spec', 'template', 'spec', 'containers');
    const plain = toPlain(containers!) as Array<{ image: string }>;
    assert.deepEqual(plain.map((c) => c.image), ['ghcr.io/acme/api:1.1.0', 'envoyproxy/envoy:v1.30.0']);
    assert.match(at(path((containers as { items: KNode[] }).items[0], 'image')), /^kustomization\.yaml:4:/);
  });

  it('replicas by name; a name that matches nothing is a problem at the entry', () => {
    const b = build({ 'kustomization.yaml': 'resources: [d.yaml]\nreplicas:\n  - name: api\n    count: 5\n  - name: nope\n    count: 1\n', 'd.yaml': DEPLOY });
    assert.equal(b.get('Deployment/api', 'spec', 'replicas') && (toPlain(b.get('Deployment/api', 'spec', 'replicas')!) as number), 5);
    assert.deepEqual(b.problems.map((p) => `${p.at.startLine}: ${p.message}`), ['5: replicas: no Deployment, ReplicaSet, StatefulSet or ReplicationController named nope in this build']);
  });

  it('commonAnnotations on metadata and pod template', () => {
    const b = build({ 'kustomization.yaml': 'resources: [d.yaml]\ncommonAnnotations: {owner: pay}\n', 'd.yaml': DEPLOY });
    assert.equal(str(b.get('Deployment/api', 'metadata', 'annotations', 'owner')), 'pay');
  });
});

describe('kustomize replacements', () => {
  it('copies a ConfigMap value into a list item selected by [name=...], pointing at the source line', () => {
    const b = build({
      'kustomization.yaml': `resources: [d.yaml, c.yaml]
replacements:
  - source: {kind: ConfigMap, name: settings, fieldPath: data.DB_HOST}
    targets:
      - select: {kind: Deployment}
        fieldPaths:
          - spec.template.spec.containers.[name=api].env.[name=DB_HOST].value
`,
      'd.yaml': DEPLOY,
      'c.yaml': CONFIG,
    });
    assert.deepEqual(b.problems, []);
    const env = b.get('Deployment/api', 'spec', 'template', 'spec', 'containers');
    const value = path((env as { items: KNode[] }).items[0], 'env');
    const v = path((value as { items: KNode[] }).items[0], 'value');
    assert.equal(str(v), 'db.prod.internal');
    assert.equal(at(v), 'c.yaml:7:12', 'the replaced value points at the ConfigMap line that wrote it');
  });

  it('delimiter and index: replace only the tag part of an image', () => {
    const b = build({
      'kustomization.yaml': `resources: [d.yaml, c.yaml]
replacements:
  - source: {kind: ConfigMap, name: settings, fieldPath: data.IMAGE_TAG}
    targets:
      - select: {kind: Deployment, name: api}
        fieldPaths: [spec.template.spec.containers.0.image]
        options: {delimiter: ":", index: 1}
`,
      'd.yaml': DEPLOY,
      'c.yaml': CONFIG,
    });
    const c = toPlain(b.get('Deployment/api', 'spec', 'template', 'spec', 'containers')!) as Array<{ image: string }>;
    assert.deepEqual(c.map((x) => x.image), ['ghcr.io/acme/api:2.4.1', 'envoyproxy/envoy:v1.30.0']);
  });

  it('reject, create, * and a replacement file', () => {
    const b = build({
      'kustomization.yaml': 'resources: [d.yaml, c.yaml]\nreplacements:\n  - path: rep.yaml\n',
      'rep.yaml': `source: {kind: ConfigMap, name: settings, fieldPath: data.REGISTRY}
targets:
  - select: {kind: Deployment}
    fieldPaths: [spec.template.metadata.annotations.registry, spec.template.spec.containers.*.env]
    options: {create: true}
  - select: {kind: ConfigMap}
    reject: [{name: settings}]
    fieldPaths: [data.X]
`,
      'd.yaml': DEPLOY,
      'c.yaml': CONFIG,
    });
    assert.deepEqual(b.problems, []);
    assert.equal(str(b.get('Deployment/api', 'spec', 'template', 'metadata', 'annotations', 'registry')), 'registry.acme.io/team');
    assert.equal(b.get('ConfigMap/settings', 'data', 'X'), undefined, 'the rejected ConfigMap is untouched');
  });

  it('a missing field is not created without create: true', () => {
    const b = build({
      'kustomization.yaml': 'resources: [d.yaml, c.yaml]\nreplacements:\n  - source: {kind: ConfigMap, name: settings, fieldPath: data.IMAGE_TAG}\n    targets:\n      - select: {kind: Deployment}\n        fieldPaths: [metadata.annotations.tag]\n',
      'd.yaml': DEPLOY,
      'c.yaml': CONFIG,
    });
    assert.equal(b.get('Deployment/api', 'metadata', 'annotations'), undefined);
  });

  it('a source that matches nothing or a field that is unset is a problem at the replacement, and the build goes on', () => {
    const b = build({
      'kustomization.yaml': 'resources: [d.yaml, c.yaml]\nnamespace: x\nreplacements:\n  - source: {kind: Secret, name: none}\n    targets: []\n  - source: {kind: ConfigMap, name: settings, fieldPath: data.MISSING}\n    targets: []\n',
      'd.yaml': DEPLOY,
      'c.yaml': CONFIG,
    });
    assert.deepEqual(b.problems.map((p) => `${p.at.path}:${p.at.startLine}: ${p.message}`), [
      'kustomization.yaml:4: replacement source matches no resource of this build; kustomize fails here (not applied)',
      'kustomization.yaml:6: fieldPath "data.MISSING" is not set in ConfigMap/settings in namespace x: not applied',
    ]);
    assert.equal(str(b.get('Deployment/api', 'metadata', 'namespace')), 'x');
  });

  it('field paths: keys, [k=v], indexes, *, bracketed keys with dots; malformed ones are refused', () => {
    assert.deepEqual(parseFieldPath('spec.containers.[name=a.b].image'), [
      { t: 'key', key: 'spec' }, { t: 'key', key: 'containers' }, { t: 'match', key: 'name', value: 'a.b' }, { t: 'key', key: 'image' },
    ]);
    assert.deepEqual(parseFieldPath('metadata.annotations.[example.com/x]'), [{ t: 'key', key: 'metadata' }, { t: 'key', key: 'annotations' }, { t: 'key', key: 'example.com/x' }]);
    assert.deepEqual(parseFieldPath('a.0.*'), [{ t: 'key', key: 'a' }, { t: 'index', i: 0 }, { t: 'any' }]);
    for (const bad of ['', 'a..b', 'a.[x', 'a.[x]b']) assert.equal(parseFieldPath(bad), undefined, bad);
    // Linear on a hostile path: many unclosed brackets end at the first.
    assert.equal(parseFieldPath('a.' + '['.repeat(200_000)), undefined);
  });
});
