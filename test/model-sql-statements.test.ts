/**
 * src/model/sql-statements.ts (the typed SQL statement layer) and
 * src/model/migration-facts.ts (statement context, runner order, schema
 * history), from real SQL lifted the way a scan lifts it.
 */
import { defaultConfig } from '../src/config/defaults.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, type Location } from '../src/model/location.js';
import { classifyPath } from '../src/discover/kinds.js';
import { liftMigrations } from '../src/model/lift-migrations.js';
import { columnSites, columnTypeBefore, existingTableAlters, forwardFilesInRunnerOrder, migrationsInRunnerOrder, validatedNotNullCheckBefore } from '../src/model/migration-facts.js';
import type { AlterCommand, MigrationFile, TypedStatement } from '../src/model/migration-types.js';
import type { SourceFile } from '../src/model/types.js';
import { PROJECT_ROOT } from './helpers.js';

function sf(path: string, text: string): SourceFile {
  return { path, absPath: `/repo/${path}`, kind: classifyPath(path, new Set()) ?? 'yaml', text, lines: new LineIndex(text) };
}

const SQLX = '[dependencies]\nsqlx = { version = "0.8", features = ["postgres"] }\n';

async function lift(files: Record<string, string>) {
  const all = Object.entries({ 'Cargo.toml': SQLX, ...files }).map(([p, t]) => sf(p, t));
  return liftMigrations(all.filter((f) => f.kind === 'sql-migration'), {
    root: '/repo',
    allFiles: all,
    config: defaultConfig(),
    parseError: () => {},
  });
}

async function one(sql: string): Promise<MigrationFile> {
  const model = await lift({ 'migrations/20240101000000_a.sql': sql });
  return model.files[0]!;
}

/** `line:col-line:col` of a location, to pin positions compactly. */
const at = (l: Location) => `${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;

function only<K extends TypedStatement['kind']>(t: TypedStatement, kind: K): Extract<TypedStatement, { kind: K }> {
  assert.equal(t.kind, kind);
  return t as Extract<TypedStatement, { kind: K }>;
}

function cmd<K extends AlterCommand['kind']>(c: AlterCommand | undefined, kind: K): Extract<AlterCommand, { kind: K }> {
  assert.equal(c?.kind, kind);
  return c as Extract<AlterCommand, { kind: K }>;
}

describe('typed SQL statements', () => {
  it('ALTER TABLE: each sub-command typed and located at its clause', async () => {
    const f = await one(
      'ALTER TABLE app.users\n' +
        '  ADD COLUMN age int NOT NULL,\n' +
        '  DROP COLUMN legacy,\n' +
        '  ALTER COLUMN name TYPE varchar(20) USING name::varchar,\n' +
        '  ALTER COLUMN email SET NOT NULL,\n' +
        '  ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID,\n' +
        '  VALIDATE CONSTRAINT users_age_check,\n' +
        '  ADD CONSTRAINT users_email_key UNIQUE (email),\n' +
        '  ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);\n',
    );
    const t = only(f.statements[0]!.typed, 'alter-table');
    assert.deepEqual(t.table, { name: 'users', qualified: 'app.users' });
    assert.equal(t.objectType, 'table');
    const [add, drop, type, nn, fk, validate, unique, check] = t.commands;
    const a = cmd(add, 'add-column');
    assert.equal(a.column.name, 'age');
    assert.equal(a.column.type?.display, 'integer');
    assert.deepEqual(a.column.constraints.map((c) => c.kind), ['not-null']);
    assert.equal(at(a.location), '2:3-2:30');
    assert.equal(at(a.column.constraints[0]!.location), '2:22-2:30');
    assert.equal(cmd(drop, 'drop-column').column, 'legacy');
    assert.equal(at(drop!.location), '3:3-3:21');
    const ty = cmd(type, 'alter-column-type');
    assert.equal(ty.column, 'name');
    assert.equal(ty.using, true);
    assert.deepEqual([ty.type?.name, ty.type?.mods, ty.type?.display], ['varchar', [20], 'varchar(20)']);
    assert.equal(at(ty.location), '4:3-4:57');
    assert.equal(cmd(nn, 'set-not-null').column, 'email');
    assert.equal(at(nn!.location), '5:3-5:34');
    const fkc = cmd(fk, 'add-constraint').constraint;
    assert.deepEqual([fkc.kind, fkc.name, fkc.validated, fkc.references?.qualified], ['foreign-key', 'users_org_fk', false, 'orgs']);
    assert.equal(at(fkc.location), '6:7-6:82');
    assert.equal(cmd(validate, 'validate-constraint').name, 'users_age_check');
    const uq = cmd(unique, 'add-constraint').constraint;
    assert.deepEqual([uq.kind, uq.keys], ['unique', ['email']]);
    const ck = cmd(check, 'add-constraint').constraint;
    assert.deepEqual([ck.kind, ck.notNullCheckOf, ck.validated], ['check', 'email', true]);
    assert.deepEqual(t.commands.map((c) => c.subtype), [
      'AT_AddColumn', 'AT_DropColumn', 'AT_AlterColumnType', 'AT_SetNotNull', 'AT_AddConstraint', 'AT_ValidateConstraint', 'AT_AddConstraint', 'AT_AddConstraint',
    ]);
    assert.equal(at(f.statements[0]!.head), '1:1-1:22');
  });

  it('ADD COLUMN: DEFAULT function calls, identity, generated, UNIQUE ... USING INDEX', async () => {
    const f = await one(
      'ALTER TABLE t ADD COLUMN id uuid DEFAULT gen_random_uuid();\n' +
        'ALTER TABLE t ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;\n' +
        'ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a + 1) STORED;\n' +
        'ALTER TABLE t ADD CONSTRAINT t_k UNIQUE USING INDEX t_k_idx;\n',
    );
    const col = (i: number) => cmd(only(f.statements[i]!.typed, 'alter-table').commands[0], 'add-column').column;
    assert.deepEqual(col(0).constraints.map((c) => [c.kind, c.calls]), [['default', ['gen_random_uuid']]]);
    assert.equal(at(col(0).constraints[0]!.location), '1:34-1:59');
    assert.equal(at(col(0).type!.location), '1:29-1:59');
    assert.deepEqual(col(1).constraints.map((c) => c.kind), ['identity']);
    assert.deepEqual(col(2).constraints.map((c) => c.kind), ['generated']);
    const u = cmd(only(f.statements[3]!.typed, 'alter-table').commands[0], 'add-constraint').constraint;
    assert.equal(u.usingIndex, 't_k_idx');
  });

  it('CREATE TABLE, CREATE TABLE AS, CREATE INDEX, CREATE VIEW', async () => {
    const f = await one(
      'CREATE TABLE s.orders (\n  id serial,\n  at timestamp NOT NULL,\n  PRIMARY KEY (id)\n);\n' +
        'CREATE TABLE copy AS SELECT * FROM s.orders;\n' +
        'CREATE UNIQUE INDEX CONCURRENTLY orders_at ON s.orders (at, id);\n' +
        'CREATE VIEW v AS SELECT 1;\n',
    );
    const ct = only(f.statements[0]!.typed, 'create-table');
    assert.deepEqual(ct.table, { name: 'orders', qualified: 's.orders' });
    assert.deepEqual(ct.columns.map((c) => [c.name, c.type?.name, c.inTablePrimaryKey]), [['id', 'serial', true], ['at', 'timestamp', false]]);
    assert.equal(at(ct.columns[1]!.type!.location), '3:6-3:24');
    assert.equal(only(f.statements[1]!.typed, 'create-table-as').table?.name, 'copy');
    const ix = only(f.statements[2]!.typed, 'create-index');
    assert.deepEqual([ix.name, ix.table?.qualified, ix.concurrent, ix.unique, ix.columns], ['orders_at', 's.orders', true, true, ['at', 'id']]);
    assert.equal(only(f.statements[3]!.typed, 'create-view').view?.name, 'v');
  });

  it('DROP INDEX/TABLE, RENAME TABLE/COLUMN, UPDATE/DELETE with and without WHERE', async () => {
    const f = await one(
      'DROP INDEX CONCURRENTLY s.i1;\nDROP TABLE a, b;\nDROP VIEW v;\n' +
        'ALTER TABLE t RENAME TO t2;\nALTER TABLE t2 RENAME COLUMN a TO b;\n' +
        'UPDATE t2 SET b = 1;\nDELETE FROM t2 WHERE b = 2;\n',
    );
    const s = f.statements.map((x) => x.typed);
    assert.deepEqual(only(s[0]!, 'drop-index'), { kind: 'drop-index', names: ['s.i1'], concurrent: true });
    assert.deepEqual(only(s[1]!, 'drop-table'), { kind: 'drop-table', names: ['a', 'b'] });
    assert.deepEqual(only(s[2]!, 'drop'), { kind: 'drop', objectType: 'view', names: ['v'] });
    assert.deepEqual(only(s[3]!, 'rename-table'), { kind: 'rename-table', table: { name: 't', qualified: 't' }, newName: 't2' });
    assert.deepEqual(only(s[4]!, 'rename-column'), { kind: 'rename-column', table: { name: 't2', qualified: 't2' }, column: 'a', newName: 'b' });
    assert.equal(only(s[5]!, 'update').hasWhere, false);
    assert.equal(only(s[6]!, 'delete').hasWhere, true);
    assert.equal(at(f.statements[5]!.head), '6:1-6:20');
  });

  it('SET, set_config, transaction control, maintenance statements, unknown', async () => {
    const f = await one(
      "SET LOCAL lock_timeout = '2s';\nSELECT set_config('statement_timeout', '5s', true);\nSELECT 1;\n" +
        'BEGIN;\nCOMMIT;\nROLLBACK;\n' +
        'VACUUM (FULL) t;\nREINDEX INDEX CONCURRENTLY i;\nCLUSTER t;\nLOCK TABLE t IN SHARE MODE;\nTRUNCATE t CASCADE;\nCOMMENT ON TABLE t IS $$x$$;\n' +
        'ALTER INDEX i SET (fillfactor = 70);\nREINDEX TABLE t;\n',
    );
    const s = f.statements.map((x) => x.typed);
    assert.deepEqual(s[0], { kind: 'set', name: 'lock_timeout', local: true });
    assert.deepEqual(s[1], { kind: 'select', settings: ['statement_timeout'], placeholder: false });
    assert.deepEqual(s[2], { kind: 'select', settings: [], placeholder: true });
    assert.deepEqual(s.slice(3, 6), [
      { kind: 'transaction', action: 'begin', keyword: 'BEGIN' },
      { kind: 'transaction', action: 'commit', keyword: 'COMMIT' },
      { kind: 'transaction', action: 'rollback', keyword: 'ROLLBACK' },
    ]);
    assert.deepEqual(s[6], { kind: 'vacuum', full: true, isVacuum: true, tables: [{ name: 't', qualified: 't' }] });
    assert.deepEqual(s[7], { kind: 'reindex', concurrent: true, objectKind: 'index', table: { name: 'i', qualified: 'i' }, target: 'i' });
    assert.deepEqual(s[8], { kind: 'cluster', table: { name: 't', qualified: 't' } });
    assert.deepEqual(s[9], { kind: 'lock', tables: [{ name: 't', qualified: 't' }], mode: 5 });
    assert.deepEqual(s[10], { kind: 'truncate', tables: [{ name: 't', qualified: 't' }], cascade: true });
    assert.deepEqual(s[11], { kind: 'comment', objectType: 'table', table: { name: 't', qualified: 't' } });
    assert.equal(only(f.statements[12]!.typed, 'alter-table').objectType, 'index');
    assert.equal(only(f.statements[13]!.typed, 'reindex').objectKind, 'table');
  });
});

describe('statement context', () => {
  it('tables and indexes created earlier, explicit transactions, timeouts in force', async () => {
    const f = await one(
      "CREATE TABLE a (id int);\nCREATE INDEX a_id ON a (id);\nALTER TABLE a RENAME TO b;\nBEGIN;\nSET lock_timeout = '1s';\nALTER TABLE b ADD COLUMN x int;\nCOMMIT;\nSET statement_timeout = '1min';\nDROP INDEX a_id;\n",
    );
    const c = f.statements.map((s) => s.context);
    assert.equal(c[0]!.tableCreatedInThisMigration('a'), false);
    assert.equal(c[1]!.tableCreatedInThisMigration('a'), true);
    assert.equal(c[3]!.tableCreatedInThisMigration('b'), true);
    assert.equal(c[2]!.tableCreatedInThisMigration('b'), false);
    assert.equal(c[8]!.indexCreatedInThisMigration('a_id'), true);
    assert.deepEqual(c.map((x) => x.inExplicitTransaction), [false, false, false, false, true, true, true, false, false]);
    assert.deepEqual(c.map((x) => x.lockTimeoutInForce), [false, false, false, false, false, true, true, true, true]);
    assert.deepEqual(c.map((x) => x.statementTimeoutInForce), [false, false, false, false, false, false, false, false, true]);
    assert.ok(c.every((x) => x.runnerWrapsInTransaction));
    // ALTER on a table of this migration is not an existing-table alter.
    assert.deepEqual([...existingTableAlters({ migrations: [], sets: [], notMigrations: [], files: [f] })], []);
  });

  it('goose sections each get their own statements and context', async () => {
    const model = await lift({ 'migrations/00001_a.sql': '-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n' });
    const [up, down] = model.files;
    assert.deepEqual([up!.direction, down!.direction], ['up', 'down']);
    assert.equal(down!.statements[0]!.index, 0);
    assert.equal(down!.statements[0]!.context.tableCreatedInThisMigration('a'), false);
    assert.equal(at(down!.statements[0]!.head), '4:1-4:13');
  });
});

describe('runner order and schema history', () => {
  const files = {
    'migrations/10_c.sql': 'ALTER TABLE users ALTER COLUMN name TYPE text;\n',
    'migrations/9_b.sql': 'ALTER TABLE users RENAME COLUMN nick TO name;\nALTER TABLE users ADD CONSTRAINT nn CHECK (name IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT nn;\n',
    'migrations/1_a.sql': 'CREATE TABLE users (id int, nick varchar(10));\n',
  };

  it('orders migrations and forward files by version, numerically', async () => {
    const model = await lift(files);
    assert.deepEqual(migrationsInRunnerOrder(model.sets[0]!).map((m) => m.version), ['1', '9', '10']);
    assert.deepEqual(forwardFilesInRunnerOrder(model, 'migrations').map((f) => f.file.path), ['migrations/1_a.sql', 'migrations/9_b.sql', 'migrations/10_c.sql']);
  });

  it('answers what a column was before a statement, following renames', async () => {
    const model = await lift(files);
    const c = model.files.find((f) => f.file.path === 'migrations/10_c.sql')!;
    const b = model.files.find((f) => f.file.path === 'migrations/9_b.sql')!;
    assert.equal(columnTypeBefore(model, c, c.statements[0]!, 'users', 'name')?.display, 'varchar(10)');
    assert.equal(columnTypeBefore(model, b, b.statements[0]!, 'users', 'name'), undefined);
    assert.equal(columnTypeBefore(model, b, b.statements[0]!, 'users', 'nick')?.display, 'varchar(10)');
    assert.equal(validatedNotNullCheckBefore(model, c, c.statements[0]!, 'users', 'name'), true);
    assert.equal(validatedNotNullCheckBefore(model, b, b.statements[2]!, 'users', 'name'), false);
  });

  it('lists column definitions of CREATE TABLE, ADD COLUMN and ALTER TYPE', async () => {
    const model = await lift(files);
    assert.deepEqual([...columnSites(model)].map((s) => `${s.via} ${s.table}.${s.column.name} ${s.column.type?.display}`).sort(), [
      'alter-type users.name text',
      'create users.id integer',
      'create users.nick varchar(10)',
    ]);
  });
});

describe('migration rules read the typed layer', () => {
  it('no rule reads the libpg-query JSON, the statement kind or its tokens', () => {
    const dir = join(PROJECT_ROOT, 'rules', 'migrations');
    const offenders = readdirSync(dir)
      .filter((n) => n.endsWith('.ts'))
      .flatMap((n) =>
        readFileSync(join(dir, n), 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${n}:${i + 1}`, line }))
          .filter(({ line }) => /\.(node|ast)\b|\.tokens\(|\b(stmt|s)\.kind\b/.test(line)),
      )
      .map(({ where }) => where);
    assert.deepEqual(offenders, []);
  });
});

describe('default volatility (sql-functions)', () => {
  it('treats known stable/immutable built-ins as safe and everything else as volatile', async () => {
    const { volatileDefaultCall } = await import('../src/model/sql-functions.js');
    assert.equal(volatileDefaultCall(['now']), undefined);
    assert.equal(volatileDefaultCall(['pg_catalog.now', 'LOWER']), undefined);
    assert.deepEqual(volatileDefaultCall(['gen_random_uuid']), { call: 'gen_random_uuid', known: 'volatile' });
    assert.deepEqual(volatileDefaultCall(['now', 'app.next_id']), { call: 'app.next_id', known: 'unknown' });
    assert.deepEqual(volatileDefaultCall(['make_slug']), { call: 'make_slug', known: 'unknown' });
    assert.deepEqual(volatileDefaultCall(['public.lower']), { call: 'public.lower', known: 'unknown' }, 'a schema other than pg_catalog is user code');
  });

  it('COMMENT ON, triggers, policies, rules, enum values, matview refreshes, GRANT, REINDEX options, CREATE TABLE references', async () => {
    const f = await one(
      "COMMENT ON COLUMN app.users.email IS 'x';\nCOMMENT ON FUNCTION f() IS 'y';\n" +
        'CREATE TRIGGER audit AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f();\nCREATE POLICY p ON docs USING (true);\nCREATE RULE r AS ON INSERT TO users DO NOTHING;\n' +
        "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh';\nALTER TYPE app.mood RENAME VALUE 'a' TO 'b';\nREFRESH MATERIALIZED VIEW CONCURRENTLY mv;\n" +
        'GRANT SELECT ON users, app.orders TO r;\nREVOKE USAGE ON SCHEMA app FROM r;\nREINDEX (CONCURRENTLY false) TABLE users;\nREINDEX (CONCURRENTLY) TABLE users;\n' +
        'CREATE TABLE invoices (id int, c int REFERENCES customers, FOREIGN KEY (id) REFERENCES app.docs (id));\n',
    );
    const s = f.statements.map((x) => x.typed);
    assert.deepEqual(s[0], { kind: 'comment', objectType: 'column', table: { name: 'users', qualified: 'app.users' } });
    assert.deepEqual(s[1], { kind: 'comment', objectType: 'function' });
    assert.deepEqual(s[2], { kind: 'create-trigger', table: { name: 'users', qualified: 'users' }, name: 'audit' });
    assert.deepEqual(s[3], { kind: 'table-object', object: 'policy', table: { name: 'docs', qualified: 'docs' }, name: 'p' });
    assert.deepEqual(s[4], { kind: 'table-object', object: 'rule', table: { name: 'users', qualified: 'users' }, name: 'r' });
    assert.deepEqual(s[5], { kind: 'alter-enum', type: 'mood', action: 'add-value', value: 'meh', ifNotExists: true });
    assert.deepEqual(s[6], { kind: 'alter-enum', type: 'app.mood', action: 'rename-value', value: 'b', ifNotExists: false });
    assert.deepEqual(s[7], { kind: 'refresh-matview', view: { name: 'mv', qualified: 'mv' }, concurrent: true });
    assert.deepEqual(s[8], { kind: 'grant', grant: true, objectType: 'table', tables: [{ name: 'users', qualified: 'users' }, { name: 'orders', qualified: 'app.orders' }] });
    assert.deepEqual(s[9], { kind: 'grant', grant: false, objectType: 'schema', tables: [] });
    assert.equal(only(s[10]!, 'reindex').concurrent, false);
    assert.equal(only(s[11]!, 'reindex').concurrent, true);
    assert.deepEqual(only(s[12]!, 'create-table').references, [{ name: 'customers', qualified: 'customers' }, { name: 'docs', qualified: 'app.docs' }]);
  });
});
