import { defineRule } from '../../src/engine/rule.js';
import { alterCmds, createdBefore, forwardFiles, headLocation, qualified, rangeVarName, stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/unbatched-backfill',
  title: 'Unbatched data change in a schema migration',
  severity: 'medium',
  description:
    'Finds `UPDATE`/`DELETE` without `WHERE` on an existing table, and any `UPDATE` of a table altered earlier in the same migration.',
  rationale:
    'One statement touching every row holds row locks on all of them until the migration commits, bloats the table and WAL, and when it follows an ALTER TABLE in the same transaction it runs while the ACCESS EXCLUSIVE lock is still held.',
  remediation: 'Backfill in batches (e.g. `WHERE id BETWEEN ...` in a loop, committed per batch) from a separate job or migration, outside the schema change.',
  references: ['https://www.postgresql.org/docs/current/sql-update.html'],
  tags: ['postgres', 'migrations', 'locking', 'backfill'],
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
        if (stmt.kind === 'AlterTableStmt' && alterCmds(stmt).length) altered.add(rangeVarName(stmt.node.relation));
        if (stmt.kind !== 'UpdateStmt' && stmt.kind !== 'DeleteStmt') continue;
        const rv = stmt.node.relation;
        const name = rangeVarName(rv);
        if (createdBefore(file, stmt.index).has(name)) continue;
        const verb = stmt.kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
        const noWhere = !stmt.node.whereClause;
        const afterAlter = stmt.kind === 'UpdateStmt' && altered.has(name);
        if (!noWhere && !afterAlter) continue;
        const why = noWhere
          ? `${verb} of every row of existing table "${qualified(rv)}" (no WHERE) in one statement locks all rows until the migration commits`
          : `UPDATE of "${qualified(rv)}" right after altering it in the same migration runs while the ALTER's ACCESS EXCLUSIVE lock is still held${file.transaction.wrapped ? ' (the runner wraps the file in one transaction)' : ''}`;
        ctx.report({
          at: headLocation(file, stmt),
          message: `${why}. Backfill in batches from a separate job or migration, committing each batch.`,
          key: stmtKey(file, stmt, `${verb} ${name}`),
        });
      }
    }
  },
});
