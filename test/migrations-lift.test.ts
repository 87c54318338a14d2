/** src/model/lift-migrations.ts: runner detection, pairing and transaction modes. */
import { defaultConfig } from '../src/config/defaults.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src/model/location.js';
import { classifyPath } from '../src/discover/kinds.js';
import { liftMigrations, cargoDependencies, readProperties, readTomlSettings } from '../src/model/lift-migrations.js';
import type { SourceFile } from '../src/model/types.js';

function sf(path: string, text: string): SourceFile {
  return { path, absPath: `/repo/${path}`, kind: classifyPath(path, new Set()) ?? 'yaml', text, lines: new LineIndex(text) };
}

async function lift(files: Record<string, string>) {
  const all = Object.entries(files).map(([p, t]) => sf(p, t));
  const errors: string[] = [];
  const model = await liftMigrations(all.filter((f) => f.kind === 'sql-migration'), {
    root: '/repo',
    allFiles: all,
    config: defaultConfig(),
    parseError: (f, l, m) => errors.push(`${f.path}:${l.startLine}:${l.startColumn} ${m}`),
  });
  return { model, errors };
}

const SQLX = '[dependencies]\nsqlx = { version = "0.8", features = ["postgres"] }\n';

describe('liftMigrations', () => {
  it('reads dependency names from Cargo.toml sections', () => {
    const deps = cargoDependencies('[workspace.dependencies]\ndiesel = "2"\n[dependencies.refinery]\nversion = "0.8"\n[dev-dependencies]\nsqlx = "0.8"\n[features]\nsqlx = []\n');
    assert.deepEqual([...deps].sort(), ['diesel', 'refinery', 'sqlx']);
  });

  it('reads Cargo dependencies from inline and target tables; invalid TOML names none', () => {
    const deps = cargoDependencies('[target.\'cfg(unix)\'.dependencies]\nsqlx = { version = "0.8" }\n[package]\nname = "x"\n');
    assert.deepEqual([...deps], ['sqlx']);
    assert.deepEqual([...cargoDependencies('[dependencies\nsqlx = "1"\n')], []);
  });

  it('reads flyway.conf as Java properties and flyway.toml from its [flyway] table', () => {
    assert.deepEqual(readProperties('# c\n! c\nflyway.outOfOrder=true\nflyway.mixed : true\nflyway.locations filesystem:a,\\\n  filesystem:b\n'), {
      outOfOrder: 'true',
      mixed: 'true',
      locations: 'filesystem:a,filesystem:b',
    });
    assert.deepEqual(readTomlSettings('[flyway]\noutOfOrder = true\nlocations = ["x"]\n[environments.default]\nurl = "jdbc:x"\n', 'flyway'), { outOfOrder: 'true' });
    assert.deepEqual(readTomlSettings('run_in_transaction = false\n'), { run_in_transaction: 'false' });
  });

  it('sqlx: wrapped unless the file starts with -- no-transaction', async () => {
    const { model } = await lift({
      'Cargo.toml': SQLX,
      'migrations/20240101000000_a.sql': 'CREATE INDEX CONCURRENTLY i ON t (a);\n',
      'migrations/20240102000000_b.sql': '-- no-transaction\nCREATE INDEX CONCURRENTLY j ON t (b);\n',
    });
    assert.equal(model.sets[0]!.runner, 'sqlx');
    assert.match(model.sets[0]!.runnerReason, /Cargo\.toml depends on sqlx/);
    assert.deepEqual(model.files.map((f) => f.transaction.wrapped), [true, false]);
    assert.match(model.files[0]!.transaction.optOut, /-- no-transaction/);
  });

  it('diesel: metadata.toml run_in_transaction = false, up/down pairing', async () => {
    const { model } = await lift({
      'Cargo.toml': '[dependencies]\ndiesel_migrations = "2"\n',
      'migrations/2024-01-01-000000_a/up.sql': 'SELECT 1;',
      'migrations/2024-01-01-000000_a/down.sql': 'SELECT 1;',
      'migrations/2024-01-02-000000_b/up.sql': 'SELECT 1;',
      'migrations/2024-01-02-000000_b/metadata.toml': 'run_in_transaction = false\n',
    });
    assert.equal(model.sets[0]!.runner, 'diesel');
    const [a, b] = model.migrations;
    assert.equal(a!.version, '2024-01-01-000000');
    assert.ok(a!.up && a!.down);
    assert.equal(a!.up!.transaction.wrapped, true);
    assert.equal(b!.up!.transaction.wrapped, false);
    assert.equal(b!.down, undefined);
  });

  it('flyway vs refinery from manifests; refinery U is unversioned, flyway U is undo', async () => {
    const fly = await lift({ 'flyway.conf': 'flyway.outOfOrder=true\n', 'sql/V1__a.sql': 'SELECT 1;', 'sql/U1__a.sql': 'SELECT 1;', 'sql/V1__a.sql.conf': 'executeInTransaction=false\n' });
    assert.equal(fly.model.sets[0]!.runner, 'flyway');
    assert.equal(fly.model.sets[0]!.settings['outOfOrder'], 'true');
    assert.equal(fly.model.migrations.length, 1);
    assert.equal(fly.model.migrations[0]!.down?.direction, 'undo');
    assert.equal(fly.model.migrations[0]!.up?.transaction.wrapped, false);
    const ref = await lift({ 'Cargo.toml': '[dependencies]\nrefinery = "0.8"\n', 'migrations/V1__a.sql': 'SELECT 1;', 'migrations/U2__b.sql': 'SELECT 1;' });
    assert.equal(ref.model.sets[0]!.runner, 'refinery');
    assert.equal(ref.model.migrations.length, 2);
    assert.ok(ref.model.migrations.every((m) => m.up && !m.down));
  });

  it('golang-migrate: no transaction, but a multi-statement file is one implicit transaction', async () => {
    const { model } = await lift({ 'go.mod': 'module x\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n', 'db/1_a.up.sql': 'SELECT 1;', 'db/1_a.down.sql': 'SELECT 1;' });
    assert.equal(model.sets[0]!.runner, 'golang-migrate');
    assert.equal(model.migrations[0]!.up!.transaction.wrapped, false);
    assert.equal(model.migrations[0]!.up!.transaction.implicitWhenMultiStatement, true);
  });

  it('goose and dbmate: sections and no-transaction markers', async () => {
    const goose = await lift({ 'migrations/00001_a.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\nSELECT 2;\n-- +goose Down\nSELECT 3;\n' });
    assert.equal(goose.model.sets[0]!.runner, 'goose');
    const m = goose.model.migrations[0]!;
    assert.deepEqual([m.up!.statements.length, m.down!.statements.length, m.up!.transaction.wrapped], [2, 1, false]);
    const dbmate = await lift({ 'db/migrations/20240101_a.sql': '-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\nSELECT 2;\n' });
    assert.equal(dbmate.model.sets[0]!.runner, 'dbmate');
    assert.deepEqual([dbmate.model.migrations[0]!.up!.transaction.wrapped, dbmate.model.migrations[0]!.down!.transaction.wrapped], [false, true]);
  });

  it('ambiguous plain files without manifests: unknown runner, not wrapped', async () => {
    const { model } = await lift({ 'migrations/0001_init.sql': 'SELECT 1;' });
    assert.equal(model.sets[0]!.runner, 'unknown');
    assert.equal(model.files[0]!.transaction.wrapped, false);
  });

  it('skips other SQL dialect trees and reports parse errors at their position', async () => {
    const { model, errors } = await lift({
      'Cargo.toml': SQLX,
      'migrations/mysql/20240101000000_a.sql': 'CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;',
      'migrations/postgres/20240101000000_a.sql': 'SELECT 1;\nSELEC 2;\nSELECT 3;\n',
    });
    assert.deepEqual(model.sets.map((s) => s.dir), ['migrations/postgres']);
    assert.equal(model.files[0]!.statements.length, 2);
    assert.deepEqual(errors, ['migrations/postgres/20240101000000_a.sql:2:1 SQL syntax error: syntax error at or near "SELEC"']);
  });
});
