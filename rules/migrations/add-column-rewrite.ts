import { defineRule } from '../../src/engine/rule.js';
import { postgresVersion } from './_settings.js';
import type { Location } from '../../src/model/location.js';
import { existingTableAlters } from '../../src/model/migration-facts.js';
import { volatileDefaultCall } from '../../src/model/sql-functions.js';
import { SERIAL_TYPES, stmtKey } from './_shared.js';


export default defineRule({
  id: 'migrations/add-column-rewrite',
  title: 'ADD COLUMN that rewrites the table',
  severity: 'high',
  status: 'stable',
  description:
    'Finds columns added to an existing table with a volatile DEFAULT (`random()`, `gen_random_uuid()`, `clock_timestamp()`, `nextval`, and any function not known to be immutable or stable, such as a user-defined one), any DEFAULT before PostgreSQL 11, `GENERATED ... STORED`, identity or `serial`.',
  rationale:
    'These force PostgreSQL to rewrite every row while holding an ACCESS EXCLUSIVE lock: the table is unreadable and unwritable for the whole rewrite. A constant DEFAULT is metadata-only since PostgreSQL 11.',
  remediation:
    'Add the column without the default (or with a constant one), set the default for new rows with `ALTER COLUMN ... SET DEFAULT`, and backfill existing rows in batches.',
  references: [
    'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
    'https://www.postgresql.org/docs/current/ddl-alter.html#DDL-ALTER-ADDING-A-COLUMN',
  ],
  tags: ['postgres', 'migrations', 'locking', 'rewrite'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    good: 'ALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();\n-- then backfill in batches',
  },
  check(ctx) {
    for (const { file, stmt, table, cmd } of existingTableAlters(ctx.model.migrations)) {
      if (cmd.kind !== 'add-column') continue;
      const col = cmd.column;
      const cons = col.constraints;
      const type = col.type;
      let why: string | undefined;
      let at: Location | undefined;
      const def = cons.find((c) => c.kind === 'default');
      const gen = cons.find((c) => c.kind === 'generated');
      const ident = cons.find((c) => c.kind === 'identity');
      if (type && SERIAL_TYPES.has(type.name)) {
        why = `type ${type.name} fills every existing row from a sequence`;
        at = type.location;
      } else if (gen) {
        why = 'a GENERATED ... STORED column is computed and written for every existing row';
        at = gen.location;
      } else if (ident) {
        why = 'an identity column fills every existing row from a sequence';
        at = ident.location;
      } else if (def) {
        const vol = volatileDefaultCall(def.calls);
        if (vol) {
          why =
            vol.known === 'volatile'
              ? `the DEFAULT calls volatile ${vol.call}(), which is evaluated for every existing row`
              : `the DEFAULT calls ${vol.call}(), which is not a built-in known to be immutable or stable: unless that function is declared IMMUTABLE or STABLE, PostgreSQL evaluates it for every existing row`;
          at = def.location;
        } else if (postgresVersion(ctx.config) < 11) {
          why = `any DEFAULT rewrites the table before PostgreSQL 11 (configured postgres.version ${postgresVersion(ctx.config)})`;
          at = def.location;
        }
      }
      if (!why) continue;
      ctx.report({
        at: at ?? col.location,
        message:
          `ADD COLUMN "${col.name}" on existing table "${table.qualified}" rewrites the whole table under an ACCESS EXCLUSIVE lock: ${why}. ` +
          `Add the column without it, set the default for new rows separately, and backfill existing rows in batches.`,
        key: stmtKey(file, stmt, `ADD COLUMN ${table.qualified}.${col.name}`),
      });
    }
  },
});
