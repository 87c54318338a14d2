import { defineRule } from '../../src/engine/rule.js';
import { forwardFiles, onExistingTable } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/rename-table',
  title: 'Table renamed while old code may still use the old name',
  severity: 'high',
  status: 'stable',
  description: 'Finds `ALTER TABLE ... RENAME TO` on an existing table.',
  rationale:
    'Replicas of the previous release keep running during a rolling or canary rollout and still query the old table name: they fail from the moment the migration commits.',
  remediation:
    'Expand/contract: rename, then create a view with the old name (`CREATE VIEW old AS SELECT * FROM new`, simple views are updatable) until no old replica runs, then drop the view in a later release.',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME'],
  tags: ['postgres', 'migrations', 'compatibility', 'rollout'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'ALTER TABLE users RENAME TO accounts;', good: 'ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts; -- drop in a later release' },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        const t = stmt.typed;
        if (t.kind !== 'rename-table' || !onExistingTable(stmt, t.table)) continue;
        const table = t.table?.qualified ?? '';
        const next = t.newName;
        // The compatibility view pattern: a view with the old name created later in the same file.
        const viewed = file.statements.some((s) => s.index > stmt.index && s.typed.kind === 'create-view' && s.typed.view?.name === t.table?.name);
        if (viewed) continue;
        ctx.report({
          at: stmt.head,
          message:
            `RENAME "${table}" TO "${next}": replicas of the previous release still running during the rollout query "${table}" and fail. ` +
            `Keep the old name working with a view (CREATE VIEW ${table} AS SELECT * FROM ${next}) until no old replica runs, then drop the view in a later release.`,
          key: stmtKey(file, stmt, `RENAME TABLE ${table}`),
        });
      }
    }
  },
});
