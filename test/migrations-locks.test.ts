/**
 * src/model/sql-locks.ts: the one table of statement → relation → lock mode →
 * conflicting modes that the lock rules read, checked against PostgreSQL's
 * documented conflict table and per-command lock levels.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../src/config/defaults.js';
import { classifyPath } from '../src/discover/kinds.js';
import { LineIndex } from '../src/model/location.js';
import { liftMigrations } from '../src/model/lift-migrations.js';
import { blocksReads, blocksWrites, contendedLocks, LOCK_CONFLICTS, LOCK_MODES, lockConflicts, statementLocks } from '../src/model/sql-locks.js';
import type { SourceFile } from '../src/model/types.js';

function sf(path: string, text: string): SourceFile {
  return { path, absPath: `/repo/${path}`, kind: classifyPath(path, new Set()) ?? 'yaml', text, lines: new LineIndex(text) };
}

async function statements(sql: string) {
  const all = [sf('Cargo.toml', '[dependencies]\nsqlx = "0.8"\n'), sf('migrations/20240101000000_a.sql', sql)];
  const model = await liftMigrations(all.filter((f) => f.kind === 'sql-migration'), { root: '/repo', allFiles: all, config: defaultConfig(), parseError: () => {} });
  return model.files[0]!.statements;
}

/** `relation:MODE` of every lock of each statement. */
async function locks(sql: string): Promise<string[][]> {
  return (await statements(sql)).map((s) => statementLocks(s).map((l) => `${l.relation}:${l.mode}`));
}

describe('lock modes', () => {
  it('the conflict table is symmetric, as PostgreSQL documents it', () => {
    for (const a of LOCK_MODES) for (const b of LOCK_MODES) assert.equal(lockConflicts(a, b), lockConflicts(b, a), `${a} / ${b}`);
    assert.deepEqual(LOCK_CONFLICTS['ACCESS SHARE'], ['ACCESS EXCLUSIVE']);
    assert.equal(LOCK_CONFLICTS['ACCESS EXCLUSIVE'].length, 8);
    assert.equal(lockConflicts('SHARE', 'SHARE'), false);
    assert.equal(lockConflicts('SHARE UPDATE EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE'), true);
  });

  it('reads wait only for ACCESS EXCLUSIVE; writes for SHARE and stronger', () => {
    assert.deepEqual(LOCK_MODES.filter(blocksReads), ['ACCESS EXCLUSIVE']);
    assert.deepEqual(LOCK_MODES.filter(blocksWrites), ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);
  });
});

describe('statement locks', () => {
  it('DDL, maintenance and explicit locks', async () => {
    assert.deepEqual(
      await locks(
        'CREATE INDEX i ON users (a);\nCREATE INDEX CONCURRENTLY j ON users (b);\nDROP INDEX i;\nDROP INDEX CONCURRENTLY j;\n' +
          'REINDEX TABLE users;\nREINDEX (CONCURRENTLY false) INDEX users_pkey;\nREINDEX TABLE CONCURRENTLY users;\n' +
          'LOCK users;\nLOCK users IN ROW EXCLUSIVE MODE;\nVACUUM FULL users;\nVACUUM users;\nANALYZE users;\nCLUSTER users USING users_pkey;\n' +
          'REFRESH MATERIALIZED VIEW mv;\nREFRESH MATERIALIZED VIEW CONCURRENTLY mv;\nTRUNCATE a, b;\n',
      ),
      [
        ['users:SHARE'],
        ['users:SHARE UPDATE EXCLUSIVE'],
        ['i:ACCESS EXCLUSIVE'],
        ['j:SHARE UPDATE EXCLUSIVE'],
        ['users:SHARE'],
        ['users_pkey:ACCESS EXCLUSIVE'],
        ['users:SHARE UPDATE EXCLUSIVE'],
        ['users:ACCESS EXCLUSIVE'],
        ['users:ROW EXCLUSIVE'],
        ['users:ACCESS EXCLUSIVE'],
        ['users:SHARE UPDATE EXCLUSIVE'],
        ['users:SHARE UPDATE EXCLUSIVE'],
        ['users:ACCESS EXCLUSIVE'],
        ['mv:ACCESS EXCLUSIVE'],
        ['mv:EXCLUSIVE'],
        ['a:ACCESS EXCLUSIVE', 'b:ACCESS EXCLUSIVE'],
      ],
    );
  });

  it('ALTER TABLE takes the strongest lock of its sub-commands; a foreign key also locks the referenced table', async () => {
    assert.deepEqual(
      await locks(
        'ALTER TABLE app.orders VALIDATE CONSTRAINT c;\nALTER TABLE orders ALTER COLUMN a SET STATISTICS 100, VALIDATE CONSTRAINT c;\n' +
          'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n' +
          'ALTER TABLE orders ADD COLUMN note text, VALIDATE CONSTRAINT c;\nALTER TABLE orders DISABLE TRIGGER t;\n' +
          'ALTER TABLE orders ADD COLUMN owner bigint REFERENCES users (id);\nALTER TABLE orders DETACH PARTITION orders_2020 CONCURRENTLY;\n',
      ),
      [
        ['app.orders:SHARE UPDATE EXCLUSIVE'],
        ['orders:SHARE UPDATE EXCLUSIVE'],
        ['orders:SHARE ROW EXCLUSIVE', 'customers:SHARE ROW EXCLUSIVE'],
        ['orders:ACCESS EXCLUSIVE'],
        ['orders:SHARE ROW EXCLUSIVE'],
        ['orders:ACCESS EXCLUSIVE', 'users:SHARE ROW EXCLUSIVE'],
        ['orders:SHARE UPDATE EXCLUSIVE'],
      ],
    );
  });

  it('triggers, policies, rules and comments lock their table; GRANT and ALTER TYPE ... ADD VALUE lock none', async () => {
    assert.deepEqual(
      await locks(
        'CREATE TRIGGER t AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();\nDROP TRIGGER t ON app.users;\n' +
          'CREATE POLICY p ON users USING (true);\nCREATE RULE r AS ON INSERT TO users DO NOTHING;\n' +
          "COMMENT ON TABLE users IS 'x';\nCOMMENT ON COLUMN app.users.id IS 'y';\nCOMMENT ON FUNCTION f() IS 'z';\n" +
          "GRANT SELECT ON users TO r;\nREVOKE ALL ON users FROM r;\nALTER TYPE mood ADD VALUE 'meh';\nALTER INDEX i RENAME TO j;\n" +
          'CREATE TABLE invoices (id int PRIMARY KEY, c int REFERENCES customers, d int, FOREIGN KEY (d) REFERENCES app.docs (id));\n',
      ),
      [
        ['users:SHARE ROW EXCLUSIVE'],
        ['app.users:ACCESS EXCLUSIVE'],
        ['users:ACCESS EXCLUSIVE'],
        ['users:ACCESS EXCLUSIVE'],
        ['users:SHARE UPDATE EXCLUSIVE'],
        ['app.users:SHARE UPDATE EXCLUSIVE'],
        [],
        [],
        [],
        [],
        ['i:SHARE UPDATE EXCLUSIVE'],
        ['customers:SHARE ROW EXCLUSIVE', 'app.docs:SHARE ROW EXCLUSIVE'],
      ],
    );
  });

  it('contended locks: only those ordinary queries wait for, on relations that existed before the migration', async () => {
    const stmts = await statements(
      'CREATE TABLE t (id int PRIMARY KEY);\nCREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\nCREATE INDEX t_idx ON t (id);\nDROP INDEX t_idx;\n' +
        "COMMENT ON TABLE users IS 'x';\nCREATE TRIGGER trg AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();\nREFRESH MATERIALIZED VIEW CONCURRENTLY mv;\nREFRESH MATERIALIZED VIEW mv;\n",
    );
    assert.deepEqual(
      stmts.map((s) => contendedLocks(s).map((l) => `${l.relation}:${l.mode}:${l.blocksReads ? 'r' : ''}${l.blocksWrites ? 'w' : ''}`)),
      [[], [], [], [], [], ['users:SHARE ROW EXCLUSIVE:w'], [], ['mv:ACCESS EXCLUSIVE:rw']],
    );
  });
});
