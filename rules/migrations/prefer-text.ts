import { defineRule } from '../../src/engine/rule.js';
import { columnSites } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/prefer-text',
  title: 'varchar(n) instead of text',
  severity: 'info',
  status: 'stable',
  description: 'Finds columns declared `varchar(n)` (a length-limited varchar) in CREATE TABLE, ADD COLUMN or ALTER COLUMN TYPE.',
  rationale:
    'In PostgreSQL `varchar(n)` is `text` plus a length check; raising the limit later is a schema change, and the limit is rarely a real business rule. `text` with a CHECK (length(col) <= n) is as fast and the CHECK can be changed with NOT VALID.',
  remediation: 'Use `text`, with `CHECK (char_length(col) <= n)` where a limit is really needed.',
  references: ['https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_varchar.28n.29_by_default'],
  tags: ['postgres', 'migrations', 'schema-design'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'CREATE TABLE users (name varchar(255));', good: 'CREATE TABLE users (name text CHECK (char_length(name) <= 255));' },
  check(ctx) {
    for (const site of columnSites(ctx.model.migrations)) {
      const t = site.column.type!;
      if (t.name !== 'varchar' || t.mods.length === 0) continue;
      ctx.report({
        at: site.column.type!.location,
        message: `Column "${site.table}"."${site.column.name}" is varchar(${t.mods[0]}): in PostgreSQL that is text with a length check that is awkward to change later. Prefer text, with a CHECK constraint if the limit is a real rule.`,
        key: stmtKey(site.file, site.stmt, `varchar ${site.table}.${site.column.name}`),
      });
    }
  },
});
