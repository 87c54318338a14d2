/**
 * Helpers shared by the migration rules (not a rule itself). Everything here
 * reads the libpg-query AST lifted into `MigrationModel`; nothing parses SQL
 * text with regular expressions.
 */
import type { Location } from '../../src/model/location.js';
import type { Migration, MigrationFile, MigrationModel, SqlStatement, SqlToken } from '../../src/model/migration-types.js';

export type Node = Record<string, any>;

/** Files that run when migrating forward (not down/undo scripts). */
export function forwardFiles(model: MigrationModel): MigrationFile[] {
  return model.files.filter((f) => f.direction === 'up' || f.direction === 'single' || f.direction === 'repeatable');
}

/** `schema.name` lower-cased as PostgreSQL folds unquoted names (libpg-query already folds them). */
export function rangeVarName(rv: Node | undefined): string {
  if (!rv) return '';
  return String(rv.relname ?? '');
}

export function qualified(rv: Node | undefined): string {
  if (!rv) return '';
  return rv.schemaname ? `${rv.schemaname}.${rv.relname}` : String(rv.relname ?? '');
}

/** Names of a `List` of `String` nodes, e.g. `DropStmt.objects[i]`. */
export function listNames(list: Node | undefined): string[] {
  const items = (list?.List?.items ?? []) as Node[];
  return items.map((i) => String(i.String?.sval ?? ''));
}

export function typeNameOf(tn: Node | undefined): { name: string; mods: number[]; array: boolean } {
  const names = ((tn?.names ?? []) as Node[]).map((n) => String(n.String?.sval ?? ''));
  const name = names.filter((n) => n !== 'pg_catalog').join('.');
  const mods = ((tn?.typmods ?? []) as Node[]).map((m) => Number(m.A_Const?.ival?.ival ?? NaN));
  return { name: name.toLowerCase(), mods, array: Array.isArray(tn?.arrayBounds) && tn.arrayBounds.length > 0 };
}

export function displayType(tn: Node | undefined): string {
  const t = typeNameOf(tn);
  const pretty: Record<string, string> = { int4: 'integer', int2: 'smallint', int8: 'bigint', varchar: 'varchar', bpchar: 'char', timestamp: 'timestamp', timestamptz: 'timestamptz' };
  const base = pretty[t.name] ?? t.name;
  return `${base}${t.mods.length && t.mods.every((m) => !Number.isNaN(m)) ? `(${t.mods.join(',')})` : ''}${t.array ? '[]' : ''}`;
}

export const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** AlterTableCmd nodes of an AlterTableStmt. */
export function alterCmds(stmt: SqlStatement): Node[] {
  if (stmt.kind !== 'AlterTableStmt') return [];
  return ((stmt.node.cmds ?? []) as Node[]).map((c) => c.AlterTableCmd as Node).filter(Boolean);
}

/**
 * Each ALTER TABLE sub-command of the given kinds (`AT_AddColumn`, ...) on a
 * table not created earlier in the same migration, in forward files; `index`
 * is the sub-command's position within its statement.
 */
export function* existingTableAlters(model: MigrationModel, ...subtypes: string[]): Generator<{ file: MigrationFile; stmt: SqlStatement; cmd: Node; index: number }> {
  for (const file of forwardFiles(model)) {
    for (const stmt of file.statements) {
      if (!isExistingTable(file, stmt, stmt.node.relation)) continue;
      const cmds = alterCmds(stmt);
      for (let index = 0; index < cmds.length; index++) {
        if (subtypes.includes(cmds[index]!.subtype)) yield { file, stmt, cmd: cmds[index]!, index };
      }
    }
  }
}

export function constraintsOf(colDef: Node | undefined): Node[] {
  return ((colDef?.constraints ?? []) as Node[]).map((c) => c.Constraint as Node).filter(Boolean);
}

/** A statement's explicit transaction control, if it is one. */
export function transactionKind(stmt: SqlStatement): 'begin' | 'commit' | 'rollback' | 'other' | undefined {
  if (stmt.kind !== 'TransactionStmt') return undefined;
  const k = String(stmt.node.kind);
  if (k === 'TRANS_STMT_BEGIN' || k === 'TRANS_STMT_START') return 'begin';
  if (k === 'TRANS_STMT_COMMIT') return 'commit';
  if (k === 'TRANS_STMT_ROLLBACK') return 'rollback';
  return 'other';
}

/** Names known "before statement i" of a file: each name with the index of the statement that first introduced it. */
export interface NamesBefore {
  has(name: string): boolean;
}

interface FileIndex {
  /** Table name → index of the statement that first created it (CREATE TABLE, CREATE TABLE AS, renamed from a created table). */
  tables: Map<string, number>;
  /** Index name → index of the CREATE INDEX that first created it. */
  indexes: Map<string, number>;
  /** Indexes of the statements that sit between an explicit BEGIN and its COMMIT/ROLLBACK. */
  inTransaction: Set<number>;
}

// Built once per file: rules ask these questions for every statement, and
// rescanning the earlier statements each time was quadratic on seed migrations.
const fileIndexes = new WeakMap<MigrationFile, FileIndex>();

function fileIndex(file: MigrationFile): FileIndex {
  let ix = fileIndexes.get(file);
  if (ix) return ix;
  ix = { tables: new Map(), indexes: new Map(), inTransaction: new Set() };
  const firstAt = (map: Map<string, number>, name: string, at: number) => {
    if (!map.has(name)) map.set(name, at);
  };
  let open = false;
  for (const s of file.statements) {
    if (open) ix.inTransaction.add(s.index);
    const k = transactionKind(s);
    if (k === 'begin') open = true;
    else if (k === 'commit' || k === 'rollback') open = false;
    if (s.kind === 'CreateStmt') firstAt(ix.tables, rangeVarName(s.node.relation), s.index);
    else if (s.kind === 'CreateTableAsStmt') firstAt(ix.tables, rangeVarName(s.node.into?.rel), s.index);
    else if (s.kind === 'RenameStmt' && s.node.renameType === 'OBJECT_TABLE' && (ix.tables.get(rangeVarName(s.node.relation)) ?? Infinity) < s.index) {
      firstAt(ix.tables, String(s.node.newname), s.index);
    } else if (s.kind === 'IndexStmt' && s.node.idxname) firstAt(ix.indexes, String(s.node.idxname), s.index);
  }
  fileIndexes.set(file, ix);
  return ix;
}

function before(map: Map<string, number>, index: number): NamesBefore {
  return { has: (name) => (map.get(name) ?? Infinity) < index };
}

/** True when statement `index` of `file` sits between an explicit BEGIN and its COMMIT/ROLLBACK. */
export function inExplicitTransaction(file: MigrationFile, index: number): boolean {
  return fileIndex(file).inTransaction.has(index);
}

/**
 * Tables created by statements before `index` in the same migration file
 * (section). A table created earlier in the same migration is empty and
 * invisible to running code, so locks on it do not matter.
 */
export function createdBefore(file: MigrationFile, index: number): NamesBefore {
  return before(fileIndex(file).tables, index);
}

export function isExistingTable(file: MigrationFile, stmt: SqlStatement, rv: Node | undefined): boolean {
  const name = rangeVarName(rv);
  if (!name) return true;
  return !createdBefore(file, stmt.index).has(name);
}

/** Indexes created earlier in the same file (for DROP INDEX of a just-created index). */
export function indexesCreatedBefore(file: MigrationFile, index: number): NamesBefore {
  return before(fileIndex(file).indexes, index);
}

// ------------------------------------------------------------------ locations

/** Location of a node by its byte `location`, spanning to the end of its line within the statement. */
export function nodeLocation(file: MigrationFile, stmt: SqlStatement, byteLoc: number | undefined): Location {
  if (typeof byteLoc !== 'number' || byteLoc < 0) return stmt.location;
  const loc = file.locateBytes(stmt.nodeByteBase + byteLoc, stmt.nodeByteBase + byteLoc);
  const startOffset = file.file.lines.offsetOf(loc.startLine, loc.startColumn);
  const lineEnd = file.file.text.indexOf('\n', startOffset);
  let end = Math.min(stmt.end, lineEnd === -1 ? file.file.text.length : lineEnd);
  while (end > startOffset && /[\s,;\r]/.test(file.file.text[end - 1]!)) end--;
  return file.locate(startOffset, Math.max(end, startOffset + 1));
}

/**
 * Token ranges of the commands of an ALTER TABLE (split at top-level commas
 * after the table name). Used to point at the offending clause when the AST
 * node carries no location (SET NOT NULL, DROP COLUMN, ALTER ... TYPE).
 */
export function alterCmdLocations(file: MigrationFile, stmt: SqlStatement): Location[] {
  const toks = stmt.tokens();
  const relLoc = stmt.node.relation?.location;
  if (!toks.length || typeof relLoc !== 'number') return [];
  const relStart = file.locateBytes(stmt.nodeByteBase + relLoc, stmt.nodeByteBase + relLoc);
  const relOffset = file.file.lines.offsetOf(relStart.startLine, relStart.startColumn);
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
      if (segStart && last) ranges.push(file.locate(segStart.start, last.end));
      segStart = undefined;
      continue;
    }
    if (t.text === ';') break;
    segStart ??= t;
    last = t;
  }
  if (segStart && last) ranges.push(file.locate(segStart.start, last.end));
  return ranges;
}

export function cmdLocation(file: MigrationFile, stmt: SqlStatement, cmdIndex: number): Location {
  return alterCmdLocations(file, stmt)[cmdIndex] ?? stmt.location;
}

/** Location of the first token equal (case-insensitive) to `word` in a statement, else the statement. */
export function tokenLocation(file: MigrationFile, stmt: SqlStatement, word: string): Location {
  const t = stmt.tokens().find((x) => x.text.toUpperCase() === word.toUpperCase());
  return t ? file.locate(t.start, t.end) : stmt.location;
}

/** Location of the statement's first line only (long statements would otherwise span many lines). */
export function headLocation(file: MigrationFile, stmt: SqlStatement): Location {
  const text = file.file.text;
  const nl = text.indexOf('\n', stmt.start);
  const end = nl === -1 || nl > stmt.end ? stmt.end : nl;
  let e = end;
  while (e > stmt.start && /\s/.test(text[e - 1]!)) e--;
  return file.locate(stmt.start, e);
}

// ------------------------------------------------------------------ messages and keys

export function migrationId(m: Migration | undefined, file: MigrationFile): string {
  if (!m) return file.file.path;
  return `${m.setDir ? `${m.setDir}/` : ''}${m.version}${m.name && m.name !== m.version ? `_${m.name}` : ''}${file.direction === 'down' || file.direction === 'undo' ? ' (down)' : ''}`;
}

/** A short normalised head of the statement for fingerprints (no line numbers). */
export function stmtKey(file: MigrationFile, stmt: SqlStatement, detail?: string): string {
  const head = stmt.text.replace(/\s+/g, ' ').slice(0, 80);
  return `${migrationId(file.migration, file)} stmt:${detail ?? head}`;
}

/** `(runner: sqlx — Cargo.toml depends on sqlx)` */
export function runnerNote(file: MigrationFile): string {
  const m = file.migration;
  if (!m) return '';
  if (m.runner === 'unknown') return ` (migration runner unknown: ${m.runnerReason})`;
  return ` (runner: ${m.runner}, assumed because ${m.runnerReason})`;
}

/** How to run the file outside a transaction, only when the runner actually wraps it. */
export function leaveTransactionHint(file: MigrationFile): string {
  if (file.transaction.wrapped) return ` The runner wraps this migration in a transaction (${file.transaction.reason}); to leave it: ${file.transaction.optOut}.`;
  if (file.transaction.implicitWhenMultiStatement && file.statements.length > 1) {
    return ` This file is sent as one multi-statement query, which PostgreSQL runs as an implicit transaction: ${file.transaction.optOut}; keep the statement alone in its file.`;
  }
  return '';
}

export function isSetLockTimeout(stmt: SqlStatement): boolean {
  if (stmt.kind === 'VariableSetStmt') return stmt.node.name === 'lock_timeout';
  // SELECT set_config('lock_timeout', ...)
  if (stmt.kind === 'SelectStmt') return JSON.stringify(stmt.node).includes('"sval":"lock_timeout"');
  return false;
}

/** Versions compare as numbers part by part (flyway `1.10` > `1.9`), digits-only strings numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._-]/).map((p) => p.replace(/^0+(?=\d)/, ''));
  const pb = b.split(/[._-]/).map((p) => p.replace(/^0+(?=\d)/, ''));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return x.length - y.length || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return 0;
}

export function normalizeVersion(v: string): string {
  return v
    .split(/[._]/)
    .map((p) => p.replace(/^0+(?=\d)/, ''))
    .join('.');
}

/** Walks an AST value depth-first. */
export function walk(node: unknown, visit: (key: string, value: Node) => void): void {
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

/** First statement of a file for file-level findings, else its first line. */
export function fileAnchor(file: MigrationFile): Location {
  const s = file.statements[0];
  if (s) return headLocation(file, s);
  if (file.section) return file.locate(file.section.start, file.section.start);
  return file.file.lines.lineLocation(file.file.path, 1);
}
