import { defineRule } from '../../src/engine/rule.js';
import { forwardFiles, setsLockTimeout } from '../../src/model/migration-facts.js';
import type { SqlStatement } from '../../src/model/migration-types.js';
import { contendedLocks, strongerLock, blocksReads, type LockMode, type StatementLock } from '../../src/model/sql-locks.js';
import { migrationId } from './_shared.js';

/** The statement's strongest contended lock, and every relation it takes that lock on. */
function strongLock(stmt: SqlStatement): { lock: LockMode; relations: StatementLock[] } | undefined {
  const locks = contendedLocks(stmt);
  if (!locks.length) return undefined;
  const lock = locks.map((l) => l.mode).reduce(strongerLock);
  return { lock, relations: locks.filter((l) => l.mode === lock) };
}

/** `existing table "users"`, `existing tables users, orders`, `existing index "users_email_idx"`. */
function where(relations: StatementLock[]): string {
  const object = relations[0]!.object === 'matview' ? 'materialized view' : relations[0]!.object;
  const same = relations.every((r) => r.object === relations[0]!.object);
  if (relations.length === 1) return `existing ${object} "${relations[0]!.relation}"`;
  return `existing ${same ? `${object === 'index' ? 'indexes' : `${object}s`}` : 'relations'} ${relations.map((r) => r.relation).join(', ')}`;
}

export default defineRule({
  id: 'migrations/missing-lock-timeout',
  title: 'Lock-taking DDL without lock_timeout',
  severity: 'medium',
  status: 'stable',
  defersTo: ['migrations/drop-table', 'migrations/drop-column', 'migrations/rename-column', 'migrations/rename-table'],
  description:
    'Finds the first statement of a migration that takes a lock ordinary queries wait for (one that conflicts with the ACCESS SHARE of SELECT or the ROW EXCLUSIVE of INSERT/UPDATE/DELETE) on a table, index or materialized view that existed before the migration, when no `SET lock_timeout` (or `SET LOCAL`, or `set_config`) comes before it. ' +
    'Lock levels come from one table in the model (src/model/sql-locks.ts): ALTER TABLE by sub-command, CREATE INDEX, DROP INDEX/TABLE/TRIGGER/POLICY/RULE, RENAME, TRUNCATE, LOCK TABLE in its mode, VACUUM FULL, CLUSTER, REINDEX (also `(CONCURRENTLY false)`), REFRESH MATERIALIZED VIEW, CREATE TRIGGER, CREATE POLICY/RULE, and a CREATE TABLE whose foreign key references an existing table. Statements on tables created earlier in the same migration take no contended lock and stay quiet.',
  rationale:
    'A DDL statement waiting for its lock behind one long-running query makes every later query on the table queue behind it: a migration that would take milliseconds turns into an outage. A short lock_timeout makes it fail fast and retry instead.\n\n' +
    '### Differences from other tools\n\n' +
    '- **squawk `require-timeout-settings`** asks for both `lock_timeout` and `statement_timeout` in any file with DDL. shipshape asks only for `lock_timeout`, and only before a statement whose lock makes ordinary queries wait. `statement_timeout` is not required: a lock wait is already bounded by `lock_timeout`, and a `statement_timeout` short enough to protect traffic also kills legitimate long work of the migration (a `CREATE INDEX CONCURRENTLY` on a big table, a backfill), leaving an INVALID index or a half-done deploy. Set it deliberately per migration when you want it.\n' +
    '- **COMMENT ON, VALIDATE CONSTRAINT, CREATE INDEX CONCURRENTLY, VACUUM/ANALYZE, ALTER INDEX ... RENAME** take SHARE UPDATE EXCLUSIVE, which conflicts only with maintenance and other DDL: while waiting it queues no query, so they stay quiet (squawk flags them like any DDL). A lock_timeout before CREATE INDEX CONCURRENTLY would even abort the build half-way and leave an INVALID index.\n' +
    '- **GRANT / REVOKE** on tables and **ALTER TYPE ... ADD VALUE** take no lock on any table (GRANT resolves the table without a lock and updates its catalog row; ADD VALUE locks only the enum type), so they stay quiet.\n' +
    '- Like **eugene**, a lock counts only on relations that existed before the migration: a table created earlier in the same migration is invisible to other sessions until commit, so nothing can hold a lock on it.',
  remediation: "Start the migration with `SET lock_timeout = '2s';` (or `SET LOCAL` inside the transaction) and retry the deploy when it times out.",
  references: ['https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT', 'https://www.postgresql.org/docs/current/explicit-locking.html'],
  tags: ['postgres', 'migrations', 'locking', 'availability'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'ALTER TABLE users ADD COLUMN age int;', good: "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN age int;" },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      const offenders: Array<{ stmt: SqlStatement; lock: LockMode; relations: StatementLock[] }> = [];
      for (const stmt of file.statements) {
        if (stmt.context.lockTimeoutInForce) break;
        if (setsLockTimeout(stmt.typed)) continue;
        const l = strongLock(stmt);
        if (l) offenders.push({ stmt, ...l });
      }
      const first = offenders[0];
      if (!first) continue;
      const more = offenders.length > 1 ? ` (and ${offenders.length - 1} more lock-taking statement${offenders.length > 2 ? 's' : ''} in this migration)` : '';
      ctx.report({
        at: first.stmt.head,
        // One finding for the whole file: folding it into a DROP finding would hide the other statements.
        coversMore: offenders.length > 1,
        message:
          `This statement (${first.relations[0]!.takenBy}) takes ${/^[AEIOU]/.test(first.lock) ? 'an' : 'a'} ${first.lock} lock on ${where(first.relations)} with no lock_timeout set earlier in the migration${more}: ` +
          `if it waits behind a long query, every later query that ${blocksReads(first.lock) ? 'reads or writes' : 'writes'} ${first.relations.length > 1 ? 'them' : 'it'} queues behind it. Put SET lock_timeout = '2s' (or SET LOCAL inside the transaction) before it and retry on timeout.`,
        key: `${migrationId(file.migration, file)} lock-timeout`,
      });
    }
  },
});
