import { defineRule } from '../../src/engine/rule.js';
import { alterCmds, forwardFiles, isExistingTable, nodeLocation, qualified, stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/constraint-not-valid',
  title: 'FOREIGN KEY or CHECK added without NOT VALID',
  severity: 'high',
  description: 'Finds `ADD FOREIGN KEY` / `ADD CHECK` on an existing table without `NOT VALID`.',
  rationale:
    'Adding a validated constraint scans the whole table while holding its lock (ACCESS EXCLUSIVE for CHECK; SHARE ROW EXCLUSIVE on both tables for a foreign key), blocking writes for the duration.',
  remediation:
    'Add the constraint with `NOT VALID` (only new rows are checked, the lock is brief), then run `ALTER TABLE ... VALIDATE CONSTRAINT` in a separate migration: it takes SHARE UPDATE EXCLUSIVE and lets writes continue.',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT'],
  tags: ['postgres', 'migrations', 'locking'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
    good:
      'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n-- next migration:\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
  },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        if (!isExistingTable(file, stmt, stmt.node.relation)) continue;
        for (const cmd of alterCmds(stmt)) {
          const con = cmd.def?.Constraint;
          if (cmd.subtype !== 'AT_AddConstraint' || !con) continue;
          if (con.contype !== 'CONSTR_FOREIGN' && con.contype !== 'CONSTR_CHECK') continue;
          if (con.skip_validation || con.initially_valid !== true) continue;
          const table = qualified(stmt.node.relation);
          const what = con.contype === 'CONSTR_FOREIGN' ? `FOREIGN KEY referencing "${qualified(con.pktable)}"` : 'CHECK';
          const lock = con.contype === 'CONSTR_FOREIGN' ? `SHARE ROW EXCLUSIVE locks on "${table}" and "${qualified(con.pktable)}"` : `an ACCESS EXCLUSIVE lock on "${table}"`;
          ctx.report({
            at: nodeLocation(file, stmt, con.location),
            message:
              `ADD ${con.conname ? `CONSTRAINT ${con.conname} ` : ''}${what} on existing table "${table}" validates every row while holding ${lock}, blocking writes. ` +
              `Add it with NOT VALID, then run ALTER TABLE ${table} VALIDATE CONSTRAINT ... in a separate migration (writes continue).`,
            key: stmtKey(file, stmt, `ADD CONSTRAINT ${table} ${con.conname ?? con.contype}`),
          });
        }
      }
    }
  },
});
