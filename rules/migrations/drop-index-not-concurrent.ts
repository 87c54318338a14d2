import { defineRule } from '../../src/engine/rule.js';
import { forwardFiles } from '../../src/model/migration-facts.js';
import { leaveTransactionHint, runnerNote, stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/drop-index-not-concurrent',
  title: 'DROP INDEX without CONCURRENTLY',
  severity: 'medium',
  status: 'stable',
  description: 'Finds `DROP INDEX` without `CONCURRENTLY` in a forward migration.',
  rationale:
    'DROP INDEX takes an ACCESS EXCLUSIVE lock on the index\'s table: it waits behind every running query on that table and, while it waits, blocks every new read and write.',
  remediation: 'Use `DROP INDEX CONCURRENTLY` (one index per statement, outside a transaction).',
  references: ['https://www.postgresql.org/docs/current/sql-dropindex.html'],
  tags: ['postgres', 'migrations', 'locking'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'DROP INDEX idx_users_email;', good: 'DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;' },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        const t = stmt.typed;
        if (t.kind !== 'drop-index' || t.concurrent) continue;
        const names = t.names;
        if (names.length > 0 && names.every((n) => stmt.context.indexCreatedInThisMigration(n))) continue;
        ctx.report({
          at: stmt.head,
          message:
            `DROP INDEX ${names.join(', ')} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, blocking reads and writes while it waits for running queries. ` +
            `Use DROP INDEX CONCURRENTLY (one index per statement, outside a transaction).${leaveTransactionHint(file)}${runnerNote(file)}`,
          key: stmtKey(file, stmt, `DROP INDEX ${names.join(',')}`),
        });
      }
    }
  },
});
