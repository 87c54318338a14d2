/**
 * Build invocations read from Makefiles, scripts, GitLab CI, CodeBuild, Cloud
 * Build and docker-bake files (src/model/build-invocations.ts), and workflow
 * matrix expansion. The linking they drive is covered by the context-leak,
 * run-as-root and invalid-stage-reference fixtures.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { captureModel, makeRepo } from './helpers.js';
import { imageUses, mayBeNamedContext } from '../src/model/image-use.js';
import { bakeTargets, buildInvocations, dockerBuildCommands, expandMatrix, makeRecipes, matrixCombos } from '../src/model/build-invocations.js';

function invocations(files: Record<string, string>) {
  return buildInvocations(Object.keys(files), (p) => files[p]).map((i) => ({
    source: i.source,
    line: i.at.startLine,
    cwd: i.cwd,
    ...(i.altCwd !== undefined ? { altCwd: i.altCwd } : {}),
    context: i.context,
    ...(i.file ? { file: i.file } : {}),
    tags: i.tags,
    ...(Object.keys(i.namedContexts).length ? { namedContexts: i.namedContexts } : {}),
  }));
}

describe('build invocations', () => {
  it('docker build / buildx / podman / kaniko: file, tags, target, named contexts; value flags are not the context', () => {
    assert.deepEqual(dockerBuildCommands('docker buildx build --platform linux/amd64,linux/arm64 --build-arg V=1 --build-context assets=./web --target runtime -f api/Dockerfile -t a:1 --tag=b:2 api --push'), [
      { context: 'api', file: 'api/Dockerfile', tags: ['a:1', 'b:2'], target: 'runtime', namedContexts: { assets: './web' }, line: 1 },
    ]);
    assert.deepEqual(dockerBuildCommands('podman build -t x .\n/kaniko/executor --context dir://$CI_PROJECT_DIR --dockerfile Dockerfile\n/kaniko/executor --context=./svc --dockerfile=svc/Dockerfile --destination=r/x:1').map((c) => [c.context, c.file, c.tags, c.line]), [
      ['.', undefined, ['x'], 1],
      ['./svc', 'svc/Dockerfile', ['r/x:1'], 3],
    ]);
  });

  it('Makefile: recipes run in the Makefile folder; simple variables expand, others stay unknown', () => {
    assert.deepEqual(makeRecipes('IMG ?= ghcr.io/acme/api\nTAG := $(shell git rev-parse HEAD)\nbuild:\n\t@docker build -t $(IMG):$(TAG) \\\n\t  -f docker/Dockerfile .\n'), [
      { script: 'docker build -t ghcr.io/acme/api:$(TAG) -f docker/Dockerfile .', line: 4 },
    ]);
    assert.deepEqual(invocations({ 'svc/Makefile': 'img:\n\tdocker build -t acme/svc .\n' }), [
      { source: 'makefile', line: 2, cwd: 'svc', context: '.', tags: ['acme/svc'] },
    ]);
  });

  it('shell scripts are tried from the repository root and from their own folder', () => {
    assert.deepEqual(invocations({ 'scripts/build.sh': '#!/bin/sh\nset -e\ndocker build -f Dockerfile.prod -t acme/app ..\n' }), [
      { source: 'script', line: 3, cwd: '', altCwd: 'scripts', context: '..', file: 'Dockerfile.prod', tags: ['acme/app'] },
    ]);
  });

  it('GitLab CI and CodeBuild script lists, including block scalars', () => {
    const gitlab = 'stages: [build]\nimage-build:\n  script:\n    - docker login -u x\n    - docker build -t "$CI_REGISTRY_IMAGE" -f app/Dockerfile app\n  after_script:\n    - |\n      docker build \\\n        -t acme/worker worker\n';
    assert.deepEqual(invocations({ '.gitlab-ci.yml': gitlab }), [
      { source: 'gitlab-ci', line: 5, cwd: '', context: 'app', file: 'app/Dockerfile', tags: ['$CI_REGISTRY_IMAGE'] },
      { source: 'gitlab-ci', line: 8, cwd: '', context: 'worker', tags: ['acme/worker'] },
    ]);
    const buildspec = 'version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t $REPO:latest -f deploy/Dockerfile .\n';
    assert.deepEqual(invocations({ 'buildspec.yml': buildspec }), [{ source: 'codebuild', line: 5, cwd: '', context: '.', file: 'deploy/Dockerfile', tags: ['$REPO:latest'] }]);
  });

  it('the checkout folder variables are the working folder; included GitLab files run from the repository root', () => {
    const kaniko = 'b:\n  script:\n    - /kaniko/executor --context "${CI_PROJECT_DIR}" --dockerfile "$CI_PROJECT_DIR/api/Dockerfile" --destination r/api:1\n';
    assert.deepEqual(invocations({ 'svc/.gitlab/ci/build.yml': kaniko }), [{ source: 'gitlab-ci', line: 3, cwd: 'svc', context: '.', file: './api/Dockerfile', tags: ['r/api:1'] }]);
    // `$CI_PROJECT_DIRX` is another variable: left unknown, so the command is dropped.
    assert.deepEqual(invocations({ '.gitlab-ci.yml': kaniko.replace('"${CI_PROJECT_DIR}"', '$CI_PROJECT_DIRX') }), []);
    const buildspec = 'version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -f ${CODEBUILD_SRC_DIR}/web/Dockerfile $CODEBUILD_SRC_DIR\n';
    assert.deepEqual(invocations({ 'ci/buildspec.yml': buildspec }), [{ source: 'codebuild', line: 5, cwd: 'ci', context: '.', file: './web/Dockerfile', tags: [] }]);
  });

  it('Cloud Build docker steps (YAML flow and block args, JSON) with dir:', () => {
    const yaml = "steps:\n- name: 'gcr.io/cloud-builders/docker'\n  args: ['build', '-t', 'gcr.io/p/api', '.']\n  dir: services/api\n- name: gcr.io/cloud-builders/gcloud\n  args: [run, deploy]\n- name: gcr.io/cloud-builders/docker\n  args:\n  - build\n  - -f\n  - web/Dockerfile\n  - web\n";
    assert.deepEqual(invocations({ 'cloudbuild.yaml': yaml }).map((i) => [i.cwd, i.context, i.file, i.tags]), [
      ['services/api', '.', undefined, ['gcr.io/p/api']],
      ['', 'web', 'web/Dockerfile', []],
    ]);
    const json = JSON.stringify({ steps: [{ name: 'gcr.io/cloud-builders/docker', args: ['build', '-t', 'x', 'ctx'] }] });
    assert.deepEqual(invocations({ 'cloudbuild.json': json }).map((i) => i.context), ['ctx']);
  });

  it('docker-bake.hcl targets and docker-bake.json', () => {
    const hcl = 'variable "TAG" { default = "dev" }\ntarget "api" {\n  context = "services/api"\n  dockerfile = "Dockerfile.prod"\n  tags = ["acme/api:${TAG}", "acme/api:latest"]\n  contexts = {\n    base = "../base"\n    "assets" = "target:web"\n  }\n}\n';
    assert.deepEqual(bakeTargets(hcl).map((t) => [t.line, t.cmd.context, t.cmd.file, t.cmd.tags, t.cmd.namedContexts]), [
      [2, 'services/api', 'Dockerfile.prod', ['acme/api:latest'], { base: '../base', assets: 'target:web' }],
    ]);
    assert.deepEqual(bakeTargets(JSON.stringify({ target: { web: { context: 'web', tags: ['x'] } } })).map((t) => t.cmd.context), ['web']);
  });

  it('only build files are read, at most a bounded number, and vendored folders are skipped', () => {
    const files: Record<string, string> = { 'README.md': 'docker build .', 'node_modules/x/build.sh': 'docker build .' };
    for (let i = 0; i < 1000; i++) files[`s/${String(i).padStart(4, '0')}.sh`] = 'docker build .';
    const seen: string[] = [];
    buildInvocations(Object.keys(files), (p) => (seen.push(p), files[p]));
    assert.ok(!seen.includes('README.md') && !seen.includes('node_modules/x/build.sh'));
    assert.equal(seen.length, 400);
  });

  it('hostile input: long lines and unbalanced constructs stay linear', { timeout: 20_000 }, () => {
    const n = 200_000;
    assert.equal(makeRecipes('A = ' + '$('.repeat(n) + '\n\t' + '$(A)'.repeat(n / 4)).length, 1);
    assert.deepEqual(bakeTargets('target "x" {\n contexts = {' + ' a'.repeat(n) + '\n' + '{'.repeat(n)).map((t) => t.cmd.context), ['.']);
    assert.deepEqual(invocations({ 'cloudbuild.yaml': 'steps:\n' + '\n'.repeat(n) + ' - name: docker\n  args:' + ' '.repeat(n) + '\n' }), []);
    assert.equal(invocations({ '.gitlab-ci.yml': 'script:\n' + '  - docker build ' + '"'.repeat(n) + '\n' }).length, 1);
    assert.deepEqual(makeRecipes('A=' + '\t'.repeat(n) + '?=\n\techo $(A)'), [{ script: 'echo ?=', line: 2 }]);
  });
});

describe('workflow matrix', () => {
  it('axes multiply; exclude removes; include adds', () => {
    assert.deepEqual(matrixCombos({ service: ['api', 'worker'], arch: ['amd64', 'arm64'], exclude: [{ service: 'worker', arch: 'arm64' }], include: [{ service: 'web', arch: 'amd64' }] }), [
      { service: 'api', arch: 'amd64' }, { service: 'api', arch: 'arm64' }, { service: 'worker', arch: 'amd64' }, { service: 'web', arch: 'amd64' },
    ]);
    assert.equal(matrixCombos({ a: Array.from({ length: 100 }, (_, i) => i), b: Array.from({ length: 100 }, (_, i) => i) }).length, 256, 'bounded like GitHub');
    assert.equal(expandMatrix('services/${{ matrix.service }}/Dockerfile', { service: 'api' }), 'services/api/Dockerfile');
    assert.equal(expandMatrix('${{ matrix.missing }}', { service: 'api' }), undefined);
  });
});

describe('link evidence', () => {
  const deploy = (name: string, image: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${image}\n`;
  it('records what links a container to its Dockerfile: a tagging build, a skaffold artifact, compose build:, or only a name', async () => {
    const repo = makeRepo({
      // Tagged by a build script: evidence.
      'api/Dockerfile': 'FROM debian:12-slim\nUSER 10001\n',
      'scripts/release.sh': '#!/bin/sh\ndocker build -t ghcr.io/acme/api:"$VERSION" -f api/Dockerfile api\n',
      'k8s/api.yaml': deploy('api', 'ghcr.io/acme/api:1.0'),
      // Named by a skaffold artifact.
      'worker/Dockerfile': 'FROM debian:12-slim\nUSER 10001\n',
      'skaffold.yaml': 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/worker\n      context: worker\n',
      'k8s/worker.yaml': deploy('worker', 'ghcr.io/acme/worker'),
      // Only the folder name matches the image name.
      'web/Dockerfile': 'FROM debian:12-slim\nUSER 10001\n',
      'k8s/web.yaml': deploy('web', 'ghcr.io/acme/web:1.0'),
      // compose builds it.
      'jobs/Dockerfile': 'FROM debian:12-slim\n',
      'docker-compose.yml': 'services:\n  jobs:\n    build: ./jobs\n',
    });
    const model = await captureModel(repo);
    const link = (name: string) => {
      const c = model.workloads.find((w) => w.name === name)?.containers[0];
      return [c?.imageBuild?.file.path, c?.linkEvidence];
    };
    assert.deepEqual(link('api'), ['api/Dockerfile', 'build']);
    assert.deepEqual(link('worker'), ['worker/Dockerfile', 'skaffold']);
    assert.deepEqual(link('web'), ['web/Dockerfile', 'name-guess']);
    assert.deepEqual(link('jobs'), ['jobs/Dockerfile', 'compose']);
  });
});

describe('named contexts', () => {
  it('a bare FROM name other than a well-known official image may be a named context; one the build passes is no pulled image', async () => {
    const repo = makeRepo({
      'Dockerfile': 'FROM toolchain AS build\nFROM base\nFROM node\nFROM node:20\nFROM acme/tool\nFROM Assets\n',
      'build.sh': 'docker buildx build --build-context base=docker-image://debian:12 .\n',
    });
    const model = await captureModel(repo);
    const uses = imageUses(model);
    assert.deepEqual(uses.map((u) => [u.ref.raw, mayBeNamedContext(u)]), [['toolchain', true], ['node', false], ['node:20', false], ['acme/tool', false], ['Assets', true]]);
  });
});
