import { defineRule } from '../../src/engine/rule.js';
import { stmtKey } from './_shared.js';
import { existingTableAlters } from '../../src/model/migration-facts.js';

export default defineRule({
  id: 'migrations/drop-column',
  title: 'Column dropped while old code may still read it',
  severity: 'high',
  status: 'stable',
  description: 'Finds `ALTER TABLE ... DROP COLUMN` on an existing table.',
  rationale:
    'During a rolling or canary rollout, replicas of the previous release keep running next to the new one and still select, insert or map the column: they fail as soon as the migration drops it.',
  remediation:
    'Expand/contract: first deploy code that no longer reads or writes the column (ignore it in the ORM), wait until no old replica runs, then drop the column in a later release.',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN'],
  tags: ['postgres', 'migrations', 'compatibility', 'rollout'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE users DROP COLUMN legacy_name;\n',
    good: '-- release N: the new code stops writing legacy_name, so let it be NULL;\n-- drop the column in a later release, once no old replica runs.\nALTER TABLE users ALTER COLUMN legacy_name DROP NOT NULL;\n',
  },
  check(ctx) {
    for (const { file, stmt, table, cmd } of existingTableAlters(ctx.model.migrations)) {
      if (cmd.kind !== 'drop-column') continue;
      ctx.report({
        at: cmd.location,
        message:
          `DROP COLUMN "${cmd.column}" on "${table.qualified}": replicas of the previous release still running during the rollout read or write "${cmd.column}" and fail. ` +
          `Ship code that no longer uses the column first, then drop it in a later release (expand/contract).`,
        key: stmtKey(file, stmt, `DROP COLUMN ${table.qualified}.${cmd.column}`),
      });
    }
  },
});
