import { defineRule } from '../../src/engine/rule.js';
import { postgresVersion } from './_settings.js';
import { forwardFiles, onExistingTable } from '../../src/model/migration-facts.js';
import type { SqlStatement, TableRef } from '../../src/model/migration-types.js';
import { statementLocks, type StatementLock } from '../../src/model/sql-locks.js';
import { stmtKey } from './_shared.js';

/** The lock the model's lock table gives the statement on its first relation. */
function lockOf(stmt: SqlStatement): StatementLock | undefined {
  return statementLocks(stmt)[0];
}

function finding(stmt: SqlStatement, pg: number): string | undefined {
  const t = stmt.typed;
  const existing = (table: TableRef | undefined) => Boolean(table) && onExistingTable(stmt, table);
  const names = (tables: TableRef[]) => tables.map((r) => r.qualified).join(', ');
  switch (t.kind) {
    case 'vacuum': {
      if (!t.full || !t.isVacuum) return undefined;
      if (t.tables.length && !t.tables.some(existing)) return undefined;
      return `VACUUM FULL ${t.tables.length ? names(t.tables) : '(every table)'} rewrites the table under an ${lockOf(stmt)?.mode ?? 'ACCESS EXCLUSIVE'} lock: no reads or writes until it finishes. Use pg_repack or a plain VACUUM instead, outside the deploy`;
    }
    case 'cluster':
      if (t.table && !existing(t.table)) return undefined;
      return `CLUSTER ${t.table ? t.table.qualified : '(every clustered table)'} rewrites the table under an ${lockOf(stmt)?.mode ?? 'ACCESS EXCLUSIVE'} lock: no reads or writes until it finishes. Use pg_repack outside the deploy`;
    case 'reindex': {
      if (t.concurrent) return undefined;
      if (t.table && !existing(t.table) && t.objectKind === 'table') return undefined;
      const fix = pg >= 12 ? 'Use REINDEX CONCURRENTLY (PostgreSQL 12+), outside a transaction' : `REINDEX CONCURRENTLY needs PostgreSQL 12 (configured: ${pg}); rebuild with CREATE INDEX CONCURRENTLY and swap instead`;
      return `REINDEX ${t.target} without CONCURRENTLY blocks writes to the table (and reads that use the index) while it rebuilds. ${fix}`;
    }
    case 'lock': {
      const l = lockOf(stmt);
      if (!l || !l.blocksWrites) return undefined;
      const rels = t.tables.filter(existing);
      if (!rels.length) return undefined;
      return `LOCK TABLE ${names(rels)} IN ${l.mode} MODE blocks ${l.blocksReads ? 'all reads and writes' : 'writes'} until the migration commits. Remove the explicit lock, or keep the rest of the migration short and set lock_timeout`;
    }
    case 'refresh-matview': {
      const l = lockOf(stmt);
      if (t.concurrent || !l || l.createdInThisMigration) return undefined;
      return `REFRESH MATERIALIZED VIEW ${l.relation} takes an ${l.mode} lock: every read of the view waits until the refresh finishes. Use REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view), outside the deploy`;
    }
    case 'truncate':
      if (!t.cascade) return undefined;
      return `TRUNCATE ... CASCADE also empties every table with a foreign key to ${names(t.tables)}, recursively, under ACCESS EXCLUSIVE locks. Truncate the intended tables explicitly, without CASCADE`;
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'migrations/blocking-maintenance',
  title: 'Blocking maintenance command in a migration',
  severity: 'high',
  status: 'stable',
  description:
    'Finds `VACUUM FULL`, `CLUSTER`, `REINDEX` without `CONCURRENTLY` (or with `(CONCURRENTLY false)`), `LOCK TABLE` in a mode that blocks writes, `REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` and `TRUNCATE ... CASCADE` on existing tables. Lock modes come from the model\'s lock table (src/model/sql-locks.ts).',
  rationale:
    'These commands hold strong locks for as long as they take to rewrite or scan the table, or (CASCADE) silently empty other tables: in a deploy they turn into an outage or data loss.',
  remediation: 'Run maintenance outside deploys with online tools (pg_repack, REINDEX CONCURRENTLY); truncate tables explicitly.',
  references: ['https://www.postgresql.org/docs/current/sql-vacuum.html', 'https://www.postgresql.org/docs/current/sql-reindex.html', 'https://www.postgresql.org/docs/current/sql-truncate.html'],
  tags: ['postgres', 'migrations', 'locking'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'REINDEX TABLE users;', good: 'REINDEX TABLE CONCURRENTLY users;' },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        const why = finding(stmt, postgresVersion(ctx.config));
        if (why) ctx.report({ at: stmt.head, message: `${why}.`, key: stmtKey(file, stmt) });
      }
    }
  },
});
