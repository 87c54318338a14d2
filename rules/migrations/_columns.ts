/** Column definitions of CREATE TABLE / ADD COLUMN / ALTER COLUMN TYPE statements, for the type-preference rules. */
import type { MigrationFile, MigrationModel, SqlStatement } from '../../src/model/migration-types.js';
import { alterCmds, constraintsOf, forwardFiles, qualified, type Node } from './_shared.js';

export interface ColumnSite {
  file: MigrationFile;
  stmt: SqlStatement;
  table: string;
  column: string;
  typeName: Node;
  constraints: Node[];
  /** Column is part of a table-level PRIMARY KEY (...) of the same CREATE TABLE. */
  inTablePrimaryKey: boolean;
  via: 'create' | 'add' | 'alter-type';
}

export function columnSites(model: MigrationModel): ColumnSite[] {
  const out: ColumnSite[] = [];
  for (const file of forwardFiles(model)) {
    for (const stmt of file.statements) {
      const n = stmt.node;
      if (stmt.kind === 'CreateStmt') {
        const table = qualified(n.relation);
        const elts = (n.tableElts ?? []) as Node[];
        const pk = new Set<string>();
        for (const el of elts) {
          const c = el.Constraint;
          if (c?.contype === 'CONSTR_PRIMARY') for (const k of (c.keys ?? []) as Node[]) pk.add(String(k.String?.sval));
        }
        for (const el of elts) {
          const col = el.ColumnDef;
          if (!col?.typeName) continue;
          out.push({ file, stmt, table, column: col.colname, typeName: col.typeName, constraints: constraintsOf(col), inTablePrimaryKey: pk.has(col.colname), via: 'create' });
        }
      } else if (stmt.kind === 'AlterTableStmt') {
        const table = qualified(n.relation);
        for (const c of alterCmds(stmt)) {
          const col = c.def?.ColumnDef;
          if (!col?.typeName) continue;
          if (c.subtype === 'AT_AddColumn') out.push({ file, stmt, table, column: col.colname, typeName: col.typeName, constraints: constraintsOf(col), inTablePrimaryKey: false, via: 'add' });
          if (c.subtype === 'AT_AlterColumnType') out.push({ file, stmt, table, column: String(c.name), typeName: col.typeName, constraints: [], inTablePrimaryKey: false, via: 'alter-type' });
        }
      }
    }
  }
  return out;
}
