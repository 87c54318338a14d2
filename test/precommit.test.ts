/**
 * The pre-commit hook as users get it: `.pre-commit-hooks.yaml` installed and
 * run by the real pre-commit (Debian's package; `.ci/run` installs it), on
 * changed files whose names look like flags. pre-commit appends file names
 * after the hook's `entry` with no `--` of its own.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, cli, makeRepo } from './helpers.js';

const PRIVILEGED_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ghcr.io/acme/c:1.0\n      securityContext:\n        privileged: true\n';
const ROOT_DOCKERFILE = 'FROM debian:bookworm-slim\nUSER root\nCMD ["/app"]\n';
const FILES = { '--help.yaml': PRIVILEGED_POD, '-rf/Dockerfile': ROOT_DOCKERFILE };

function hasPreCommit(): boolean {
  return spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('file names that look like flags', () => {
  it('are scanned as files after --, as the hook entry passes them', async () => {
    const repo = makeRepo(FILES);
    const r = await cli(['scan', '--fail-on', 'high', '-f', 'json', '--', '--help.yaml', '-rf/Dockerfile'], { cwd: repo });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.summary.filesScanned, 2);
    const where = doc.findings.map((f: { ruleId: string; location: { path: string } }) => `${f.location.path} ${f.ruleId}`);
    assert.ok(where.includes('--help.yaml container/privileged'), where.join('\n'));
    assert.ok(where.includes('-rf/Dockerfile container/run-as-root'), where.join('\n'));
  });
});

describe('pre-commit', { skip: hasPreCommit() ? false : 'pre-commit is not installed (apt-get install pre-commit; .ci/run does it)' }, () => {
  it('installs the hook from this repository and fails the commit on findings in --help.yaml and -rf/Dockerfile', { timeout: 300_000 }, () => {
    const repo = makeRepo(FILES);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '--', '--help.yaml', '-rf/Dockerfile');
    const home = mkdtempSync(join(tmpdir(), 'shipshape-pre-commit-'));
    // try-repo clones this checkout (uncommitted changes included) and installs it as pre-commit installs any hook repository.
    const r = spawnSync('pre-commit', ['try-repo', PROJECT_ROOT, 'shipshape', '--all-files', '--verbose', '--color', 'never'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1' },
      timeout: 290_000,
    });
    const out = r.stdout + r.stderr;
    assert.equal(r.status, 1, `the hook fails on high findings:\n${out}`);
    assert.match(out, /shipshape\.+Failed/, out);
    assert.match(out, /^--help\.yaml$/m, out);
    assert.match(out, /container\/privileged/, out);
    assert.match(out, /^-rf\/Dockerfile$/m, out);
    assert.match(out, /container\/run-as-root/, out);
    assert.ok(!/Usage:|unknown option|internal error/.test(out), out);
  });
});
