import { defineRule } from '../../src/engine/rule.js';
import { forwardFiles, onExistingTable } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/rename-column',
  title: 'Column renamed while old code may still use the old name',
  severity: 'high',
  status: 'stable',
  description: 'Finds `ALTER TABLE ... RENAME COLUMN` on an existing table.',
  rationale:
    'Replicas of the previous release keep running during a rolling or canary rollout and still use the old column name: their queries fail from the moment the migration commits.',
  remediation:
    'Expand/contract: add the new column, write to both and backfill, switch reads to the new column, then drop the old one in a later release (or keep the old name and rename only in the ORM mapping).',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME'],
  tags: ['postgres', 'migrations', 'compatibility', 'rollout'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'ALTER TABLE users RENAME COLUMN name TO full_name;', good: 'ALTER TABLE users ADD COLUMN full_name text;\n-- dual-write, backfill, switch reads, then drop "name" later' },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        const t = stmt.typed;
        if (t.kind !== 'rename-column' || !onExistingTable(stmt, t.table)) continue;
        const table = t.table?.qualified ?? '';
        ctx.report({
          at: stmt.head,
          message:
            `RENAME COLUMN "${t.column}" TO "${t.newName}" on "${table}": replicas of the previous release still running during the rollout use "${t.column}" and fail. ` +
            `Add "${t.newName}" as a new column, dual-write and backfill, switch reads, and drop "${t.column}" in a later release.`,
          key: stmtKey(file, stmt, `RENAME COLUMN ${table}.${t.column}`),
        });
      }
    }
  },
});
