import { defineRule } from '../../src/engine/rule.js';
import type { MigrationFile, MigrationModel, SqlStatement } from '../../src/model/migration-types.js';
import { alterCmds, cmdLocation, compareVersions, existingTableAlters, forwardFiles, type Node, qualified, rangeVarName, stmtKey } from './_shared.js';

/** `col IS NOT NULL` check expression on `column`. */
function isNotNullCheck(expr: Node | undefined, column: string): boolean {
  const t = expr?.NullTest;
  if (!t || t.nulltesttype !== 'IS_NOT_NULL') return false;
  const fields = (t.arg?.ColumnRef?.fields ?? []) as Node[];
  return fields.length > 0 && fields[fields.length - 1]!.String?.sval === column;
}

/** True when a validated CHECK (column IS NOT NULL) exists on the table before `stmt` (same set, version order). */
function validatedCheckBefore(model: MigrationModel, file: MigrationFile, stmt: SqlStatement, table: string, column: string): boolean {
  const set = file.migration?.setDir;
  const files = forwardFiles(model)
    .filter((f) => f.migration?.setDir === set)
    .sort((a, b) => compareVersions(a.migration?.version ?? '', b.migration?.version ?? ''));
  const pending = new Set<string>();
  let valid = false;
  for (const f of files) {
    for (const s of f.statements) {
      if (f === file && s.index >= stmt.index) return valid;
      if (s.kind !== 'AlterTableStmt' || rangeVarName(s.node.relation) !== table) continue;
      for (const c of alterCmds(s)) {
        const con = c.def?.Constraint;
        if (c.subtype === 'AT_AddConstraint' && con?.contype === 'CONSTR_CHECK' && isNotNullCheck(con.raw_expr, column)) {
          if (con.skip_validation || con.initially_valid !== true) pending.add(String(con.conname ?? ''));
          else valid = true;
        }
        if (c.subtype === 'AT_ValidateConstraint' && pending.has(String(c.name))) valid = true;
      }
    }
  }
  return valid;
}

export default defineRule({
  id: 'migrations/set-not-null',
  title: 'SET NOT NULL on an existing column',
  severity: 'high',
  description:
    'Finds `ALTER COLUMN ... SET NOT NULL` on an existing table, unless (PostgreSQL 12+) a validated `CHECK (col IS NOT NULL)` precedes it.',
  rationale:
    'SET NOT NULL scans the whole table to verify it under an ACCESS EXCLUSIVE lock. From PostgreSQL 12 the scan is skipped when a valid CHECK constraint already proves the column is not null.',
  remediation:
    'Add `CHECK (col IS NOT NULL) NOT VALID`, then `VALIDATE CONSTRAINT` (SHARE UPDATE EXCLUSIVE, writes continue), then `SET NOT NULL` (no scan on PG 12+), then drop the CHECK.',
  references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL'],
  tags: ['postgres', 'migrations', 'locking'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    bad: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    good:
      'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_nn;',
  },
  check(ctx) {
    const model = ctx.model.migrations;
    for (const { file, stmt, cmd, index: i } of existingTableAlters(model, 'AT_SetNotNull')) {
      const table = rangeVarName(stmt.node.relation);
      const column = String(cmd.name);
      if (ctx.postgresVersion >= 12 && validatedCheckBefore(model, file, stmt, table, column)) continue;
      const fix =
        ctx.postgresVersion >= 12
          ? `First add CHECK ("${column}" IS NOT NULL) NOT VALID and VALIDATE it (writes continue), then SET NOT NULL skips the scan.`
          : `On PostgreSQL ${ctx.postgresVersion} the scan cannot be avoided; keep a validated CHECK (col IS NOT NULL) NOT VALID constraint instead of SET NOT NULL until you upgrade to 12+.`;
      ctx.report({
        at: cmdLocation(file, stmt, i),
        message: `SET NOT NULL on "${qualified(stmt.node.relation)}"."${column}" scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes. ${fix}`,
        key: stmtKey(file, stmt, `SET NOT NULL ${table}.${column}`),
      });
    }
  },
});
