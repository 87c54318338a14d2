import { defineRule } from '../../src/engine/rule.js';
import { existingTableAlters } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/constraint-not-valid',
  title: 'FOREIGN KEY or CHECK added without NOT VALID',
  severity: 'high',
  status: 'stable',
  description: 'Finds `ADD FOREIGN KEY` / `ADD CHECK` on an existing table without `NOT VALID`.',
  rationale:
    'Adding a validated constraint scans the whole table while holding its lock (ACCESS EXCLUSIVE for CHECK; SHARE ROW EXCLUSIVE on both tables for a foreign key), blocking writes for the duration.',
  remediation:
    'Add the constraint with `NOT VALID` (only new rows are checked, the lock is brief), then run `ALTER TABLE ... VALIDATE CONSTRAINT` in a separate migration: it takes SHARE UPDATE EXCLUSIVE and lets writes continue.',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT'],
  tags: ['postgres', 'migrations', 'locking'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
    good:
      'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n-- next migration:\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
  },
  check(ctx) {
    for (const { file, stmt, table: t, cmd } of existingTableAlters(ctx.model.migrations)) {
      if (cmd.kind !== 'add-constraint') continue;
      const con = cmd.constraint;
      if (con.kind !== 'foreign-key' && con.kind !== 'check') continue;
      if (!con.validated) continue;
      const table = t.qualified;
      const ref = con.references?.qualified ?? '';
      const what = con.kind === 'foreign-key' ? `FOREIGN KEY referencing "${ref}"` : 'CHECK';
      const lock = con.kind === 'foreign-key' ? `SHARE ROW EXCLUSIVE locks on "${table}" and "${ref}"` : `an ACCESS EXCLUSIVE lock on "${table}"`;
      ctx.report({
        at: con.location,
        message:
          `ADD ${con.name ? `CONSTRAINT ${con.name} ` : ''}${what} on existing table "${table}" validates every row while holding ${lock}, blocking writes. ` +
          `Add it with NOT VALID, then run ALTER TABLE ${table} VALIDATE CONSTRAINT ... in a separate migration (writes continue).`,
        key: stmtKey(file, stmt, `ADD CONSTRAINT ${table} ${con.name ?? (con.kind === 'foreign-key' ? 'CONSTR_FOREIGN' : 'CONSTR_CHECK')}`),
      });
    }
  },
});
