import { defineRule } from '../../src/engine/rule.js';
import { postgresVersion } from './_settings.js';
import { existingTableAlters, validatedNotNullCheckBefore } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/set-not-null',
  title: 'SET NOT NULL on an existing column',
  severity: 'high',
  status: 'stable',
  description:
    'Finds `ALTER COLUMN ... SET NOT NULL` on an existing table, unless (PostgreSQL 12+) a validated `CHECK (col IS NOT NULL)` precedes it.',
  rationale:
    'SET NOT NULL scans the whole table to verify it under an ACCESS EXCLUSIVE lock. From PostgreSQL 12 the scan is skipped when a valid CHECK constraint already proves the column is not null.',
  remediation:
    'Add `CHECK (col IS NOT NULL) NOT VALID`, then `VALIDATE CONSTRAINT` (SHARE UPDATE EXCLUSIVE, writes continue), then `SET NOT NULL` (no scan on PG 12+), then drop the CHECK.',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL'],
  tags: ['postgres', 'migrations', 'locking'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    good:
      'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_nn;',
  },
  check(ctx) {
    const model = ctx.model.migrations;
    for (const { file, stmt, table, cmd } of existingTableAlters(model)) {
      if (cmd.kind !== 'set-not-null') continue;
      const column = cmd.column;
      if (postgresVersion(ctx.config) >= 12 && validatedNotNullCheckBefore(model, file, stmt, table.name, column)) continue;
      const fix =
        postgresVersion(ctx.config) >= 12
          ? `First add CHECK ("${column}" IS NOT NULL) NOT VALID and VALIDATE it (writes continue), then SET NOT NULL skips the scan.`
          : `On PostgreSQL ${postgresVersion(ctx.config)} the scan cannot be avoided; keep a validated CHECK (col IS NOT NULL) NOT VALID constraint instead of SET NOT NULL until you upgrade to 12+.`;
      ctx.report({
        at: cmd.location,
        message: `SET NOT NULL on "${table.qualified}"."${column}" scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes. ${fix}`,
        key: stmtKey(file, stmt, `SET NOT NULL ${table.name}.${column}`),
      });
    }
  },
});
