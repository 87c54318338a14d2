import { defineRule } from '../../src/engine/rule.js';
import { existingTableAlters } from '../../src/model/migration-facts.js';
import { SERIAL_TYPES, stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/add-column-required',
  title: 'NOT NULL column added without a default',
  severity: 'critical',
  status: 'stable',
  description: 'Finds `ALTER TABLE ... ADD COLUMN ... NOT NULL` without a `DEFAULT` on a table that already exists.',
  rationale:
    'On a table with rows the statement fails ("column contains null values"), so the deploy stops; and even on an empty table, old application versions still running during the rollout cannot insert rows because they do not know the new column.',
  remediation:
    'Add the column as nullable (or with a constant DEFAULT, which is metadata-only since PostgreSQL 11), backfill it in batches, then add the NOT NULL constraint in a later migration (via a NOT VALID CHECK on PostgreSQL 12+).',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-COLUMN'],
  tags: ['postgres', 'migrations', 'deploy-failure', 'compatibility'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;',
    good: "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;",
  },
  check(ctx) {
    for (const { file, stmt, table, cmd } of existingTableAlters(ctx.model.migrations)) {
      if (cmd.kind !== 'add-column') continue;
      const col = cmd.column;
      const notNull = col.constraints.find((c) => c.kind === 'not-null' || c.kind === 'primary-key');
      if (!notNull) continue;
      if (col.constraints.some((c) => c.kind === 'default' || c.kind === 'identity' || c.kind === 'generated')) continue;
      if (SERIAL_TYPES.has(col.type?.name ?? '')) continue;
      ctx.report({
        at: notNull.location,
        message:
          `ADD COLUMN "${col.name}" ${notNull.kind === 'primary-key' ? 'PRIMARY KEY' : 'NOT NULL'} without a DEFAULT on existing table "${table.qualified}": the migration fails if "${table.qualified}" has rows, and running old app versions cannot insert into it. ` +
          `Add the column nullable or with a constant DEFAULT (metadata-only since PostgreSQL 11), backfill, then enforce NOT NULL in a later migration.`,
        key: stmtKey(file, stmt, `ADD COLUMN ${table.qualified}.${col.name} NOT NULL`),
      });
    }
  },
});
