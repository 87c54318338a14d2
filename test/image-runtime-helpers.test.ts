/** Unit tests for rules/image/_runtime-helpers.ts: image globs and who a Dockerfile runs as. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { liftDockerfile } from '../src/model/lift-dockerfile.js';
import { parseImageRef } from '../src/model/image-ref.js';
import { LineIndex, fileStart } from '../src/model/location.js';
import { DEFAULT_NON_ROOT_IMAGES } from '../src/config/defaults.js';
import type { SourceFile } from '../src/model/types.js';
import { finalStageUser, imageMatches, resolvedRef } from '../rules/image/_runtime-helpers.js';

function build(text: string) {
  const file: SourceFile = { path: 'Dockerfile', absPath: '/x/Dockerfile', kind: 'dockerfile', text, lines: new LineIndex(text) };
  return liftDockerfile(file, []);
}
const ref = (s: string) => parseImageRef(s, fileStart('x'));

describe('imageMatches', () => {
  it('matches Docker Hub images with or without docker.io', () => {
    assert.ok(imageMatches(ref('bitnami/redis:7.2'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(imageMatches(ref('docker.io/bitnami/redis:7.2'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(imageMatches(ref('gcr.io/distroless/static-debian12:nonroot'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(imageMatches(ref('nginxinc/nginx-unprivileged'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(!imageMatches(ref('gcr.io/distroless/static-debian12'), DEFAULT_NON_ROOT_IMAGES));
    assert.ok(!imageMatches(ref('redis:7.2'), DEFAULT_NON_ROOT_IMAGES));
  });
});

describe('resolvedRef', () => {
  it('uses compose-style defaults and rejects placeholders', () => {
    assert.equal(resolvedRef(ref('${IMAGE:-redis:7}'))?.tag, '7');
    assert.equal(resolvedRef(ref('$IMAGE')), undefined);
    assert.equal(resolvedRef(ref('<YOUR-IMAGE>')), undefined);
  });
});

describe('finalStageUser', () => {
  it('judges the final stage only', () => {
    const v = finalStageUser(build('FROM rust:1 AS b\nUSER root\nFROM debian:12\nUSER 65532:65532\n'), []);
    assert.equal(v?.kind, 'nonroot');
  });
  it('inherits the user of a parent stage', () => {
    const v = finalStageUser(build('FROM debian:12 AS base\nUSER app\nFROM base\nCMD ["x"]\n'), []);
    assert.ok(v?.kind === 'nonroot' && !v.numeric && v.name === 'app');
  });
  it('resolves quoted ARG defaults and scopes global ARGs to stages that redeclare them', () => {
    assert.equal(finalStageUser(build('FROM debian:12\nARG UID=0\nUSER "$UID:$UID"\n'), [])?.kind, 'root');
    assert.equal(finalStageUser(build('ARG UID=0\nFROM debian:12\nUSER $UID\n'), [])?.kind, 'unknown');
    assert.equal(finalStageUser(build('ARG UID=0\nFROM debian:12\nARG UID\nUSER $UID\n'), [])?.kind, 'root');
  });
  it('treats a missing USER as root unless the base is a known non-root image', () => {
    assert.equal(finalStageUser(build('FROM scratch\nCOPY a /a\n'), [])?.kind, 'root');
    assert.equal(finalStageUser(build('FROM cgr.dev/chainguard/static:latest\n'), DEFAULT_NON_ROOT_IMAGES)?.kind, 'nonroot');
    assert.equal(finalStageUser(build('FROM $BASE\n'), DEFAULT_NON_ROOT_IMAGES)?.kind, 'unknown');
  });
});
