import { defineRule } from '../../src/engine/rule.js';
import { alterCmds, constraintsOf, forwardFiles, isExistingTable, nodeLocation, qualified, stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/unique-constraint-locks',
  title: 'UNIQUE or PRIMARY KEY constraint built under lock',
  severity: 'high',
  description: 'Finds `ADD UNIQUE` / `ADD PRIMARY KEY` (also on a new column) without `USING INDEX` on an existing table.',
  rationale:
    'The constraint builds its unique index inside ALTER TABLE while holding an ACCESS EXCLUSIVE lock: no reads or writes until the whole table is indexed.',
  remediation:
    'Build the index first with `CREATE UNIQUE INDEX CONCURRENTLY`, then attach it: `ALTER TABLE t ADD CONSTRAINT t_key UNIQUE USING INDEX t_idx` (or `PRIMARY KEY USING INDEX`), which is metadata-only.',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX'],
  tags: ['postgres', 'migrations', 'locking'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
    good: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;',
  },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      for (const stmt of file.statements) {
        if (!isExistingTable(file, stmt, stmt.node.relation)) continue;
        const table = qualified(stmt.node.relation);
        for (const cmd of alterCmds(stmt)) {
          const found: Array<{ con: any; col?: string }> = [];
          if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) found.push({ con: cmd.def.Constraint });
          if (cmd.subtype === 'AT_AddColumn') for (const con of constraintsOf(cmd.def?.ColumnDef)) found.push({ con, col: cmd.def.ColumnDef.colname });
          for (const { con, col } of found) {
            if (con.contype !== 'CONSTR_UNIQUE' && con.contype !== 'CONSTR_PRIMARY') continue;
            if (con.indexname) continue;
            const kind = con.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY';
            ctx.report({
              at: nodeLocation(file, stmt, con.location),
              message:
                `${kind} ${col ? `on new column "${col}" ` : ''}of existing table "${table}" builds its index inside ALTER TABLE under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole build. ` +
                `Create the index with CREATE UNIQUE INDEX CONCURRENTLY, then add the constraint with ${kind} USING INDEX.`,
              key: stmtKey(file, stmt, `ADD ${kind} ${table} ${con.conname ?? col ?? ''}`),
            });
          }
        }
      }
    }
  },
});
