import { defineRule } from '../../src/engine/rule.js';
import { existingTableAlters } from '../../src/model/migration-facts.js';
import type { SqlConstraint } from '../../src/model/migration-types.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/unique-constraint-locks',
  title: 'UNIQUE or PRIMARY KEY constraint built under lock',
  severity: 'high',
  status: 'stable',
  description: 'Finds `ADD UNIQUE` / `ADD PRIMARY KEY` (also on a new column) without `USING INDEX` on an existing table.',
  rationale:
    'The constraint builds its unique index inside ALTER TABLE while holding an ACCESS EXCLUSIVE lock: no reads or writes until the whole table is indexed.',
  remediation:
    'Build the index first with `CREATE UNIQUE INDEX CONCURRENTLY`, then attach it: `ALTER TABLE t ADD CONSTRAINT t_key UNIQUE USING INDEX t_idx` (or `PRIMARY KEY USING INDEX`), which is metadata-only.',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX'],
  tags: ['postgres', 'migrations', 'locking'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
    good: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;',
  },
  check(ctx) {
    for (const { file, stmt, table: t, cmd } of existingTableAlters(ctx.model.migrations)) {
      const table = t.qualified;
      const found: Array<{ con: SqlConstraint; col?: string }> = [];
      if (cmd.kind === 'add-constraint') found.push({ con: cmd.constraint });
      if (cmd.kind === 'add-column') for (const con of cmd.column.constraints) found.push({ con, col: cmd.column.name });
      for (const { con, col } of found) {
        if (con.kind !== 'unique' && con.kind !== 'primary-key') continue;
        if (con.usingIndex) continue;
        const kind = con.kind === 'unique' ? 'UNIQUE' : 'PRIMARY KEY';
        ctx.report({
          at: con.location,
          message:
            `${kind} ${col ? `on new column "${col}" ` : ''}of existing table "${table}" builds its index inside ALTER TABLE under an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole build. ` +
            `Create the index with CREATE UNIQUE INDEX CONCURRENTLY, then add the constraint with ${kind} USING INDEX.`,
          key: stmtKey(file, stmt, `ADD ${kind} ${table} ${con.name ?? col ?? ''}`),
        });
      }
    }
  },
});
