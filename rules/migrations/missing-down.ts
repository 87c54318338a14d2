import { defineRule } from '../../src/engine/rule.js';
import type { Migration } from '../../src/model/migration-types.js';
import { fileAnchor, migrationId } from './_shared.js';

/** Whether the migration's layout promises a down/undo script, and what it should be called. */
function expectedDown(m: Migration, flywayUsesUndo: boolean): string | undefined {
  const up = m.up;
  if (!up) return undefined;
  const path = up.file.path;
  switch (m.runner) {
    case 'diesel':
      return /(^|\/)up\.sql$/.test(path) ? path.replace(/up\.sql$/, 'down.sql') : undefined;
    case 'sqlx':
    case 'golang-migrate':
      return /\.up\.sql$/i.test(path) ? path.replace(/\.up\.sql$/i, '.down.sql') : undefined;
    case 'flyway':
      return flywayUsesUndo && m.prefix === 'V' ? path.replace(/\/V([^/]*)$/, '/U$1').replace(/^V/, 'U') : undefined;
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'migrations/missing-down',
  title: 'Reversible migration without a down script',
  severity: 'medium',
  status: 'stable',
  description:
    'Finds migrations whose layout is reversible (diesel, sqlx `.up.sql`, golang-migrate, Flyway undo scripts used elsewhere in the set) but that have no down/undo script.',
  rationale: 'Without a down script a bad release cannot be rolled back with the runner: the rollback needs hand-written SQL under pressure.',
  remediation: 'Add the down script that reverts the up script (or an explicit no-op with a comment saying why it cannot be reverted).',
  references: ['https://docs.rs/diesel_migrations/latest/diesel_migrations/', 'https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md'],
  tags: ['migrations', 'rollback'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    path: 'migrations/2024-01-01-000000_create_users/up.sql',
    bad: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
    good: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
    context: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ndiesel = { version = "2.2", features = ["postgres"] }\ndiesel_migrations = "2.2"\n',
    },
    goodContext: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ndiesel = { version = "2.2", features = ["postgres"] }\ndiesel_migrations = "2.2"\n',
      'migrations/2024-01-01-000000_create_users/down.sql': 'DROP TABLE users;\n',
    },
  },
  check(ctx) {
    const sets = ctx.model.migrations.sets ?? [];
    for (const set of sets) {
      const flywayUsesUndo = set.migrations.some((m) => m.down?.direction === 'undo');
      for (const m of set.migrations) {
        if (m.down || !m.up) continue;
        const expected = expectedDown(m, flywayUsesUndo);
        if (!expected) continue;
        ctx.report({
          at: fileAnchor(m.up),
          message: `Migration ${migrationId(m, m.up)} has no down script (${m.runner} expects ${expected}): it cannot be rolled back with the runner. Add ${expected}.`,
          key: `${migrationId(m, m.up)} missing-down`,
        });
      }
    }
  },
});
