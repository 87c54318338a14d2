import { defineRule } from '../../src/engine/rule.js';
import type { SqlStatement } from '../../src/model/migration-types.js';
import { fileAnchor, migrationId } from './_shared.js';

/** `SELECT 1;` and similar placeholders: a SELECT without FROM. */
function isNoop(s: SqlStatement): boolean {
  return s.typed.kind === 'select' && s.typed.placeholder;
}

export default defineRule({
  id: 'migrations/empty-down',
  title: 'Down script that does nothing',
  severity: 'low',
  status: 'stable',
  description: 'Finds down/undo scripts that are empty, comment-only or only `SELECT 1`-style placeholders while the up script changes something.',
  rationale: 'A rollback that "succeeds" without reverting anything leaves the schema ahead of the code that was rolled back to, which fails in confusing ways.',
  remediation: 'Write the statements that revert the up script, or make the irreversibility explicit (e.g. `RAISE EXCEPTION` in a DO block) so a rollback stops loudly.',
  references: ['https://docs.rs/diesel_migrations/latest/diesel_migrations/'],
  tags: ['migrations', 'rollback'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    path: 'migrations/2024-01-01-000000_add_age/down.sql',
    bad: '-- This file should undo anything in `up.sql`\nSELECT 1;\n',
    good: 'ALTER TABLE users DROP COLUMN age;\n',
    context: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ndiesel = { version = "2.2", features = ["postgres"] }\ndiesel_migrations = "2.2"\n',
      'migrations/2024-01-01-000000_add_age/up.sql': 'ALTER TABLE users ADD COLUMN age int;\n',
    },
  },
  check(ctx) {
    for (const m of ctx.model.migrations.migrations) {
      const down = m.down;
      if (!down || !m.up || down.parseErrors.length) continue;
      const upDoesSomething = m.up.statements.some((s) => !isNoop(s));
      if (!upDoesSomething) continue;
      if (down.statements.some((s) => !isNoop(s))) continue;
      ctx.report({
        at: fileAnchor(down),
        message: `The down script of ${migrationId(m, m.up)} ${down.statements.length ? 'only holds placeholder statements' : 'is empty'}: rolling back reports success but reverts nothing. Write the statements that undo the up script, or fail loudly if it cannot be undone.`,
        key: `${migrationId(m, m.up)} empty-down`,
      });
    }
  },
});
