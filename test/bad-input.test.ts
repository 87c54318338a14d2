/**
 * Hostile and broken input: each must give a clear finding or note, never a
 * crash (exit 3) or a hang, and never lose the findings of the other files.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, makeRepo } from './helpers.js';

const BROKEN_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n  k: w\n';

interface JsonReport {
  findings: Array<{ ruleId: string; message: string; location: { path: string; startLine: number } }>;
  notes: Array<{ path: string; reason: string }>;
  summary: { filesScanned: number };
}

/** Scans as JSON; every bad input sits next to a known-broken manifest whose finding must survive. */
async function scanWithWitness(files: Record<string, string | Buffer>, extra: string[] = []): Promise<JsonReport> {
  const repo = makeRepo({ ...files, 'witness/cm.yaml': BROKEN_YAML });
  return scanRepo(repo, extra);
}

async function scanRepo(repo: string, extra: string[] = []): Promise<JsonReport> {
  const r = await cli(['scan', repo, '-f', 'json', ...extra]);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as JsonReport;
  assert.ok(doc.findings.some((f) => f.location.path === 'witness/cm.yaml' && f.ruleId === 'core/parse-error'), 'the other files were still checked');
  return doc;
}

const note = (doc: JsonReport, path: string) => doc.notes.find((n) => n.path === path)?.reason ?? '';

describe('bad input', () => {
  it('malformed YAML becomes a parse-error finding at the failing line', async () => {
    const doc = await scanWithWitness({ 'k8s/bad.yaml': 'apiVersion: v1\nkind: Service\nspec:\n  ports: [80, 443\n  selector: {}\n' });
    const f = doc.findings.find((x) => x.location.path === 'k8s/bad.yaml');
    assert.ok(f && f.ruleId === 'core/parse-error', JSON.stringify(doc.findings));
    assert.match(f.message, /invalid YAML/);
  });

  it('a YAML alias bomb is refused quickly', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    const started = Date.now();
    const doc = await scanWithWitness({ 'k8s/bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${levels.join('\n  ')}\n` });
    assert.ok(Date.now() - started < 10_000, 'no exponential expansion');
    const f = doc.findings.find((x) => x.location.path === 'k8s/bomb.yaml');
    assert.ok(f, 'the bomb is reported');
    assert.match(f.message, /alias/i);
  });

  it('a 50 MB file is never read whole, and is a finding the gate catches (padding must not hide USER root)', async () => {
    const big = Buffer.concat([Buffer.from('FROM debian:bookworm-slim\n'), Buffer.alloc(50 * 1024 * 1024, '#'), Buffer.from('\nUSER root\n')]);
    const doc = await scanWithWitness({ 'Dockerfile': big });
    assert.match(note(doc, 'Dockerfile'), /larger than the 5 MiB size cap/);
    const f = doc.findings.find((x) => x.location.path === 'Dockerfile');
    assert.equal(f?.ruleId, 'core/file-too-large', JSON.stringify(doc.findings));
    assert.match(f!.message, /Dockerfile was not checked: larger than the 5 MiB size cap \(50\.0 MiB\)/);
    const alone = makeRepo({ 'Dockerfile': big });
    const gate = await cli(['scan', alone]);
    assert.equal(gate.code, 1, 'the default gate (--fail-on medium) fails on an unscanned artifact');
    const raised = await scanWithWitness({ 'k8s/small.yaml': 'x: 1\n', 'k8s/huge.yaml': Buffer.alloc(2048, 'a') }, ['--max-file-size', '1KiB']);
    assert.match(note(raised, 'k8s/huge.yaml'), /size cap/);
    assert.ok(raised.findings.some((x) => x.location.path === 'k8s/huge.yaml' && x.ruleId === 'core/file-too-large'));
  });

  it('a binary file named Dockerfile is a finding; a git-crypt encrypted manifest only a note', async () => {
    const doc = await scanWithWitness({ 'Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0]), 'k8s/secret.yaml': Buffer.from('\0GITCRYPT\0\x01\x02', 'latin1') });
    assert.match(note(doc, 'Dockerfile'), /binary file/);
    assert.ok(doc.findings.some((f) => f.location.path === 'Dockerfile' && f.ruleId === 'core/unreadable-file'));
    assert.match(note(doc, 'k8s/secret.yaml'), /git-crypt/);
    assert.ok(!doc.findings.some((f) => f.location.path === 'k8s/secret.yaml'));
  });

  it('a file named on the command line that cannot be read is a finding, not only a note', async () => {
    const repo = makeRepo({ 'k8s/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    execFileSync('mkfifo', [join(repo, 'Dockerfile')]);
    const r = await cli(['scan', 'Dockerfile', 'k8s/ok.yaml', '-f', 'json'], { cwd: repo });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as JsonReport;
    const f = doc.findings.find((x) => x.location.path === 'Dockerfile');
    assert.equal(f?.ruleId, 'core/unreadable-file');
    assert.match(f!.message, /not a regular file/);
  });

  it('invalid UTF-8 is decoded with replacement characters, noted, and still checked', async () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\ndata:\n  k: v\n  k: w\n')]);
    const doc = await scanWithWitness({ 'k8s/latin1.yaml': bytes });
    assert.match(note(doc, 'k8s/latin1.yaml'), /invalid UTF-8/);
    assert.ok(doc.findings.some((f) => f.location.path === 'k8s/latin1.yaml' && f.location.startLine === 7), 'the duplicate key below the bad bytes is found');
  });

  it('unreadable paths are noted: a FIFO (must not block), a broken symlink, a file without permissions', async () => {
    const repo = makeRepo({ 'witness/cm.yaml': BROKEN_YAML, 'k8s/locked.yaml': BROKEN_YAML });
    execFileSync('mkfifo', [join(repo, 'Dockerfile')]);
    symlinkSync(join(repo, 'does-not-exist.yaml'), join(repo, 'k8s/dangling.yaml'));
    chmodSync(join(repo, 'k8s/locked.yaml'), 0o000);
    const doc = await scanRepo(repo);
    assert.match(note(doc, 'Dockerfile'), /not a regular file/);
    assert.match(note(doc, 'k8s/dangling.yaml'), /broken symlink|no such file/);
    if (process.getuid?.() !== 0) assert.match(note(doc, 'k8s/locked.yaml'), /permission denied/);
  });

  it('a symlink loop ends, and symlinks out of the root are not followed', async () => {
    const repo = makeRepo({ 'witness/cm.yaml': BROKEN_YAML, 'app/k8s/cm.yaml': BROKEN_YAML });
    symlinkSync('..', join(repo, 'app/k8s/loop'));
    symlinkSync('/etc', join(repo, 'app/etc-link'));
    const doc = await scanRepo(repo);
    const paths = doc.findings.map((f) => f.location.path);
    assert.ok(paths.includes('app/k8s/cm.yaml'));
    assert.ok(!paths.some((p) => p.includes('loop/')), 'the loop is not followed into duplicates');
    assert.match(note(doc, 'app/etc-link'), /outside the scan root/);
  });

  it('empty files and a Dockerfile with only comments are fine', async () => {
    const doc = await scanWithWitness({ 'Dockerfile': '# nothing here yet\n# TODO\n', 'k8s/empty.yaml': '', 'Cargo.toml': '', '.env': '' });
    assert.ok(!doc.findings.some((f) => f.location.path !== 'witness/cm.yaml' && f.ruleId === 'core/parse-error'));
  });

  it('SQL with an unterminated dollar quote is a parse-error finding', async () => {
    const doc = await scanWithWitness({
      'migrations/20240101000000_fn.sql': 'CREATE TABLE a (id int);\nCREATE FUNCTION f() RETURNS int AS $$\n  SELECT 1;\n',
    });
    const f = doc.findings.find((x) => x.location.path === 'migrations/20240101000000_fn.sql' && x.ruleId === 'core/parse-error');
    assert.ok(f, JSON.stringify(doc.findings));
  });

  it('respects .gitignore inside a git work tree, and .shipshapeignore everywhere', async () => {
    const repo = makeRepo({
      '.gitignore': 'generated/\n',
      '.shipshapeignore': 'vendored/\n',
      'generated/cm.yaml': BROKEN_YAML,
      'vendored/cm.yaml': BROKEN_YAML,
      'witness/cm.yaml': BROKEN_YAML,
    });
    execFileSync('git', ['init', '-q', repo]);
    const doc = await scanRepo(repo);
    const paths = doc.findings.map((f) => f.location.path);
    assert.ok(!paths.includes('generated/cm.yaml'));
    assert.ok(!paths.includes('vendored/cm.yaml'));
    mkdirSync(join(repo, 'node_modules/x'), { recursive: true });
    writeFileSync(join(repo, 'node_modules/x/cm.yaml'), BROKEN_YAML);
    const again = await scanRepo(repo, ['--no-gitignore']);
    const paths2 = again.findings.map((f) => f.location.path);
    assert.ok(paths2.includes('generated/cm.yaml'), '--no-gitignore scans ignored files');
    assert.ok(!paths2.some((p) => p.startsWith('node_modules/')), 'node_modules is always skipped');
  });
});
