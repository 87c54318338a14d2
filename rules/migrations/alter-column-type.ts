import { defineRule } from '../../src/engine/rule.js';
import { columnTypeBefore, existingTableAlters } from '../../src/model/migration-facts.js';
import type { SqlTypeRef } from '../../src/model/migration-types.js';
import { stmtKey } from './_shared.js';

const TEXTUAL = new Set(['text', 'varchar']);

/** Why the change is known not to rewrite, or undefined. */
function safeChange(o: SqlTypeRef | undefined, n: SqlTypeRef | undefined, hasUsing: boolean): boolean {
  if (hasUsing || !n) return false;
  if (n.array) return false;
  if (!o) {
    // Unknown previous type: only the common widening targets are given the benefit of the doubt.
    return n.name === 'text' || (n.name === 'varchar' && n.mods.length === 0);
  }
  if (o.array !== n.array) return false;
  // varchar(n) -> text / varchar / larger varchar(m): binary coercible, no rewrite (PostgreSQL 9.2+).
  if (TEXTUAL.has(o.name) && TEXTUAL.has(n.name)) {
    if (n.name === 'text' || n.mods.length === 0) return true;
    return o.name === 'varchar' && o.mods.length > 0 && n.mods[0]! >= o.mods[0]!;
  }
  // numeric(p,s) -> numeric(q,s) with q >= p, or unconstrained numeric.
  if (o.name === 'numeric' && n.name === 'numeric') {
    if (n.mods.length === 0) return true;
    return o.mods.length > 0 && n.mods[0]! >= o.mods[0]! && (n.mods[1] ?? 0) === (o.mods[1] ?? 0);
  }
  // Same type, same modifiers: a no-op.
  return o.name === n.name && JSON.stringify(o.mods) === JSON.stringify(n.mods);
}

export default defineRule({
  id: 'migrations/alter-column-type',
  title: 'Column type change that rewrites the table',
  severity: 'high',
  status: 'stable',
  description:
    'Finds `ALTER COLUMN ... TYPE` on an existing table, except the changes PostgreSQL does without a rewrite (`varchar(n)` to a larger n or to `text`, dropping a length limit, raising numeric precision with the same scale).',
  rationale:
    'A type change that is not binary-compatible rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock; old application versions may also break on the new type.',
  remediation:
    'Add a new column with the new type, write to both, backfill in batches, switch reads, then drop the old column (expand/contract).',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES'],
  tags: ['postgres', 'migrations', 'locking', 'rewrite'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'ALTER TABLE events ALTER COLUMN id TYPE bigint;', good: "ALTER TABLE users ALTER COLUMN name TYPE text; -- varchar(n) -> text is metadata-only" },
  check(ctx) {
    const model = ctx.model.migrations;
    for (const { file, stmt, table, cmd } of existingTableAlters(model)) {
      if (cmd.kind !== 'alter-column-type') continue;
      const o = columnTypeBefore(model, file, stmt, table.name, cmd.column);
      const n = cmd.type;
      const using = cmd.using;
      if (safeChange(o, n, using)) continue;
      const from = o ? ` from ${o.display}` : '';
      // text/varchar -> shorter varchar(n): binary compatible, but every row is checked against the new limit.
      const scanOnly = !using && o && TEXTUAL.has(o.name) && n?.name === 'varchar' && n.mods.length > 0;
      const effect = scanOnly ? 'scans every row to check the new length limit under an ACCESS EXCLUSIVE lock' : 'rewrites the table and its indexes under an ACCESS EXCLUSIVE lock';
      ctx.report({
        at: cmd.location,
        message:
          `ALTER COLUMN "${cmd.column}" TYPE ${n?.display ?? ''}${from} on existing table "${table.qualified}"${using ? ' with USING' : ''} ${effect}. ` +
          `Use expand/contract instead: add a new column, backfill it in batches, switch the application, then drop the old column.`,
        key: stmtKey(file, stmt, `ALTER COLUMN ${table.name}.${cmd.column} TYPE`),
      });
    }
  },
});
