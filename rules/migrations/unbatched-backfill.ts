import { defineRule } from '../../src/engine/rule.js';
import { forwardFiles } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/unbatched-backfill',
  title: 'Unbatched data change in a schema migration',
  severity: 'medium',
  status: 'stable',
  description:
    'Finds `UPDATE`/`DELETE` without `WHERE` on an existing table, and any `UPDATE` of a table altered earlier in the same migration.',
  rationale:
    'One statement touching every row holds row locks on all of them until the migration commits, bloats the table and WAL, and when it follows an ALTER TABLE in the same transaction it runs while the ACCESS EXCLUSIVE lock is still held.',
  remediation: 'Backfill in batches (e.g. `WHERE id BETWEEN ...` in a loop, committed per batch) from a separate job or migration, outside the schema change.',
  references: ['https://www.postgresql.org/docs/current/sql-update.html'],
  tags: ['postgres', 'migrations', 'locking', 'backfill'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free';",
    good: "ALTER TABLE users ADD COLUMN plan text;\n-- backfill in batches from a job: UPDATE users SET plan = 'free' WHERE id BETWEEN $1 AND $2;",
  },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      const altered = new Set<string>();
      for (const stmt of file.statements) {
        const t = stmt.typed;
        if (t.kind === 'alter-table' && t.commands.length) altered.add(t.table?.name ?? '');
        if (t.kind !== 'update' && t.kind !== 'delete') continue;
        const name = t.table?.name ?? '';
        const table = t.table?.qualified ?? '';
        if (stmt.context.tableCreatedInThisMigration(name)) continue;
        const verb = t.kind === 'update' ? 'UPDATE' : 'DELETE';
        const noWhere = !t.hasWhere;
        const afterAlter = t.kind === 'update' && altered.has(name);
        if (!noWhere && !afterAlter) continue;
        const why = noWhere
          ? `${verb} of every row of existing table "${table}" (no WHERE) in one statement locks all rows until the migration commits`
          : `UPDATE of "${table}" right after altering it in the same migration runs while the ALTER's ACCESS EXCLUSIVE lock is still held${file.transaction.wrapped ? ' (the runner wraps the file in one transaction)' : ''}`;
        ctx.report({
          at: stmt.head,
          message: `${why}. Backfill in batches from a separate job or migration, committing each batch.`,
          key: stmtKey(file, stmt, `${verb} ${name}`),
        });
      }
    }
  },
});
