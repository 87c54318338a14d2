import { defineRule } from '../../src/engine/rule.js';
import { forwardFiles, onExistingTable } from '../../src/model/migration-facts.js';
import { leaveTransactionHint, runnerNote, stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/create-index-not-concurrent',
  title: 'CREATE INDEX without CONCURRENTLY on an existing table',
  severity: 'high',
  status: 'stable',
  description: 'Finds `CREATE INDEX` on a table that was not created earlier in the same migration and does not use `CONCURRENTLY`.',
  rationale:
    'A plain CREATE INDEX takes a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE waits until the index is built, which on a large table is minutes of write downtime.',
  remediation:
    'Use `CREATE INDEX CONCURRENTLY` (it takes SHARE UPDATE EXCLUSIVE and lets writes continue) and run that migration outside a transaction with your runner\'s opt-out. If the build fails it leaves an INVALID index: drop it and retry.',
  references: ['https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY'],
  tags: ['postgres', 'migrations', 'locking', 'availability'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'CREATE INDEX idx_users_email ON users (email);',
    good: '-- no-transaction\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);',
  },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        const t = stmt.typed;
        if (t.kind !== 'create-index' || t.concurrent) continue;
        if (!onExistingTable(stmt, t.table)) continue;
        const table = t.table?.qualified ?? '';
        const idx = t.name ? ` ${t.name}` : '';
        ctx.report({
          at: stmt.head,
          message:
            `CREATE INDEX${idx} on existing table "${table}" without CONCURRENTLY holds a SHARE lock that blocks all writes to "${table}" while the index builds. ` +
            `Use CREATE INDEX CONCURRENTLY, which must run outside a transaction.${leaveTransactionHint(file)}${runnerNote(file)}`,
          key: stmtKey(file, stmt, `CREATE INDEX${idx} ON ${table}`),
        });
      }
    }
  },
});
