/**
 * The image facts the model computes once for the image rules: stage lineage
 * and root base, what a Dockerfile is for, who a stage runs as, the shell a
 * RUN runs in, toolchains, which images are pulled where, and deploy-time pinning.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { liftDockerfile } from '../src/model/lift-dockerfile.js';
import { parseImageRef, resolvedRef } from '../src/model/image-ref.js';
import { LineIndex, fileStart } from '../src/model/location.js';
import { DEFAULT_NON_ROOT_IMAGES } from '../src/config/defaults.js';
import { imageBuildPurpose } from '../src/model/image-purpose.js';
import { imageMatches } from '../src/model/image-match.js';
import { imageUses } from '../src/model/image-use.js';
import { containerImageUser, keepsPrivilegeDroppingEntrypoint, stageUser } from '../src/model/run-as.js';
import { hasCacheMount, isPosixShell, shellHasPipefail } from '../src/model/run-shell.js';
import { envOf, finalLineage, findStage, stageCommand, stageLineage } from '../src/model/stages.js';
import { toolchainOf } from '../src/model/toolchain.js';
import { realProgramName } from '../src/model/package-installs.js';
import type { SourceFile } from '../src/model/types.js';
import { captureModel, makeRepo } from './helpers.js';

function build(text: string, path = 'Dockerfile') {
  const file: SourceFile = { path, absPath: `/x/${path}`, kind: 'dockerfile', text, lines: new LineIndex(text) };
  return liftDockerfile(file, []);
}
const ref = (s: string) => parseImageRef(s, fileStart('x'));
const names = (stages: Array<{ name?: { value: string }; index: number }>) => stages.map((s) => s.name?.value ?? String(s.index));

describe('model: stage lineage', () => {
  const b = build('FROM rust:1 AS builder\nENV A=1\nFROM debian:12 AS base\nENV A=2\nFROM base AS runtime\nCOPY --from=builder /x /x\nFROM runtime\n');

  it('follows FROM <stage> to the external root base', () => {
    assert.deepEqual(names(stageLineage(b.finalStage!)), ['base', 'runtime', '3']);
    assert.equal(b.finalStage!.rootBase?.repository, 'debian');
    assert.equal(b.stages[0]!.rootBase?.repository, 'rust');
    assert.equal(build('FROM $BASE\n').finalStage!.rootBase?.resolved, false);
  });
  it('the shipped image is the final stage and the stages it is built FROM, not builders copied from', () => {
    assert.deepEqual(names(finalLineage(b)), ['3', 'runtime', 'base']);
    assert.deepEqual(finalLineage(build('')), []);
  });
  it('resolves stage references by name (any case) or index, earlier stages only', () => {
    assert.equal(findStage(b, 'BUILDER', 2)?.index, 0);
    assert.equal(findStage(b, '1', 2)?.index, 1);
    assert.equal(findStage(b, '2', 2), undefined);
    assert.equal(findStage(b, 'runtime', 2), undefined);
  });
  it('inherits ENTRYPOINT and CMD; an ENTRYPOINT below an inherited CMD resets it', () => {
    const inherited = stageCommand(build('FROM debian:12 AS a\nENTRYPOINT ["tini"]\nCMD ["app"]\nFROM a\n').finalStage!);
    assert.deepEqual([inherited.entrypoint?.stage.index, inherited.cmd?.stage.index], [0, 0]);
    const reset = stageCommand(build('FROM debian:12 AS a\nCMD ["app"]\nFROM a\nENTRYPOINT ["tini"]\n').finalStage!);
    assert.deepEqual([reset.entrypoint?.stage.index, reset.cmd], [1, undefined]);
    const own = stageCommand(build('FROM debian:12 AS a\nENTRYPOINT ["tini"]\nFROM a\nCMD ["app"]\n').finalStage!);
    assert.deepEqual([own.entrypoint?.stage.index, own.cmd?.stage.index], [0, 1]);
  });
  it('inherits ENV from parent stages only', () => {
    assert.equal(envOf(b.finalStage!, 'A'), '2');
    assert.equal(envOf(b.stages[0]!, 'A'), '1');
    assert.equal(envOf(b.finalStage!, 'B'), undefined);
  });
});

describe('model: ImageBuild.purpose', () => {
  it('tells deployed images from dev images and devcontainers by path', () => {
    assert.deepEqual(imageBuildPurpose('Dockerfile'), { kind: 'deploy', tooling: false });
    assert.deepEqual(imageBuildPurpose('api/Dockerfile.dev'), { kind: 'dev', tooling: true });
    assert.deepEqual(imageBuildPurpose('dev.Dockerfile'), { kind: 'dev', tooling: true });
    // A local image is for development, but nothing says it is there for a toolchain.
    assert.deepEqual(imageBuildPurpose('Dockerfile.local'), { kind: 'dev', tooling: false });
    assert.deepEqual(imageBuildPurpose('.devcontainer/Dockerfile'), { kind: 'devcontainer', tooling: true });
    assert.deepEqual(imageBuildPurpose('ci/Dockerfile'), { kind: 'deploy', tooling: true });
    assert.deepEqual(imageBuildPurpose('docker/builder.Dockerfile'), { kind: 'deploy', tooling: true });
  });
  it('is set on every lifted build', () => {
    assert.equal(build('FROM debian:12\n', 'Dockerfile.dev').purpose.kind, 'dev');
  });
});

describe('model: imageMatches and resolvedRef', () => {
  it('matches Docker Hub images with or without docker.io', () => {
    assert.ok(imageMatches(ref('bitnami/redis:7.2'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(imageMatches(ref('docker.io/bitnami/redis:7.2'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(imageMatches(ref('gcr.io/distroless/static-debian12:nonroot'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(imageMatches(ref('nginxinc/nginx-unprivileged'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(!imageMatches(ref('gcr.io/distroless/static-debian12'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(!imageMatches(ref('redis:7.2'), DEFAULT_NON_ROOT_IMAGES));
  });
  it('uses compose-style defaults and rejects placeholders', () => {
    assert.equal(resolvedRef(ref('${IMAGE:-redis:7}'))?.tag, '7');
    assert.equal(resolvedRef(ref('$IMAGE')), undefined);
    assert.equal(resolvedRef(ref('<YOUR-IMAGE>')), undefined);
  });
});

describe('model: stageUser (who an image stage runs as)', () => {
  it('judges the final stage only', () => {
    const v = stageUser(build('FROM rust:1 AS b\nUSER root\nFROM debian:12\nUSER 65532:65532\n'), []);
    assert.equal(v?.kind, 'nonroot');
  });
  it('judges a named build target when asked', () => {
    const b = build('FROM debian:12 AS dev\nFROM debian:12\nUSER 65532\n');
    assert.equal(stageUser(b, [], b.stages[0])?.kind, 'root');
  });
  it('inherits the user of a parent stage', () => {
    const v = stageUser(build('FROM debian:12 AS base\nUSER app\nFROM base\nCMD ["x"]\n'), []);
    assert.ok(v?.kind === 'nonroot' && !v.numeric && v.name === 'app');
  });
  it('resolves quoted ARG defaults and scopes global ARGs to stages that redeclare them', () => {
    assert.equal(stageUser(build('FROM debian:12\nARG UID=0\nUSER "$UID:$UID"\n'), [])?.kind, 'root');
    assert.equal(stageUser(build('ARG UID=0\nFROM debian:12\nUSER $UID\n'), [])?.kind, 'unknown');
    assert.equal(stageUser(build('ARG UID=0\nFROM debian:12\nARG UID\nUSER $UID\n'), [])?.kind, 'root');
  });
  it('treats a missing USER as root unless the root base is a known non-root image', () => {
    const root = stageUser(build('FROM scratch\nCOPY a /a\n'), []);
    assert.ok(root?.kind === 'root' && !root.explicit && root.at.startLine === 1);
    assert.equal(stageUser(build('FROM cgr.dev/chainguard/static:latest\n'), DEFAULT_NON_ROOT_IMAGES)?.kind, 'nonroot');
    assert.equal(stageUser(build('FROM cgr.dev/chainguard/static:latest AS base\nFROM base\n'), DEFAULT_NON_ROOT_IMAGES)?.kind, 'nonroot');
    assert.equal(stageUser(build('FROM $BASE\n'), DEFAULT_NON_ROOT_IMAGES)?.kind, 'unknown');
  });
  it("judges a container by the stage of the in-repo build it runs", async () => {
    const repo = makeRepo({
      'app/Dockerfile': 'FROM debian:12 AS dev\nFROM debian:12\nUSER 10001\n',
      'compose.yaml': 'services:\n  dev:\n    build: {context: ./app, target: dev}\n  prod:\n    build: ./app\n  db:\n    image: postgres:16\n',
    });
    const model = await captureModel(repo);
    const user = (name: string) => containerImageUser(model.workloads.find((w) => w.name === name)!.containers[0]!, []);
    assert.equal(user('dev')?.kind, 'root');
    assert.equal(user('prod')?.kind, 'nonroot');
    assert.equal(user('db'), undefined);
  });
  it("knows official images whose entrypoint drops root, unless the Dockerfile replaces it", () => {
    assert.ok(keepsPrivilegeDroppingEntrypoint(build('FROM postgres:16 AS db\nFROM db\n')));
    assert.ok(!keepsPrivilegeDroppingEntrypoint(build('FROM postgres:16\nENTRYPOINT ["x"]\n')));
    assert.ok(!keepsPrivilegeDroppingEntrypoint(build('FROM ghcr.io/x/postgres:16\n')));
  });
});

describe('model: how a RUN executes', () => {
  it('knows POSIX shells, Windows defaults and pipefail', () => {
    const linux = build('FROM debian:12\n').finalStage!;
    const windows = build('FROM mcr.microsoft.com/windows/servercore:ltsc2022\n').finalStage!;
    assert.ok(isPosixShell(undefined, linux));
    assert.ok(!isPosixShell(undefined, windows));
    assert.ok(isPosixShell(['/bin/bash', '-c'], windows));
    assert.ok(!isPosixShell(['pwsh', '-Command'], linux));
    assert.ok(shellHasPipefail(['/bin/bash', '-o', 'pipefail', '-c']));
    assert.ok(!shellHasPipefail(['/bin/bash', '-c']));
  });
  it('resolves the SHELL in force and cache mounts', () => {
    const b = build('FROM debian:12 AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM a\nRUN --mount=type=cache,target=/var/cache/apt/ apt-get update\n');
    const run = b.finalStage!.runs[0]!;
    assert.ok(shellHasPipefail(run.shell));
    assert.ok(hasCacheMount(run, '/var/cache/apt/archives'));
    assert.ok(!hasCacheMount(run, '/root/.cache'));
  });
  it('names the real program behind wrappers', () => {
    const run = build('FROM debian:12\nRUN sudo -u root env A=1 /usr/bin/apt-get install x\n').finalStage!.runs[0]!;
    assert.equal(realProgramName(run.script.commands[0]!), 'apt-get');
  });
});

describe('model: toolchainOf', () => {
  it('recognises compiler images, and node only when it runs a compiled binary', () => {
    const stage = (text: string) => build(text).finalStage!;
    assert.equal(toolchainOf(ref('rust:1.80'), stage('FROM rust:1.80\n')), 'Rust');
    assert.equal(toolchainOf(ref('eclipse-temurin:21-jdk'), stage('FROM eclipse-temurin:21-jdk\n')), 'JDK');
    assert.equal(toolchainOf(ref('eclipse-temurin:21-jre'), stage('FROM eclipse-temurin:21-jre\n')), undefined);
    assert.equal(toolchainOf(ref('node:20'), stage('FROM node:20\nCMD ["/app/server"]\n')), 'Node.js');
    assert.equal(toolchainOf(ref('node:20'), stage('FROM node:20\nCMD ["node", "server.js"]\n')), undefined);
  });
});

describe('model: imageUses and Container.imagePinning', () => {
  it('lists every pulled image once, leaving out stage names, scratch, built compose images and run-time expressions', async () => {
    const repo = makeRepo({
      'Dockerfile': 'FROM rust:1 AS b\nFROM b\nFROM scratch\n',
      'compose.yaml': 'services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    container: node:20\n    services:\n      redis:\n        image: redis:7\n      m:\n        image: ${{ matrix.image }}\n    steps:\n      - run: true\n',
    });
    const uses = imageUses(await captureModel(repo));
    const seen = uses.map((u) => `${u.where} ${u.ref.raw}${u.where === 'workflow' ? ` ${u.job.id}/${u.service ?? '-'}` : ''}`);
    assert.deepEqual(seen.sort(), ['compose postgres:16', 'dockerfile rust:1', 'workflow node:20 t/-', 'workflow redis:7 t/redis']);
  });

  it('marks Kubernetes images retagged by kustomize or built by skaffold as pinned at deploy time', async () => {
    const deploy = (name: string, image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${image}\n`;
    const repo = makeRepo({
      'k8s/kustomization.yaml': 'resources: [api.yaml, web.yaml]\nimages:\n  - name: ghcr.io/acme/api\n    newTag: v1.2.3\n',
      'k8s/api.yaml': deploy('api', 'ghcr.io/acme/api:latest'),
      'k8s/web.yaml': deploy('web', 'ghcr.io/acme/web:latest'),
      'skaffold.yaml': 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: worker\n      context: worker\n',
      'worker/Dockerfile': 'FROM debian:12-slim\n',
      'k8s/worker.yaml': deploy('worker', 'worker'),
    });
    const model = await captureModel(repo);
    const pinning = (name: string) => model.workloads.find((w) => w.name === name)?.containers[0]?.imagePinning;
    assert.deepEqual(pinning('api'), { tag: true, digest: false });
    assert.deepEqual(pinning('web'), { tag: false, digest: false });
    assert.deepEqual(pinning('worker'), { tag: true, digest: true });
  });
});
