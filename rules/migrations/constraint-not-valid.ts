import { defineRule } from '../../src/engine/rule.js';
import { existingTableAlters } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/constraint-not-valid',
  title: 'FOREIGN KEY or CHECK added without NOT VALID',
  severity: 'high',
  status: 'stable',
  description:
    'Finds `ADD FOREIGN KEY` / `ADD CHECK` on an existing table without `NOT VALID` (including a foreign key added inline, `ADD COLUMN ... REFERENCES`), and a `VALIDATE CONSTRAINT` in the same transaction as the `ADD ... NOT VALID` it validates (an explicit `BEGIN`, or a runner that wraps the file), which keeps the strong lock through the validation.',
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
    // Constraints added NOT VALID, per file and name, with the transaction they were added in.
    const notValid = new Map<string, { block: number | undefined; line: number; lock: string }>();
    for (const { file, stmt, table: t, cmd } of existingTableAlters(ctx.model.migrations)) {
      if (cmd.kind === 'validate-constraint') {
        const added = notValid.get(`${file.file.path}\0${t.qualified}\0${cmd.name}`);
        if (!added || added.block === undefined || added.block !== stmt.context.transactionBlock) continue;
        ctx.report({
          at: cmd.location,
          message:
            `VALIDATE CONSTRAINT ${cmd.name} runs in the same transaction as the ADD ... NOT VALID on line ${added.line}: the ${added.lock} taken by the ADD is held until COMMIT, through the whole validation scan, so NOT VALID saves nothing. ` +
            'Validate in a separate migration (or after a COMMIT), where VALIDATE takes only SHARE UPDATE EXCLUSIVE.',
          key: stmtKey(file, stmt, `VALIDATE same transaction ${t.qualified} ${cmd.name}`),
        });
        continue;
      }
      if (cmd.kind === 'add-column') {
        // `ADD COLUMN x int REFERENCES other (id)` validates like ADD CONSTRAINT ... FOREIGN KEY, and cannot say NOT VALID.
        const fk = cmd.column.constraints.find((c) => c.kind === 'foreign-key');
        if (!fk) continue;
        const ref = fk.references?.qualified ?? '';
        ctx.report({
          at: fk.location,
          message:
            `ADD COLUMN "${cmd.column.name}" ... REFERENCES "${ref}" on existing table "${t.qualified}" adds a validated foreign key: it scans "${t.qualified}" while holding SHARE ROW EXCLUSIVE locks on it and on "${ref}", blocking their writes, and an inline REFERENCES cannot be NOT VALID. ` +
            `Add the column without REFERENCES, then ALTER TABLE ${t.qualified} ADD CONSTRAINT ... FOREIGN KEY (${cmd.column.name}) REFERENCES ${ref} NOT VALID, and VALIDATE it in a separate migration.`,
          key: stmtKey(file, stmt, `ADD COLUMN REFERENCES ${t.qualified}.${cmd.column.name}`),
        });
        continue;
      }
      if (cmd.kind !== 'add-constraint') continue;
      const con = cmd.constraint;
      if (con.kind !== 'foreign-key' && con.kind !== 'check') continue;
      if (!con.validated) {
        if (con.name) {
          const lock = con.kind === 'foreign-key' ? 'SHARE ROW EXCLUSIVE lock' : 'ACCESS EXCLUSIVE lock';
          notValid.set(`${file.file.path}\0${t.qualified}\0${con.name}`, { block: stmt.context.transactionBlock, line: con.location.startLine, lock });
        }
        continue;
      }
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
