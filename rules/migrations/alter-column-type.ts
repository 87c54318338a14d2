import { defineRule } from '../../src/engine/rule.js';
import type { MigrationFile, MigrationModel, SqlStatement } from '../../src/model/migration-types.js';
import { alterCmds, cmdLocation, compareVersions, displayType, existingTableAlters, forwardFiles, type Node, qualified, rangeVarName, stmtKey, typeNameOf } from './_shared.js';

/**
 * The column's type just before `stmt`, replaying CREATE TABLE / ADD COLUMN /
 * ALTER TYPE / RENAME of earlier migrations of the same set (in version order).
 */
function previousType(model: MigrationModel, file: MigrationFile, stmt: SqlStatement, table: string, column: string): Node | undefined {
  const set = file.migration?.setDir;
  const files = forwardFiles(model)
    .filter((f) => f.migration?.setDir === set && f.direction !== 'repeatable')
    .sort((a, b) => compareVersions(a.migration?.version ?? '', b.migration?.version ?? ''));
  const types = new Map<string, Node>();
  const k = (t: string, c: string) => `${t}.${c}`;
  for (const f of files) {
    for (const s of f.statements) {
      if (f === file && s.index >= stmt.index) return types.get(k(table, column));
      const n = s.node;
      if (s.kind === 'CreateStmt') {
        const t = rangeVarName(n.relation);
        for (const el of (n.tableElts ?? []) as Node[]) if (el.ColumnDef) types.set(k(t, el.ColumnDef.colname), el.ColumnDef.typeName);
      } else if (s.kind === 'AlterTableStmt') {
        const t = rangeVarName(n.relation);
        for (const c of alterCmds(s)) {
          if (c.subtype === 'AT_AddColumn' && c.def?.ColumnDef) types.set(k(t, c.def.ColumnDef.colname), c.def.ColumnDef.typeName);
          if (c.subtype === 'AT_AlterColumnType' && c.def?.ColumnDef) types.set(k(t, c.name), c.def.ColumnDef.typeName);
        }
      } else if (s.kind === 'RenameStmt' && n.renameType === 'OBJECT_COLUMN') {
        const t = rangeVarName(n.relation);
        const old = types.get(k(t, n.subname));
        if (old) types.set(k(t, n.newname), old);
      }
    }
  }
  return types.get(k(table, column));
}

const TEXTUAL = new Set(['text', 'varchar']);

/** Why the change is known not to rewrite, or undefined. */
function safeChange(oldT: Node | undefined, newT: Node, hasUsing: boolean): boolean {
  if (hasUsing) return false;
  const n = typeNameOf(newT);
  if (n.array) return false;
  if (!oldT) {
    // Unknown previous type: only the common widening targets are given the benefit of the doubt.
    return n.name === 'text' || (n.name === 'varchar' && n.mods.length === 0);
  }
  const o = typeNameOf(oldT);
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
  description:
    'Finds `ALTER COLUMN ... TYPE` on an existing table, except the changes PostgreSQL does without a rewrite (`varchar(n)` to a larger n or to `text`, dropping a length limit, raising numeric precision with the same scale).',
  rationale:
    'A type change that is not binary-compatible rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock; old application versions may also break on the new type.',
  remediation:
    'Add a new column with the new type, write to both, backfill in batches, switch reads, then drop the old column (expand/contract).',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES'],
  tags: ['postgres', 'migrations', 'locking', 'rewrite'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'ALTER TABLE events ALTER COLUMN id TYPE bigint;', good: "ALTER TABLE users ALTER COLUMN name TYPE text; -- varchar(n) -> text is metadata-only" },
  check(ctx) {
    const model = ctx.model.migrations;
    for (const { file, stmt, cmd, index: i } of existingTableAlters(model, 'AT_AlterColumnType')) {
      const col = cmd.def?.ColumnDef ?? {};
      const table = rangeVarName(stmt.node.relation);
      const oldT = previousType(model, file, stmt, table, String(cmd.name));
      const using = Boolean(col.raw_default);
      if (safeChange(oldT, col.typeName, using)) continue;
      const from = oldT ? ` from ${displayType(oldT)}` : '';
      const o = oldT ? typeNameOf(oldT) : undefined;
      const n = typeNameOf(col.typeName);
      // text/varchar -> shorter varchar(n): binary compatible, but every row is checked against the new limit.
      const scanOnly = !using && o && TEXTUAL.has(o.name) && n.name === 'varchar' && n.mods.length > 0;
      const effect = scanOnly ? 'scans every row to check the new length limit under an ACCESS EXCLUSIVE lock' : 'rewrites the table and its indexes under an ACCESS EXCLUSIVE lock';
      ctx.report({
        at: cmdLocation(file, stmt, i),
        message:
          `ALTER COLUMN "${cmd.name}" TYPE ${displayType(col.typeName)}${from} on existing table "${qualified(stmt.node.relation)}"${using ? ' with USING' : ''} ${effect}. ` +
          `Use expand/contract instead: add a new column, backfill it in batches, switch the application, then drop the old column.`,
        key: stmtKey(file, stmt, `ALTER COLUMN ${table}.${cmd.name} TYPE`),
      });
    }
  },
});
