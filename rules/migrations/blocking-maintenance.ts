import { defineRule } from '../../src/engine/rule.js';
import type { MigrationFile, SqlStatement } from '../../src/model/migration-types.js';
import { createdBefore, forwardFiles, headLocation, qualified, rangeVarName, stmtKey } from './_shared.js';

function finding(file: MigrationFile, stmt: SqlStatement, pg: number): string | undefined {
  const n = stmt.node;
  const created = createdBefore(file, stmt.index);
  const existing = (rv: any) => rv && !created.has(rangeVarName(rv));
  switch (stmt.kind) {
    case 'VacuumStmt': {
      const full = ((n.options ?? []) as any[]).some((o) => o.DefElem?.defname === 'full');
      if (!full || !n.is_vacuumcmd) return undefined;
      const rels = ((n.rels ?? []) as any[]).map((r) => r.VacuumRelation?.relation);
      if (rels.length && !rels.some(existing)) return undefined;
      return `VACUUM FULL ${rels.length ? rels.map(qualified).join(', ') : '(every table)'} rewrites the table under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes. Use pg_repack or a plain VACUUM instead, outside the deploy`;
    }
    case 'ClusterStmt':
      if (n.relation && !existing(n.relation)) return undefined;
      return `CLUSTER ${n.relation ? qualified(n.relation) : '(every clustered table)'} rewrites the table under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes. Use pg_repack outside the deploy`;
    case 'ReindexStmt': {
      if (((n.params ?? []) as any[]).some((p) => p.DefElem?.defname === 'concurrently')) return undefined;
      if (n.relation && !existing(n.relation) && n.kind === 'REINDEX_OBJECT_TABLE') return undefined;
      const target = n.relation ? qualified(n.relation) : String(n.name ?? '');
      const fix = pg >= 12 ? 'Use REINDEX CONCURRENTLY (PostgreSQL 12+), outside a transaction' : `REINDEX CONCURRENTLY needs PostgreSQL 12 (configured: ${pg}); rebuild with CREATE INDEX CONCURRENTLY and swap instead`;
      return `REINDEX ${target} without CONCURRENTLY blocks writes to the table (and reads that use the index) while it rebuilds. ${fix}`;
    }
    case 'LockStmt': {
      const mode = Number(n.mode ?? 8);
      if (mode < 5) return undefined;
      const rels = ((n.relations ?? []) as any[]).map((r) => r.RangeVar).filter(existing);
      if (!rels.length) return undefined;
      const names = ['', 'ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];
      return `LOCK TABLE ${rels.map(qualified).join(', ')} IN ${names[mode] ?? 'ACCESS EXCLUSIVE'} MODE blocks ${mode >= 8 ? 'all reads and writes' : 'writes'} until the migration commits. Remove the explicit lock, or keep the rest of the migration short and set lock_timeout`;
    }
    case 'TruncateStmt':
      if (n.behavior !== 'DROP_CASCADE') return undefined;
      return `TRUNCATE ... CASCADE also empties every table with a foreign key to ${((n.relations ?? []) as any[]).map((r) => qualified(r.RangeVar)).join(', ')}, recursively, under ACCESS EXCLUSIVE locks. Truncate the intended tables explicitly, without CASCADE`;
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'migrations/blocking-maintenance',
  title: 'Blocking maintenance command in a migration',
  severity: 'high',
  description: 'Finds `VACUUM FULL`, `CLUSTER`, `REINDEX` without `CONCURRENTLY`, `LOCK TABLE` and `TRUNCATE ... CASCADE` on existing tables.',
  rationale:
    'These commands hold strong locks for as long as they take to rewrite or scan the table, or (CASCADE) silently empty other tables: in a deploy they turn into an outage or data loss.',
  remediation: 'Run maintenance outside deploys with online tools (pg_repack, REINDEX CONCURRENTLY); truncate tables explicitly.',
  references: ['https://www.postgresql.org/docs/current/sql-vacuum.html', 'https://www.postgresql.org/docs/current/sql-reindex.html', 'https://www.postgresql.org/docs/current/sql-truncate.html'],
  tags: ['postgres', 'migrations', 'locking'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'REINDEX TABLE users;', good: 'REINDEX TABLE CONCURRENTLY users;' },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        const why = finding(file, stmt, ctx.postgresVersion);
        if (why) ctx.report({ at: headLocation(file, stmt), message: `${why}.`, key: stmtKey(file, stmt) });
      }
    }
  },
});
