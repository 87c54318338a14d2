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
import { binShOf, hasCacheMount, isPosixShell, shellHasPipefail, shellPipefail } from '../src/model/run-shell.js';
import { classifyPath } from '../src/discover/kinds.js';
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
    const byPath = (p: string) => {
      const { kind, tooling } = imageBuildPurpose(p);
      return { kind, tooling };
    };
    assert.deepEqual(byPath('Dockerfile'), { kind: 'deploy', tooling: false });
    assert.deepEqual(byPath('api/Dockerfile.dev'), { kind: 'dev', tooling: true });
    assert.deepEqual(byPath('dev.Dockerfile'), { kind: 'dev', tooling: true });
    // A local image is for development, but nothing says it is there for a toolchain.
    assert.deepEqual(byPath('Dockerfile.local'), { kind: 'dev', tooling: false });
    assert.deepEqual(byPath('.devcontainer/Dockerfile'), { kind: 'devcontainer', tooling: true });
    assert.deepEqual(byPath('ci/Dockerfile'), { kind: 'deploy', tooling: true });
    assert.deepEqual(byPath('docker/builder.Dockerfile'), { kind: 'deploy', tooling: true });
  });
  it('knows fragments by name', () => {
    for (const p of ['Dockerfile.partial', 'Dockerfile.in', 'docker/api.Dockerfile.in', 'base.dockerfile.part', 'x.containerfile.fragment']) assert.ok(imageBuildPurpose(p).fragmentName, p);
    for (const p of ['Dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Dockerfile.internal']) assert.ok(!imageBuildPurpose(p).fragmentName, p);
  });
  it('is set on every lifted build', () => {
    assert.equal(build('FROM debian:12\n', 'Dockerfile.dev').purpose.kind, 'dev');
  });
});

describe('model: Dockerfile fragments (instructions before any FROM)', () => {
  it('classifies fragment names as Dockerfiles, templates still not', () => {
    const none = new Set<string>();
    for (const p of ['Dockerfile.partial', 'Dockerfile.in', 'docker/api.Dockerfile.in', 'base.dockerfile.part', 'x.Containerfile.partial', 'a.dockerfile.snippet']) assert.equal(classifyPath(p, none), 'dockerfile', p);
    for (const p of ['Dockerfile.j2', 'api.Dockerfile.tmpl', 'Makefile.in', 'dockerfile-notes.txt']) assert.notEqual(classifyPath(p, none), 'dockerfile', p);
  });
  it('lifts the instructions before FROM as one implicit stage; leading ARGs stay global', () => {
    const b = build('# syntax=docker/dockerfile:1\nARG V=1\nRUN sudo apt-get install -y curl\nWORKDIR app\nARG LATE=2\nFROM debian:12 AS run\nCOPY --from=0 /a /a\n');
    assert.equal(b.stages.length, 2);
    const implicit = b.stages[0]!;
    assert.equal(implicit.implicit, true);
    assert.equal(implicit.rootBase, undefined);
    assert.equal(implicit.from.keyword, 'RUN');
    assert.deepEqual(b.fragment && { keyword: b.fragment.first.keyword, line: b.fragment.first.location.startLine, count: b.fragment.count }, { keyword: 'RUN', line: 3, count: 3 });
    assert.deepEqual(b.globalArgs.map((a) => a.name), ['V']);
    assert.deepEqual(implicit.args.map((a) => a.name), ['LATE']);
    assert.equal(implicit.workdirs[0]?.value, 'app');
    // The installs of a fragment are parsed like any stage's.
    assert.deepEqual(implicit.runs[0]!.installs.map((i) => [i.manager, i.packages.map((p) => p.word.text)]), [['apt-get', ['curl']]]);
    assert.equal(b.stages[1]!.index, 1);
    assert.equal(b.finalStage, b.stages[1]);
  });
  it('is not a fragment with only ARGs before FROM; a file of ARGs alone is', () => {
    assert.equal(build('ARG BASE=debian:12\nARG X\nFROM ${BASE}\nRUN true\n').fragment, undefined);
    const args = build('ARG NODE_VERSION=20\nARG ALPINE=3.19\n', 'versions.Dockerfile.in');
    assert.equal(args.stages.length, 0);
    assert.deepEqual(args.fragment && [args.fragment.first.keyword, args.fragment.count], ['ARG', 2]);
    assert.equal(build('# only a comment\n').fragment, undefined);
  });
  it('runs as an unknown user unless the fragment says root itself', () => {
    assert.equal(stageUser(build('RUN apt-get update\nCMD ["app"]\n', 'Dockerfile.partial'), [])?.kind, 'unknown');
    assert.equal(stageUser(build('COPY app /app\nUSER root\n', 'Dockerfile.partial'), [])?.kind, 'root');
    assert.equal(stageUser(build('COPY app /app\nUSER 10001\n', 'Dockerfile.partial'), [])?.kind, 'nonroot');
  });
  it('uses the default shell of an unknown base: POSIX, /bin/sh unknown', () => {
    const stage = build('RUN a | b\n', 'Dockerfile.partial').stages[0]!;
    assert.ok(isPosixShell(undefined, stage));
    assert.equal(binShOf(stage), undefined);
  });
});

describe('model: ImageBuild.purpose.role (does the image run a process)', () => {
  const role = (text: string, path = 'Dockerfile') => build(text, path).purpose.role;
  it('knows data-only scratch images from scratch images with a program', () => {
    assert.equal(role('FROM node:20 AS b\nRUN npm run build\nFROM scratch\nCOPY --from=b /app/dist/ /site/\nCOPY config.yaml /etc/x.yaml\n').kind, 'data');
    assert.equal(role('FROM scratch\nCOPY --from=b /out/app /app\n').kind, 'runtime');
    assert.equal(role('FROM scratch\nCOPY --from=b /out/ /usr/local/bin/\n').kind, 'runtime');
    assert.equal(role('FROM scratch\nCOPY --chmod=755 --from=b /out/tool.dat /opt/\n').kind, 'runtime');
    assert.equal(role('FROM scratch\nCOPY --from=b /src/target/release/ /opt/\n').kind, 'runtime');
    assert.equal(role('FROM scratch\nCOPY site/ /site/\nCMD ["/site/serve"]\n').kind, 'runtime');
    assert.equal(role('FROM scratch\nCOPY site/ /site/\nEXPOSE 8080\n').kind, 'runtime');
    assert.equal(role('FROM alpine:3.20\nCOPY site/ /site/\n').kind, 'runtime');
  });
  it('knows builder images by name, folder, label, and a fragment ending in a builder stage', () => {
    assert.equal(role('FROM rust:1\n', 'Dockerfile.builder').kind, 'builder');
    assert.equal(role('FROM rust:1\n', 'docker/builder.Dockerfile').kind, 'builder');
    assert.equal(role('FROM debian:12\n', 'ci/images/lint/Dockerfile').kind, 'builder');
    const label = role('FROM debian:12\nLABEL org.acme.purpose="builder"\n');
    assert.equal(label.kind, 'builder');
    assert.equal(label.kind === 'builder' && label.at?.startLine, 2);
    assert.equal(role('FROM debian:12\nLABEL purpose=api\n').kind, 'runtime');
    assert.equal(role('FROM rust:1 AS build\nRUN cargo build --release\n', 'stage1.dockerfile.part').kind, 'builder');
    // Outside a fragment, a final stage named `build` is still the image that is shipped.
    assert.equal(role('FROM rust:1 AS build\nRUN cargo build --release\n').kind, 'runtime');
    assert.equal(role('FROM debian:12\n', 'Dockerfile.test').kind, 'runtime');
  });
  it('settles base and builder images from the FROMs of the other Dockerfiles, and links the stages to them', async () => {
    const repo = makeRepo({
      'images/base/Dockerfile': 'FROM debian:12-slim\nRUN useradd -u 10001 app\nUSER 10001\n',
      'images/rust-builder/Dockerfile': 'FROM rust:1.80\n',
      'api/Dockerfile': 'FROM ghcr.io/acme/rust-builder:1 AS build\nRUN cargo build --release\nFROM ghcr.io/acme/base:2\nCOPY --from=build /src/target/release/api /api\nCMD ["/api"]\n',
      // An official image is Docker Hub's, never the folder of the same name.
      'debian/Dockerfile': 'FROM debian:12\n',
      'web/Dockerfile': 'FROM debian:12-slim\nCMD ["web"]\n',
    });
    const model = await captureModel(repo);
    const b = (p: string) => model.imageBuilds.find((x) => x.file.path === p)!;
    assert.equal(b('images/base/Dockerfile').purpose.role.kind, 'base');
    assert.equal(b('images/rust-builder/Dockerfile').purpose.role.kind, 'builder');
    assert.equal(b('api/Dockerfile').purpose.role.kind, 'runtime');
    assert.equal(b('debian/Dockerfile').purpose.role.kind, 'runtime');
    assert.equal(b('api/Dockerfile').stages[1]!.baseBuild, b('images/base/Dockerfile'));
    assert.equal(b('web/Dockerfile').stages[0]!.baseBuild, undefined);
    // api sets no USER: it inherits the base's non-root one.
    const v = stageUser(b('api/Dockerfile'), []);
    assert.equal(v?.kind, 'nonroot');
    assert.equal(v?.kind === 'nonroot' && v.at.path, 'images/base/Dockerfile');
  });
  it('is a runtime image whatever its name when a workload here runs it', async () => {
    const repo = makeRepo({
      'Dockerfile.builder': 'FROM debian:12-slim\nCMD ["sleep", "infinity"]\n',
      'compose.yaml': 'services:\n  tools:\n    build:\n      context: .\n      dockerfile: Dockerfile.builder\n',
    });
    const model = await captureModel(repo);
    assert.equal(model.imageBuilds[0]!.purpose.role.kind, 'runtime');
  });
  it('stays unknown on a cycle of in-repo bases', async () => {
    const repo = makeRepo({ 'a/Dockerfile': 'FROM acme/b:1\n', 'b/Dockerfile': 'FROM acme/a:1\n' });
    const model = await captureModel(repo);
    assert.equal(stageUser(model.imageBuilds[0]!, [])?.kind, 'unknown');
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
  it('knows what /bin/sh is from the root base, and whether -o pipefail takes', () => {
    const sh = (from: string) => binShOf(build(`FROM ${from}\n`).finalStage!);
    assert.equal(sh('debian:bookworm-slim'), 'dash');
    assert.equal(sh('ubuntu:24.04'), 'dash');
    assert.equal(sh('python:3.12'), 'dash');
    assert.equal(sh('python:3.12-alpine'), 'busybox');
    assert.equal(sh('alpine:3.20'), 'busybox');
    assert.equal(sh('fedora:40'), 'bash');
    assert.equal(sh('registry.access.redhat.com/ubi9/ubi-minimal:9.4'), 'bash');
    assert.equal(sh('gcr.io/distroless/static-debian12'), undefined);
    assert.equal(sh('acme/debian:12'), undefined);
    assert.equal(sh('$BASE'), undefined);
    assert.equal(binShOf(build('FROM alpine:3.20 AS a\nFROM a\n').finalStage!), 'busybox');
    const sp = ['/bin/sh', '-o', 'pipefail', '-c'];
    assert.deepEqual(shellPipefail(sp, 'dash'), { kind: 'rejected', shell: 'dash', explicit: false });
    assert.deepEqual(shellPipefail(sp, 'busybox'), { kind: 'on' });
    assert.deepEqual(shellPipefail(sp, 'bash'), { kind: 'on' });
    assert.deepEqual(shellPipefail(sp, undefined), { kind: 'unknown' });
    assert.deepEqual(shellPipefail(['/bin/bash', '-eo', 'pipefail', '-c'], 'dash'), { kind: 'on' });
    assert.deepEqual(shellPipefail(['/bin/ash', '-o', 'pipefail', '-c'], undefined), { kind: 'on' });
    assert.deepEqual(shellPipefail(['dash', '-o', 'pipefail', '-c'], 'busybox'), { kind: 'rejected', shell: 'dash', explicit: true });
    assert.deepEqual(shellPipefail(['/busybox/sh', '-o', 'pipefail', '-c'], undefined), { kind: 'on' });
    assert.deepEqual(shellPipefail(['/bin/sh', '-c'], 'busybox'), { kind: 'off' });
    assert.deepEqual(shellPipefail(undefined, 'bash'), { kind: 'off' });
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

  it('retags Kubernetes images through the rendered kustomization, and marks images built by skaffold as pinned at deploy time', async () => {
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
    // The overlay is rendered: the container runs the retagged image itself.
    const image = (name: string) => model.workloads.find((w) => w.name === name)?.containers[0]?.image?.raw;
    assert.equal(image('api'), 'ghcr.io/acme/api:v1.2.3');
    assert.equal(image('web'), 'ghcr.io/acme/web:latest');
    assert.deepEqual(pinning('web'), { tag: false, digest: false });
    assert.deepEqual(pinning('worker'), { tag: true, digest: true });
  });
});
