/**
 * Facts about migrations that several rules need, computed in the model:
 * per-statement context (what this migration did before a statement), the
 * runner order of a migration set, and the schema history across migrations
 * ("what was column X of table T before statement N").
 */
import type { Location } from './location.js';
import type { AlterCommand, Migration, MigrationFile, MigrationModel, MigrationSet, SqlColumnDef, SqlStatement, SqlTypeRef, StatementContext, TableRef, TransactionMode, TypedStatement } from './migration-types.js';

// ------------------------------------------------------------------ statement context

/**
 * The context of every statement of one file (section), in one pass: tables and
 * indexes created by earlier statements, explicit BEGIN ... COMMIT blocks, and
 * SET lock_timeout / statement_timeout issued earlier.
 */
/** `public.users` → `users`: objects created earlier are remembered by bare name. */
function unqualified(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? name : name.slice(dot + 1);
}

export function statementContexts(statements: ReadonlyArray<{ typed: TypedStatement }>, transaction: TransactionMode): StatementContext[] {
  const tables = new Map<string, number>();
  const indexes = new Map<string, number>();
  const firstAt = (map: Map<string, number>, name: string, at: number) => {
    if (!map.has(name)) map.set(name, at);
  };
  const out: StatementContext[] = [];
  let open = false;
  // Transaction blocks: the runner's one for the whole file; or, for a file sent as one
  // multi-statement query, PostgreSQL's implicit block, split by explicit BEGIN ... COMMIT;
  // or, in autocommit, only the explicit blocks.
  let block = 0;
  const implicit = !transaction.wrapped && transaction.implicitWhenMultiStatement;
  let lockTimeout = false;
  let statementTimeout = false;
  statements.forEach(({ typed: t }, index) => {
    out.push({
      tableCreatedInThisMigration: (name) => (tables.get(unqualified(name)) ?? Infinity) < index,
      indexCreatedInThisMigration: (name) => (indexes.get(unqualified(name)) ?? Infinity) < index,
      inExplicitTransaction: open,
      runnerWrapsInTransaction: transaction.wrapped,
      ...(transaction.wrapped ? { transactionBlock: 0 } : open || implicit ? { transactionBlock: block } : {}),
      lockTimeoutInForce: lockTimeout,
      statementTimeoutInForce: statementTimeout,
    });
    if (t.kind === 'transaction') {
      if (t.action === 'begin') {
        open = true;
        block++;
      } else if (t.action === 'commit' || t.action === 'rollback') {
        open = false;
        block++; // what follows starts a new (implicit) block
      }
    }
    if (setsLockTimeout(t)) lockTimeout = true;
    if ((t.kind === 'set' && t.name === 'statement_timeout') || (t.kind === 'select' && t.settings.includes('statement_timeout'))) statementTimeout = true;
    if (t.kind === 'create-table') firstAt(tables, t.table.name, index);
    else if (t.kind === 'create-table-as') firstAt(tables, t.table?.name ?? '', index);
    else if (t.kind === 'rename-table' && (tables.get(t.table?.name ?? '') ?? Infinity) < index) firstAt(tables, t.newName, index);
    else if (t.kind === 'create-index' && t.name) firstAt(indexes, t.name, index);
  });
  return out;
}

/** `SET lock_timeout` or `SELECT set_config('lock_timeout', ...)`. */
export function setsLockTimeout(t: TypedStatement): boolean {
  return (t.kind === 'set' && t.name === 'lock_timeout') || (t.kind === 'select' && t.settings.includes('lock_timeout'));
}

/** True when the statement works on a table that existed before this migration (or names none). */
export function onExistingTable(stmt: SqlStatement, table: { name: string } | undefined): boolean {
  return !table?.name || !stmt.context.tableCreatedInThisMigration(table.name);
}

/**
 * PostgreSQL 12+ lets ALTER TYPE ... ADD VALUE run in a transaction, but refuses to use the value
 * before that transaction commits ("unsafe use of new value"). The first later statement of the
 * same transaction that writes the new value as a string literal, located at the literal.
 */
export function newEnumValueUse(file: MigrationFile, stmt: SqlStatement): { at: Location; value: string; type: string } | undefined {
  const t = stmt.typed;
  if (t.kind !== 'alter-enum' || t.action !== 'add-value' || !t.value) return undefined;
  const block = stmt.context.transactionBlock;
  if (block === undefined) return undefined;
  const literal = `'${t.value.replace(/'/g, "''")}'`;
  for (const later of file.statements) {
    if (later.index <= stmt.index || later.context.transactionBlock !== block) continue;
    const tok = later.tokens().find((k) => k.kind === 'SCONST' && k.text === literal);
    if (tok) return { at: file.locate(tok.start, tok.end), value: t.value, type: t.type };
  }
  return undefined;
}

// ------------------------------------------------------------------ runner order

/** Files that run when migrating forward (not down/undo scripts). */
export function forwardFiles(model: MigrationModel): MigrationFile[] {
  return model.files.filter((f) => f.direction === 'up' || f.direction === 'single' || f.direction === 'repeatable');
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

const setOrders = new WeakMap<MigrationSet, Migration[]>();

/** The migrations of a set in the order the runner applies them: by version, ties in path order. */
export function migrationsInRunnerOrder(set: MigrationSet): Migration[] {
  let out = setOrders.get(set);
  if (!out) {
    out = [...set.migrations].sort((a, b) => compareVersions(a.version, b.version));
    setOrders.set(set, out);
  }
  return out;
}

const runnerOrders = new WeakMap<MigrationModel, Map<string, MigrationFile[]>>();

/** The forward files of the migration set in `setDir`, in the order the runner applies them (by version; ties keep path order). */
export function forwardFilesInRunnerOrder(model: MigrationModel, setDir: string | undefined): MigrationFile[] {
  let bySet = runnerOrders.get(model);
  if (!bySet) {
    bySet = new Map();
    for (const f of forwardFiles(model)) {
      const k = f.migration?.setDir ?? '';
      const list = bySet.get(k);
      if (list) list.push(f);
      else bySet.set(k, [f]);
    }
    for (const list of bySet.values()) list.sort((a, b) => compareVersions(a.migration?.version ?? '', b.migration?.version ?? ''));
    runnerOrders.set(model, bySet);
  }
  // Files without a migration sort under '' like those of the root set; the rules only ask for a file's own set.
  return bySet.get(setDir ?? '') ?? [];
}

// ------------------------------------------------------------------ schema history

/**
 * Each statement of the set's forward files before `stmt` of `file`, in runner
 * order (the statements the database has seen when `stmt` runs).
 */
function* statementsBefore(model: MigrationModel, file: MigrationFile, stmt: SqlStatement, includeRepeatable: boolean): Generator<SqlStatement> {
  for (const f of forwardFilesInRunnerOrder(model, file.migration?.setDir)) {
    if (!includeRepeatable && f.direction === 'repeatable') continue;
    for (const s of f.statements) {
      if (f === file && s.index >= stmt.index) return;
      yield s;
    }
  }
}

/**
 * The type column `column` of `table` had just before `stmt`, replaying CREATE
 * TABLE / ADD COLUMN / ALTER TYPE / RENAME COLUMN of the versioned migrations
 * of the same set in runner order; undefined when no earlier statement says.
 */
export function columnTypeBefore(model: MigrationModel, file: MigrationFile, stmt: SqlStatement, table: string, column: string): SqlTypeRef | undefined {
  const types = new Map<string, SqlTypeRef | undefined>();
  const k = (t: string, c: string) => `${t}.${c}`;
  for (const s of statementsBefore(model, file, stmt, false)) {
    const t = s.typed;
    if (t.kind === 'create-table') {
      for (const c of t.columns) types.set(k(t.table.name, c.name), c.type);
    } else if (t.kind === 'alter-table') {
      const name = t.table?.name ?? '';
      for (const c of t.commands) {
        if (c.kind === 'add-column') types.set(k(name, c.column.name), c.column.type);
        if (c.kind === 'alter-column-type') types.set(k(name, c.column), c.type);
      }
    } else if (t.kind === 'rename-column') {
      const name = t.table?.name ?? '';
      const old = types.get(k(name, t.column));
      if (old) types.set(k(name, t.newName), old);
    }
  }
  return types.get(k(table, column));
}

/**
 * True when a validated `CHECK (column IS NOT NULL)` on `table` exists before
 * `stmt`: added valid, or added NOT VALID and later validated (by name), in
 * the forward files of the same set in runner order.
 */
export function validatedNotNullCheckBefore(model: MigrationModel, file: MigrationFile, stmt: SqlStatement, table: string, column: string): boolean {
  const pending = new Set<string>();
  let valid = false;
  for (const s of statementsBefore(model, file, stmt, true)) {
    const t = s.typed;
    if (t.kind !== 'alter-table' || (t.table?.name ?? '') !== table) continue;
    for (const c of t.commands) {
      if (c.kind === 'add-constraint' && c.constraint.kind === 'check' && c.constraint.notNullCheckOf === column) {
        if (!c.constraint.validated) pending.add(c.constraint.name ?? '');
        else valid = true;
      }
      if (c.kind === 'validate-constraint' && pending.has(c.name)) valid = true;
    }
  }
  return valid;
}

// ------------------------------------------------------------------ column definitions

export interface ColumnSite {
  file: MigrationFile;
  stmt: SqlStatement;
  table: string;
  column: SqlColumnDef;
  via: 'create' | 'add' | 'alter-type';
}

/** Every column definition of CREATE TABLE, ADD COLUMN and ALTER COLUMN ... TYPE in forward files. */
export function* columnSites(model: MigrationModel): Generator<ColumnSite> {
  for (const file of forwardFiles(model)) {
    for (const stmt of file.statements) {
      const t = stmt.typed;
      if (t.kind === 'create-table') {
        for (const column of t.columns) if (column.type) yield { file, stmt, table: t.table.qualified, column, via: 'create' };
      } else if (t.kind === 'alter-table') {
        const table = t.table?.qualified ?? '';
        for (const c of t.commands) {
          if (c.kind === 'add-column' && c.column.type) yield { file, stmt, table, column: c.column, via: 'add' };
          if (c.kind === 'alter-column-type' && c.type) {
            yield { file, stmt, table, column: { name: c.column, type: c.type, constraints: [], location: c.type.location, inTablePrimaryKey: false }, via: 'alter-type' };
          }
        }
      }
    }
  }
}

// ------------------------------------------------------------------ ALTER TABLE on existing tables

/** Each ALTER TABLE sub-command, in forward files, on a table not created earlier in the same migration. */
export function* existingTableAlters(model: MigrationModel): Generator<{ file: MigrationFile; stmt: SqlStatement; table: TableRef; cmd: AlterCommand }> {
  for (const file of forwardFiles(model)) {
    for (const stmt of file.statements) {
      const t = stmt.typed;
      if (t.kind !== 'alter-table' || !onExistingTable(stmt, t.table)) continue;
      const table = t.table ?? { name: '', qualified: '' };
      for (const cmd of t.commands) yield { file, stmt, table, cmd };
    }
  }
}
