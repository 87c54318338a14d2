import { defineRule } from '../../src/engine/rule.js';
import { forwardFiles } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/drop-table',
  title: 'Table dropped while old code may still use it',
  severity: 'high',
  status: 'stable',
  description: 'Finds `DROP TABLE` of a table that was not created earlier in the same migration.',
  rationale:
    'Replicas of the previous release keep running during a rolling or canary rollout and still query the table; the drop also takes an ACCESS EXCLUSIVE lock and cannot be rolled back once committed.',
  remediation:
    'Expand/contract: release code that no longer uses the table, wait until no old replica runs (and keep a backup), then drop it in a later release.',
  references: ['https://www.postgresql.org/docs/current/sql-droptable.html'],
  tags: ['postgres', 'migrations', 'compatibility', 'rollout', 'data-loss'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'DROP TABLE legacy_sessions;\n',
    good: '-- release N: the new code no longer uses legacy_sessions; keep the table\n-- and drop it in a later release, once no old replica runs.\nCOMMENT ON TABLE legacy_sessions IS \'unused since 2.3; drop after the 2.4 rollout\';\n',
  },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        const t = stmt.typed;
        if (t.kind !== 'drop-table') continue;
        const names = t.names.filter((n) => !stmt.context.tableCreatedInThisMigration(n));
        if (names.length === 0) continue;
        const list = names.map((n) => `"${n}"`).join(', ');
        ctx.report({
          at: stmt.head,
          message:
            `DROP TABLE ${list}: replicas of the previous release still running during the rollout query ${names.length > 1 ? 'these tables' : 'this table'} and fail, and the data is gone for good. ` +
            `Release code that no longer uses ${names.length > 1 ? 'them' : 'it'} first, then drop in a later release (expand/contract).`,
          key: stmtKey(file, stmt, `DROP TABLE ${names.join(',')}`),
        });
      }
    }
  },
});
