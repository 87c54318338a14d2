/** src/engine/git-base.ts and the rules that compare with `--base REF`. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBaseRevision } from '../src/engine/git-base.js';
import { baseRevisionView } from '../src/engine/base-model.js';
import { defaultConfig } from '../src/config/defaults.js';
import { LineIndex } from '../src/model/location.js';
import { classifyPath } from '../src/discover/kinds.js';
import { liftMigrations } from '../src/model/lift-migrations.js';
import type { ReportInput } from '../src/engine/rule.js';
import modifiedAfterMerge from '../rules/migrations/modified-after-merge.js';
import outOfOrder from '../rules/migrations/out-of-order.js';

let repo = '';
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
const put = (p: string, text: string) => {
  mkdirSync(join(repo, p, '..'), { recursive: true });
  writeFileSync(join(repo, p), text);
};

async function runRule(root: string, files: Record<string, string>, rule: typeof modifiedAfterMerge, ref: string) {
  const all = Object.entries(files).map(([path, text]) => ({ path, absPath: join(root, path), kind: classifyPath(path, new Set()) ?? ('yaml' as const), text, lines: new LineIndex(text) }));
  const model = await liftMigrations(all.filter((f) => f.kind === 'sql-migration'), { root, allFiles: all, config: defaultConfig(), parseError: () => {} });
  const found: ReportInput[] = [];
  await rule.check({ model: { migrations: model, workloads: [] } as any, options: {}, config: defaultConfig(), base: baseRevisionView(openBaseRevision(root, ref), { root, config: defaultConfig() }), report: (f) => found.push(f) });
  return found;
}

describe('openBaseRevision', () => {
  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'shipshape-git-'));
    git('init', '-q', '-b', 'main');
    put('service/Cargo.toml', '[dependencies]\nsqlx = "0.8"\n');
    put('service/migrations/20240101000000_a.sql', 'CREATE TABLE a (id bigint PRIMARY KEY);\n');
    put('service/migrations/20240301000000_c.sql', 'CREATE TABLE c (id bigint PRIMARY KEY);\n');
    put('README.md', 'é\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('tag', 'v1');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('lists and reads files relative to a subdirectory scan root', () => {
    const base = openBaseRevision(join(repo, 'service'), 'v1');
    assert.deepEqual(base.files().sort(), ['Cargo.toml', 'migrations/20240101000000_a.sql', 'migrations/20240301000000_c.sql']);
    assert.equal(base.read('migrations/20240101000000_a.sql'), 'CREATE TABLE a (id bigint PRIMARY KEY);\n');
    assert.equal(base.read('missing.sql'), undefined);
    assert.equal(openBaseRevision(repo, 'v1').read('README.md'), 'é\n');
  });

  it('reads many files in one batch, bytes exact, and skips paths the revision does not have', () => {
    const base = openBaseRevision(repo, 'v1');
    const got = base.readMany!(['README.md', 'service/Cargo.toml', 'nope.txt', 'service/migrations/20240101000000_a.sql']);
    assert.deepEqual([...got.keys()].sort(), ['README.md', 'service/Cargo.toml', 'service/migrations/20240101000000_a.sql']);
    assert.equal(got.get('README.md')!.toString('utf8'), 'é\n');
    assert.equal(got.get('service/Cargo.toml')!.toString('utf8'), '[dependencies]\nsqlx = "0.8"\n');
  });

  it('lifts the revision as a model through the same pipeline: migrations, their runner and every path', async () => {
    const root = join(repo, 'service');
    const model = await baseRevisionView(openBaseRevision(root, 'v1'), { root, config: defaultConfig() }).model();
    assert.deepEqual(model.migrations.sets.map((s) => [s.dir, s.runner]), [['migrations', 'sqlx']]);
    assert.deepEqual(model.migrations.migrations.map((m) => m.version), ['20240101000000', '20240301000000']);
    assert.equal(model.migrations.migrations[0]!.up!.statements[0]!.typed.kind, 'create-table');
    assert.ok(model.paths.has('Cargo.toml'));
  });

  it('throws a clear error for an unknown ref or a directory outside git', () => {
    assert.throws(() => openBaseRevision(repo, 'no-such-branch'), /unknown git revision/);
    assert.throws(() => openBaseRevision(repo, '--output=x'), /invalid git revision/);
    const outside = mkdtempSync(join(tmpdir(), 'shipshape-nogit-'));
    try {
      assert.throws(() => openBaseRevision(outside, 'HEAD'), /not inside a git work tree/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('modified-after-merge: modified, renamed and deleted sqlx migrations', async () => {
    const root = join(repo, 'service');
    const found = await runRule(
      root,
      {
        'Cargo.toml': '[dependencies]\nsqlx = "0.8"\n',
        'migrations/20240101000000_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY, x int);\n',
        'migrations/20240301000000_c_renamed.sql': 'CREATE TABLE c (id bigint PRIMARY KEY);\n',
      },
      modifiedAfterMerge,
      'v1',
    );
    assert.equal(found.length, 2);
    assert.match(found[0]!.message, /modified since: sqlx stores a checksum/);
    assert.equal(found[0]!.severity, 'critical');
    assert.match(found[1]!.message, /renamed/);
  });

  it('out-of-order: flyway rejects a lower new version unless outOfOrder=true; sqlx applies it', async () => {
    put('db/flyway.conf', 'flyway.url=jdbc:postgresql://x/y\n');
    put('db/sql/V1__a.sql', 'SELECT 1;\n');
    put('db/sql/V3__c.sql', 'SELECT 1;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'flyway');
    const files = { 'flyway.conf': 'flyway.url=jdbc:postgresql://x/y\n', 'sql/V1__a.sql': 'SELECT 1;\n', 'sql/V2__b.sql': 'SELECT 2;\n', 'sql/V3__c.sql': 'SELECT 1;\n' };
    const found = await runRule(join(repo, 'db'), files, outOfOrder, 'HEAD');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /V2__b|version 2 sorts before 3/);
    const allowed = await runRule(join(repo, 'db'), { ...files, 'flyway.conf': 'flyway.outOfOrder=true\n' }, outOfOrder, 'HEAD');
    assert.equal(allowed.length, 0);
    const sqlx = await runRule(
      join(repo, 'service'),
      { 'Cargo.toml': '[dependencies]\nsqlx = "0.8"\n', 'migrations/20240101000000_a.sql': 'SELECT 1;', 'migrations/20240201000000_b.sql': 'SELECT 1;', 'migrations/20240301000000_c.sql': 'SELECT 1;' },
      outOfOrder,
      'v1',
    );
    assert.equal(sqlx.length, 0);
  });
});
