/**
 * The typed SQL statement layer: turns one statement's libpg-query JSON AST
 * into a `TypedStatement` (migration-types.ts) with the locations rules report
 * at, once, when migrations are lifted. Reads the JSON only; never loads the
 * parser. Positions: libpg-query gives each node a UTF-8 byte `location`
 * relative to the text it parsed; `statement.nodeByteBase` turns it into a
 * byte offset of the file and `file.locateBytes` into a line/column.
 */
import type { Location } from './location.js';
import type {
  AlterCommand,
  MigrationFile,
  SqlColumnDef,
  SqlConstraint,
  SqlConstraintKind,
  SqlStatement,
  SqlToken,
  SqlTypeRef,
  TableRef,
  TypedStatement,
} from './migration-types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- libpg-query JSON AST, read defensively
type Node = Record<string, any>;

/** The parts of a statement the typed layer reads (everything but the results it sets). */
export type RawStatement = Omit<SqlStatement, 'head' | 'typed' | 'context'>;

/** The parts of a file the typed layer needs to compute locations. */
export type StatementFile = Pick<MigrationFile, 'file' | 'locate' | 'locateBytes'>;

// ------------------------------------------------------------------ names and types

export function tableRef(rv: Node | undefined): TableRef | undefined {
  if (!rv) return undefined;
  const name = String(rv.relname ?? '');
  return { name, qualified: rv.schemaname ? `${rv.schemaname}.${rv.relname}` : name };
}

/** Names of a `List` of `String` nodes, e.g. `DropStmt.objects[i]`. */
function listNames(list: Node | undefined): string[] {
  const items = (list?.List?.items ?? []) as Node[];
  return items.map((i) => String(i.String?.sval ?? ''));
}

const PRETTY: Record<string, string> = { int4: 'integer', int2: 'smallint', int8: 'bigint', varchar: 'varchar', bpchar: 'char', timestamp: 'timestamp', timestamptz: 'timestamptz' };

function typeRef(f: StatementFile, s: RawStatement, tn: Node | undefined, fallbackByte: number | undefined): SqlTypeRef | undefined {
  if (!tn) return undefined;
  const names = ((tn.names ?? []) as Node[]).map((n) => String(n.String?.sval ?? ''));
  const name = names.filter((n) => n !== 'pg_catalog').join('.').toLowerCase();
  const mods = ((tn.typmods ?? []) as Node[]).map((m) => Number(m.A_Const?.ival?.ival ?? NaN));
  const array = Array.isArray(tn.arrayBounds) && tn.arrayBounds.length > 0;
  const display = `${PRETTY[name] ?? name}${mods.length && mods.every((m) => !Number.isNaN(m)) ? `(${mods.join(',')})` : ''}${array ? '[]' : ''}`;
  return { name, mods, array, display, location: nodeLocation(f, s, tn.location ?? fallbackByte) };
}

/** Walks an AST value depth-first, calling `visit` for every object under a key. */
export function walkAst(node: unknown, visit: (key: string, value: Node) => void): void {
  const stack: Array<[string, unknown]> = [['', node]];
  while (stack.length) {
    const [k, v] = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([k, v[i]]);
    } else if (v && typeof v === 'object') {
      for (const [ck, cv] of Object.entries(v)) {
        if (cv && typeof cv === 'object') {
          if (!Array.isArray(cv)) visit(ck, cv as Node);
          stack.push([ck, cv]);
        }
      }
    }
  }
}

function calls(expr: unknown): string[] {
  const out: string[] = [];
  if (!expr) return out;
  walkAst({ e: expr }, (key, node) => {
    if (key !== 'FuncCall') return;
    // Schema-qualified names keep their schema: `app.next_id` is not the built-in `next_id`.
    const name = ((node.funcname ?? []) as Node[]).map((n) => n.String?.sval).filter(Boolean).join('.');
    if (name) out.push(String(name));
  });
  return out;
}

const CONTYPE: Record<string, SqlConstraintKind> = {
  CONSTR_NOTNULL: 'not-null',
  CONSTR_NULL: 'null',
  CONSTR_DEFAULT: 'default',
  CONSTR_PRIMARY: 'primary-key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_CHECK: 'check',
  CONSTR_FOREIGN: 'foreign-key',
  CONSTR_IDENTITY: 'identity',
  CONSTR_GENERATED: 'generated',
  CONSTR_EXCLUSION: 'exclusion',
};

function notNullCheckOf(expr: Node | undefined): string | undefined {
  const t = expr?.NullTest;
  if (!t || t.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = (t.arg?.ColumnRef?.fields ?? []) as Node[];
  const last = fields[fields.length - 1]?.String?.sval;
  return last === undefined ? undefined : String(last);
}

function constraint(f: StatementFile, s: RawStatement, c: Node, fallbackByte: number | undefined): SqlConstraint {
  const references = c.contype === 'CONSTR_FOREIGN' ? tableRef(c.pktable) : undefined;
  const check = c.contype === 'CONSTR_CHECK' ? notNullCheckOf(c.raw_expr) : undefined;
  return {
    kind: CONTYPE[String(c.contype)] ?? 'other',
    ...(c.conname ? { name: String(c.conname) } : {}),
    location: nodeLocation(f, s, c.location ?? fallbackByte),
    validated: !c.skip_validation && c.initially_valid === true,
    ...(c.indexname ? { usingIndex: String(c.indexname) } : {}),
    ...(references ? { references } : {}),
    keys: ((c.keys ?? []) as Node[]).map((k) => String(k.String?.sval)),
    ...(check !== undefined ? { notNullCheckOf: check } : {}),
    calls: calls(c.raw_expr),
  };
}

function columnDef(f: StatementFile, s: RawStatement, col: Node, inTablePrimaryKey: boolean): SqlColumnDef {
  const type = typeRef(f, s, col.typeName, col.location);
  return {
    name: String(col.colname ?? ''),
    ...(type ? { type } : {}),
    constraints: ((col.constraints ?? []) as Node[]).map((c) => c.Constraint as Node).filter(Boolean).map((c) => constraint(f, s, c, col.location)),
    location: nodeLocation(f, s, col.location),
    inTablePrimaryKey,
  };
}

// ------------------------------------------------------------------ locations

/** Location of a node by its byte `location`, spanning to the end of its line within the statement; else the statement. */
export function nodeLocation(f: StatementFile, s: RawStatement, byteLoc: number | undefined): Location {
  if (typeof byteLoc !== 'number' || byteLoc < 0) return s.location;
  const loc = f.locateBytes(s.nodeByteBase + byteLoc, s.nodeByteBase + byteLoc);
  const startOffset = f.file.lines.offsetOf(loc.startLine, loc.startColumn);
  const lineEnd = f.file.text.indexOf('\n', startOffset);
  let end = Math.min(s.end, lineEnd === -1 ? f.file.text.length : lineEnd);
  while (end > startOffset && /[\s,;\r]/.test(f.file.text[end - 1]!)) end--;
  return f.locate(startOffset, Math.max(end, startOffset + 1));
}

/** The statement's first line only (long statements would otherwise span many lines). */
export function headLocation(f: StatementFile, s: RawStatement): Location {
  const text = f.file.text;
  const nl = text.indexOf('\n', s.start);
  const end = nl === -1 || nl > s.end ? s.end : nl;
  let e = end;
  while (e > s.start && /\s/.test(text[e - 1]!)) e--;
  return f.locate(s.start, e);
}

/**
 * Token ranges of the commands of an ALTER TABLE (split at top-level commas
 * after the table name): the AST gives no location for SET NOT NULL, DROP
 * COLUMN or ALTER ... TYPE, so the clause is found from the tokens.
 */
function alterCmdLocations(f: StatementFile, s: RawStatement, relLoc: unknown): Location[] {
  if (typeof relLoc !== 'number') return [];
  const toks = s.tokens();
  if (!toks.length) return [];
  const relStart = f.locateBytes(s.nodeByteBase + relLoc, s.nodeByteBase + relLoc);
  const relOffset = f.file.lines.offsetOf(relStart.startLine, relStart.startColumn);
  let i = toks.findIndex((t) => t.start >= relOffset);
  if (i === -1) return [];
  // Skip the (possibly qualified) table name: IDENT [. IDENT] [*]
  i++;
  while (i + 1 < toks.length && toks[i]!.text === '.') i += 2;
  if (toks[i]?.text === '*') i++;
  const ranges: Location[] = [];
  let depth = 0;
  let segStart: SqlToken | undefined;
  let last: SqlToken | undefined;
  for (; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (t.text === ',' && depth === 0) {
      if (segStart && last) ranges.push(f.locate(segStart.start, last.end));
      segStart = undefined;
      continue;
    }
    if (t.text === ';') break;
    segStart ??= t;
    last = t;
  }
  if (segStart && last) ranges.push(f.locate(segStart.start, last.end));
  return ranges;
}

// ------------------------------------------------------------------ statements

function alterCommand(f: StatementFile, s: RawStatement, c: Node, location: Location): AlterCommand {
  const subtype = String(c.subtype ?? '');
  const base = { subtype, location };
  const col = c.def?.ColumnDef as Node | undefined;
  switch (subtype) {
    case 'AT_AddColumn':
      if (col) return { ...base, kind: 'add-column', column: columnDef(f, s, col, false) };
      break;
    case 'AT_DropColumn':
      return { ...base, kind: 'drop-column', column: String(c.name) };
    case 'AT_AlterColumnType': {
      const type = col?.typeName ? typeRef(f, s, col.typeName, undefined) : undefined;
      return { ...base, kind: 'alter-column-type', column: String(c.name), ...(type ? { type } : {}), using: Boolean(col?.raw_default) };
    }
    case 'AT_SetNotNull':
      return { ...base, kind: 'set-not-null', column: String(c.name) };
    case 'AT_AddConstraint':
      if (c.def?.Constraint) return { ...base, kind: 'add-constraint', constraint: constraint(f, s, c.def.Constraint, undefined) };
      break;
    case 'AT_ValidateConstraint':
      return { ...base, kind: 'validate-constraint', name: String(c.name) };
    case 'AT_DetachPartition':
      return { ...base, kind: 'detach-partition', concurrent: Boolean(c.def?.PartitionCmd?.concurrent) };
  }
  return { ...base, kind: 'other' };
}

/** `OBJECT_TABLE` → `table`, `OBJECT_MATVIEW` → `matview`, `REINDEX_OBJECT_INDEX` → `index`: the parser's object kinds as plain words. */
export function objectWord(raw: unknown): string {
  return String(raw ?? '').replace(/^(REINDEX_)?OBJECT_/, '').toLowerCase();
}

const hasDefElem = (list: unknown, name: string) => ((list ?? []) as Node[]).some((o) => o.DefElem?.defname === name);
/** A boolean option in a parenthesised list: `(CONCURRENTLY)` and `(CONCURRENTLY true)` are on, `(CONCURRENTLY false)` / `off` / `0` are off. */
function optionOn(list: unknown, name: string): boolean {
  const opt = ((list ?? []) as Node[]).find((o) => o.DefElem?.defname === name)?.DefElem as Node | undefined;
  if (!opt) return false;
  const arg = opt.arg as Node | undefined;
  if (!arg) return true;
  const v = String(arg.String?.sval ?? arg.Boolean?.boolval ?? arg.Integer?.ival ?? arg.A_Const?.sval?.sval ?? 'true').toLowerCase();
  return !['false', 'off', '0', 'no'].includes(v);
}
/** `COMMENT ON COLUMN app.users.id`: the relation part of a qualified name list (all but the column for columns). */
function relationOfName(items: string[], isColumn: boolean): TableRef | undefined {
  const parts = isColumn ? items.slice(0, -1) : items;
  const name = parts[parts.length - 1];
  if (!name) return undefined;
  return { name, qualified: parts.join('.') };
}
const RELATION_COMMENTS = new Set(['table', 'column', 'index', 'matview', 'view', 'foreign_table', 'sequence']);
const relations = (list: unknown, key: string): TableRef[] =>
  ((list ?? []) as Node[])
    .map((r) => (key === 'VacuumRelation' ? r.VacuumRelation?.relation : r[key]))
    .map((rv) => tableRef(rv))
    .filter((t): t is TableRef => Boolean(t));

/** The typed form of one parsed statement. */
export function typeStatement(f: StatementFile, s: RawStatement): TypedStatement {
  const n = s.node;
  switch (s.kind) {
    case 'AlterTableStmt': {
      const cmds = ((n.cmds ?? []) as Node[]).map((c) => c.AlterTableCmd as Node).filter(Boolean);
      const locs = cmds.length ? alterCmdLocations(f, s, n.relation?.location) : [];
      const table = tableRef(n.relation);
      return { kind: 'alter-table', ...(table ? { table } : {}), objectType: objectWord(n.objtype), commands: cmds.map((c, i) => alterCommand(f, s, c, locs[i] ?? s.location)) };
    }
    case 'CreateStmt': {
      const elts = (n.tableElts ?? []) as Node[];
      const pk = new Set<string>();
      for (const el of elts) {
        const c = el.Constraint;
        if (c?.contype === 'CONSTR_PRIMARY') for (const k of (c.keys ?? []) as Node[]) pk.add(String(k.String?.sval));
      }
      const columns = elts.filter((el) => el.ColumnDef).map((el) => columnDef(f, s, el.ColumnDef, pk.has(el.ColumnDef.colname)));
      const references = [
        ...columns.flatMap((c) => c.constraints.flatMap((k) => (k.references ? [k.references] : []))),
        ...elts.flatMap((el) => (el.Constraint?.contype === 'CONSTR_FOREIGN' ? [tableRef(el.Constraint.pktable)].filter((t): t is TableRef => Boolean(t)) : [])),
      ];
      return { kind: 'create-table', table: tableRef(n.relation) ?? { name: '', qualified: '' }, columns, references };
    }
    case 'CreateTableAsStmt': {
      const table = tableRef(n.into?.rel);
      return { kind: 'create-table-as', ...(table ? { table } : {}) };
    }
    case 'IndexStmt': {
      const table = tableRef(n.relation);
      const columns = ((n.indexParams ?? []) as Node[]).map((p) => p.IndexElem?.name).filter((x): x is string => typeof x === 'string');
      return { kind: 'create-index', ...(n.idxname ? { name: String(n.idxname) } : {}), ...(table ? { table } : {}), concurrent: Boolean(n.concurrent), unique: Boolean(n.unique), columns };
    }
    case 'DropStmt': {
      const names = ((n.objects ?? []) as Node[]).map((o) => listNames(o).join('.'));
      if (n.removeType === 'OBJECT_INDEX') return { kind: 'drop-index', names, concurrent: Boolean(n.concurrent) };
      if (n.removeType === 'OBJECT_TABLE') return { kind: 'drop-table', names };
      return { kind: 'drop', objectType: objectWord(n.removeType), names };
    }
    case 'RenameStmt': {
      const table = tableRef(n.relation);
      const t = table ? { table } : {};
      if (n.renameType === 'OBJECT_TABLE') return { kind: 'rename-table', ...t, newName: String(n.newname) };
      if (n.renameType === 'OBJECT_COLUMN') return { kind: 'rename-column', ...t, column: String(n.subname), newName: String(n.newname) };
      return { kind: 'rename', objectType: objectWord(n.renameType), ...t, newName: String(n.newname) };
    }
    case 'UpdateStmt':
    case 'DeleteStmt': {
      const table = tableRef(n.relation);
      return { kind: s.kind === 'UpdateStmt' ? 'update' : 'delete', ...(table ? { table } : {}), hasWhere: Boolean(n.whereClause) };
    }
    case 'VariableSetStmt':
      return { kind: 'set', name: String(n.name ?? ''), local: Boolean(n.is_local) };
    case 'SelectStmt': {
      const json = JSON.stringify(n);
      const settings = ['lock_timeout', 'statement_timeout'].filter((name) => json.includes(`"sval":"${name}"`));
      return { kind: 'select', settings, placeholder: !n.fromClause && !n.intoClause && !json.includes('"FuncCall"') };
    }
    case 'TransactionStmt': {
      const k = String(n.kind);
      const action = k === 'TRANS_STMT_BEGIN' || k === 'TRANS_STMT_START' ? 'begin' : k === 'TRANS_STMT_COMMIT' ? 'commit' : k === 'TRANS_STMT_ROLLBACK' ? 'rollback' : 'other';
      return { kind: 'transaction', action, keyword: s.text.split(/\s/)[0]!.toUpperCase() };
    }
    case 'VacuumStmt':
      return { kind: 'vacuum', full: hasDefElem(n.options, 'full'), isVacuum: Boolean(n.is_vacuumcmd), tables: relations(n.rels, 'VacuumRelation') };
    case 'ReindexStmt': {
      const table = tableRef(n.relation);
      return { kind: 'reindex', concurrent: optionOn(n.params, 'concurrently'), objectKind: objectWord(n.kind), ...(table ? { table } : {}), target: table ? table.qualified : String(n.name ?? '') };
    }
    case 'ClusterStmt': {
      const table = tableRef(n.relation);
      return { kind: 'cluster', ...(table ? { table } : {}) };
    }
    case 'LockStmt':
      return { kind: 'lock', tables: relations(n.relations, 'RangeVar'), mode: Number(n.mode ?? 8) };
    case 'TruncateStmt':
      return { kind: 'truncate', tables: relations(n.relations, 'RangeVar'), cascade: n.behavior === 'DROP_CASCADE' };
    case 'ViewStmt': {
      const view = tableRef(n.view);
      return { kind: 'create-view', ...(view ? { view } : {}) };
    }
    case 'CommentStmt': {
      const objectType = objectWord(n.objtype);
      const items = listNames(n.object);
      const table = RELATION_COMMENTS.has(objectType) ? relationOfName(items, objectType === 'column') : undefined;
      return { kind: 'comment', objectType, ...(table ? { table } : {}) };
    }
    case 'CreateTrigStmt': {
      const table = tableRef(n.relation);
      return { kind: 'create-trigger', ...(table ? { table } : {}), name: String(n.trigname ?? '') };
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const table = tableRef(n.table);
      return { kind: 'table-object', object: 'policy', ...(table ? { table } : {}), name: String(n.policy_name ?? '') };
    }
    case 'RuleStmt': {
      const table = tableRef(n.relation);
      return { kind: 'table-object', object: 'rule', ...(table ? { table } : {}), name: String(n.rulename ?? '') };
    }
    case 'AlterEnumStmt': {
      const type = ((n.typeName ?? []) as Node[]).map((x) => String(x.String?.sval ?? '')).join('.');
      const rename = n.oldVal !== undefined;
      return { kind: 'alter-enum', type, action: rename ? 'rename-value' : 'add-value', value: String(n.newVal ?? ''), ifNotExists: Boolean(n.skipIfNewValExists) };
    }
    case 'RefreshMatViewStmt': {
      const view = tableRef(n.relation);
      return { kind: 'refresh-matview', ...(view ? { view } : {}), concurrent: Boolean(n.concurrent) };
    }
    case 'GrantStmt': {
      const objectType = objectWord(n.objtype);
      const tables = objectType === 'table' && n.targtype === 'ACL_TARGET_OBJECT' ? relations(n.objects, 'RangeVar') : [];
      return { kind: 'grant', grant: Boolean(n.is_grant), objectType, tables };
    }
    default:
      return { kind: 'unknown', node: s.kind };
  }
}
