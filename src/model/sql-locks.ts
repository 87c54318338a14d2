/**
 * One table of the heavyweight locks a migration statement takes: statement
 * kind → the relation(s) it locks → the PostgreSQL lock mode → the modes that
 * mode conflicts with, summarised as "blocks reads" / "blocks writes". Rules
 * that talk about locks (missing-lock-timeout, blocking-maintenance) read it
 * instead of deciding lock levels themselves.
 *
 * Sources (PostgreSQL documentation, "Explicit Locking" table-level lock modes
 * and the conflict table; the per-command pages; ALTER TABLE's per-subcommand
 * lock notes, which follow AlterTableGetLockLevel in tablecmds.c):
 *
 * - ACCESS EXCLUSIVE: DROP TABLE, TRUNCATE, REINDEX (on the index), CLUSTER,
 *   VACUUM FULL, REFRESH MATERIALIZED VIEW without CONCURRENTLY, DROP INDEX,
 *   DROP TRIGGER, CREATE/ALTER POLICY, CREATE RULE, most ALTER TABLE forms, and
 *   LOCK TABLE without a mode.
 * - EXCLUSIVE: REFRESH MATERIALIZED VIEW CONCURRENTLY.
 * - SHARE ROW EXCLUSIVE: CREATE TRIGGER, ENABLE/DISABLE TRIGGER, ADD FOREIGN
 *   KEY (on both tables; also a CREATE TABLE whose foreign key references an
 *   existing table).
 * - SHARE: CREATE INDEX without CONCURRENTLY; REINDEX on the parent table.
 * - SHARE UPDATE EXCLUSIVE: VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY,
 *   REINDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, CREATE STATISTICS,
 *   COMMENT ON, ALTER TABLE SET STATISTICS / VALIDATE CONSTRAINT / CLUSTER ON /
 *   SET WITHOUT CLUSTER / column SET (options) / ATTACH PARTITION (parent) /
 *   DETACH PARTITION CONCURRENTLY.
 * - GRANT / REVOKE take no lock on the table: the table's name is resolved
 *   without a lock and only its pg_class row is updated, so they wait only for
 *   another uncommitted change of that row (a concurrent GRANT or ALTER), never
 *   for queries. ALTER TYPE ... ADD VALUE / RENAME VALUE lock the enum type,
 *   which no query locks.
 *
 * Ordinary traffic takes ACCESS SHARE (SELECT), ROW SHARE (SELECT FOR
 * UPDATE/SHARE) and ROW EXCLUSIVE (INSERT/UPDATE/DELETE/MERGE). A lock request
 * that conflicts with one of those waits for every running query that holds
 * it and, while it waits, makes every later query that conflicts with it wait
 * too: that is why such statements need a lock_timeout.
 */
import type { AlterCommand, SqlStatement, TypedStatement } from './migration-types.js';

export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** The modes in PostgreSQL's order; `LOCK_MODES[n - 1]` is libpg-query's `LockStmt.mode` n. */
export const LOCK_MODES: readonly LockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

/** PostgreSQL's conflict table ("Conflicting Lock Modes"): mode → the modes it conflicts with. */
export const LOCK_CONFLICTS: Readonly<Record<LockMode, readonly LockMode[]>> = {
  'ACCESS SHARE': ['ACCESS EXCLUSIVE'],
  'ROW SHARE': ['EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ROW EXCLUSIVE': ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE UPDATE EXCLUSIVE': ['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  SHARE: ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE ROW EXCLUSIVE': ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  EXCLUSIVE: ['ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ACCESS EXCLUSIVE': LOCK_MODES,
};

export function lockConflicts(a: LockMode, b: LockMode): boolean {
  return LOCK_CONFLICTS[a].includes(b);
}

/** Whether `mode` makes plain SELECTs (ACCESS SHARE) wait. */
export function blocksReads(mode: LockMode): boolean {
  return lockConflicts(mode, 'ACCESS SHARE');
}

/** Whether `mode` makes INSERT/UPDATE/DELETE (ROW EXCLUSIVE) wait. */
export function blocksWrites(mode: LockMode): boolean {
  return lockConflicts(mode, 'ROW EXCLUSIVE');
}

/** What a relation is, as far as the statement says. */
export type LockedObject = 'table' | 'index' | 'matview';

export interface StatementLock {
  /** The relation as written (schema-qualified when it was). */
  relation: string;
  object: LockedObject;
  mode: LockMode;
  conflictsWith: readonly LockMode[];
  blocksReads: boolean;
  blocksWrites: boolean;
  /** The clause that takes the lock, for messages: `CREATE TRIGGER`, `ALTER TABLE orders ADD FOREIGN KEY` (never `...`: messages are cut at the first `. `). */
  takenBy: string;
  /** The relation was created earlier in the same migration: nobody else can hold a lock on it. */
  createdInThisMigration: boolean;
}

function lock(stmt: SqlStatement | undefined, relation: string, object: LockedObject, mode: LockMode, takenBy: string): StatementLock {
  return {
    relation,
    object,
    mode,
    conflictsWith: LOCK_CONFLICTS[mode],
    blocksReads: blocksReads(mode),
    blocksWrites: blocksWrites(mode),
    takenBy,
    createdInThisMigration:
      Boolean(relation) && Boolean(stmt && (stmt.context.tableCreatedInThisMigration(relation) || (object === 'index' && stmt.context.indexCreatedInThisMigration(relation)))),
  };
}

/** ALTER TABLE sub-commands that take less than ACCESS EXCLUSIVE (AlterTableGetLockLevel); every other one takes ACCESS EXCLUSIVE. */
const ALTER_LOCK: Readonly<Record<string, LockMode>> = {
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE',
  AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE',
  AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_SetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE',
  AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  AT_DetachPartitionFinalize: 'SHARE UPDATE EXCLUSIVE',
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableAlwaysTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableReplicaTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigUser: 'SHARE ROW EXCLUSIVE',
};

/** The lock one ALTER TABLE sub-command takes on the altered table. */
export function alterCommandLock(c: AlterCommand): LockMode {
  if (c.kind === 'detach-partition') return c.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  if (c.kind === 'add-constraint' && c.constraint.kind === 'foreign-key') return 'SHARE ROW EXCLUSIVE';
  return ALTER_LOCK[c.subtype] ?? 'ACCESS EXCLUSIVE';
}

const rank = (m: LockMode) => LOCK_MODES.indexOf(m);

/** The stronger of two modes (by PostgreSQL's order, in which each mode conflicts with at least what the weaker ones do). */
export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return rank(a) >= rank(b) ? a : b;
}

/** libpg-query's `LockStmt.mode` (1..8) as a mode; anything else is LOCK TABLE's default, ACCESS EXCLUSIVE. */
export function lockModeOf(n: number): LockMode {
  return LOCK_MODES[n - 1] ?? 'ACCESS EXCLUSIVE';
}

/**
 * Every relation lock `stmt` takes (table, index or materialized view), strongest per
 * relation. Statements that lock no relation (GRANT, ALTER TYPE ... ADD VALUE, SET, DML on
 * ROW EXCLUSIVE) give none; DML's ROW EXCLUSIVE is left out because it conflicts with
 * no lock ordinary traffic takes.
 */
export function statementLocks(stmt: SqlStatement): StatementLock[] {
  return locksOf(stmt.typed, stmt);
}

/** `statementLocks` for a typed statement alone (without a statement, nothing counts as created in this migration). */
export function locksOf(t: TypedStatement, stmt?: SqlStatement): StatementLock[] {
  const L = (relation: string, object: LockedObject, mode: LockMode, takenBy: string) => lock(stmt, relation, object, mode, takenBy);
  switch (t.kind) {
    case 'alter-table': {
      if (!t.table || !t.commands.length) return [];
      // Views and sequences have no rows queries wait on in the same way; types are not relations queries lock.
      if (t.objectType !== 'table' && t.objectType !== 'index' && t.objectType !== 'matview' && t.objectType !== 'foreign_table') return [];
      let mode: LockMode = 'ACCESS SHARE';
      let by = '';
      for (const c of t.commands) {
        const m = alterCommandLock(c);
        if (rank(m) > rank(mode)) {
          mode = m;
          by = alterClause(c);
        }
      }
      const object: LockedObject = t.objectType === 'index' ? 'index' : t.objectType === 'matview' ? 'matview' : 'table';
      const out = [L(t.table.qualified, object, mode, `ALTER ${t.objectType === 'matview' ? 'MATERIALIZED VIEW' : t.objectType.toUpperCase().replace('_', ' ')} ${t.table.qualified} ${by}`)];
      for (const c of t.commands) {
        const ref = c.kind === 'add-constraint' ? c.constraint.references : c.kind === 'add-column' ? c.column.constraints.find((k) => k.references)?.references : undefined;
        if (ref && ref.qualified !== t.table.qualified) out.push(L(ref.qualified, 'table', 'SHARE ROW EXCLUSIVE', `ALTER TABLE ${t.table.qualified} adding a FOREIGN KEY`));
      }
      return out;
    }
    case 'create-table':
      // Creating a table locks nothing existing, except the tables its foreign keys reference.
      return dedupe(t.references.filter((r) => r.qualified !== t.table.qualified).map((r) => L(r.qualified, 'table', 'SHARE ROW EXCLUSIVE', `CREATE TABLE ${t.table.qualified} with a FOREIGN KEY`)));
    case 'create-index':
      return t.table ? [L(t.table.qualified, 'table', t.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', t.concurrent ? 'CREATE INDEX CONCURRENTLY' : 'CREATE INDEX')] : [];
    case 'drop-index':
      return t.names.map((n) => L(n, 'index', t.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', t.concurrent ? 'DROP INDEX CONCURRENTLY' : 'DROP INDEX'));
    case 'drop-table':
      return t.names.map((n) => L(n, 'table', 'ACCESS EXCLUSIVE', 'DROP TABLE'));
    case 'drop':
      if (t.objectType === 'trigger' || t.objectType === 'policy' || t.objectType === 'rule') {
        // `DROP TRIGGER t ON app.users` names `app.users.t`: the table is all but the last part.
        return t.names.map((n) => L(n.slice(0, Math.max(0, n.lastIndexOf('.'))), 'table', 'ACCESS EXCLUSIVE', `DROP ${t.objectType.toUpperCase()}`)).filter((l) => l.relation);
      }
      if (t.objectType === 'matview') return t.names.map((n) => L(n, 'matview', 'ACCESS EXCLUSIVE', 'DROP MATERIALIZED VIEW'));
      return [];
    case 'rename-table':
    case 'rename-column':
      return t.table ? [L(t.table.qualified, 'table', 'ACCESS EXCLUSIVE', `ALTER TABLE ${t.table.qualified} RENAME ${t.kind === 'rename-table' ? 'TO' : 'COLUMN'}`)] : [];
    case 'rename':
      // ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE since PostgreSQL 12; constraint and trigger renames lock the table.
      if (!t.table) return [];
      if (t.objectType === 'index') return [L(t.table.qualified, 'index', 'SHARE UPDATE EXCLUSIVE', `ALTER INDEX ${t.table.qualified} RENAME`)];
      if (t.objectType === 'matview') return [L(t.table.qualified, 'matview', 'ACCESS EXCLUSIVE', `ALTER MATERIALIZED VIEW ${t.table.qualified} RENAME`)];
      if (t.objectType === 'tabconstraint' || t.objectType === 'trigger' || t.objectType === 'policy' || t.objectType === 'rule') return [L(t.table.qualified, 'table', 'ACCESS EXCLUSIVE', t.objectType === 'tabconstraint' ? `ALTER TABLE ${t.table.qualified} RENAME CONSTRAINT` : `ALTER ${t.objectType.toUpperCase()} RENAME`)];
      return [];
    case 'truncate':
      return t.tables.map((r) => L(r.qualified, 'table', 'ACCESS EXCLUSIVE', 'TRUNCATE'));
    case 'lock': {
      const mode = lockModeOf(t.mode);
      return t.tables.map((r) => L(r.qualified, 'table', mode, `LOCK TABLE ${r.qualified} IN ${mode} MODE`));
    }
    case 'vacuum':
      if (t.isVacuum && t.full) return t.tables.map((r) => L(r.qualified, 'table', 'ACCESS EXCLUSIVE', 'VACUUM FULL'));
      return t.tables.map((r) => L(r.qualified, 'table', 'SHARE UPDATE EXCLUSIVE', t.isVacuum ? 'VACUUM' : 'ANALYZE'));
    case 'cluster':
      return t.table ? [L(t.table.qualified, 'table', 'ACCESS EXCLUSIVE', 'CLUSTER')] : [];
    case 'reindex':
      if (t.objectKind !== 'table' && t.objectKind !== 'index') return [];
      if (t.concurrent) return [L(t.target, t.objectKind === 'index' ? 'index' : 'table', 'SHARE UPDATE EXCLUSIVE', 'REINDEX CONCURRENTLY')];
      // The parent table under SHARE (writes wait), each rebuilt index under ACCESS EXCLUSIVE (reads that use it wait).
      return t.objectKind === 'table'
        ? [L(t.target, 'table', 'SHARE', 'REINDEX TABLE')]
        : [L(t.target, 'index', 'ACCESS EXCLUSIVE', 'REINDEX INDEX')];
    case 'refresh-matview':
      return t.view ? [L(t.view.qualified, 'matview', t.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE', t.concurrent ? 'REFRESH MATERIALIZED VIEW CONCURRENTLY' : 'REFRESH MATERIALIZED VIEW')] : [];
    case 'create-trigger':
      return t.table ? [L(t.table.qualified, 'table', 'SHARE ROW EXCLUSIVE', 'CREATE TRIGGER')] : [];
    case 'table-object':
      return t.table ? [L(t.table.qualified, 'table', 'ACCESS EXCLUSIVE', t.object === 'policy' ? 'CREATE POLICY' : 'CREATE RULE')] : [];
    case 'comment':
      return t.table ? [L(t.table.qualified, t.objectType === 'index' ? 'index' : t.objectType === 'matview' ? 'matview' : 'table', 'SHARE UPDATE EXCLUSIVE', 'COMMENT ON')] : [];
    default:
      return [];
  }
}

const ALTER_CLAUSE: Readonly<Record<string, string>> = {
  AT_EnableTrig: 'ENABLE TRIGGER',
  AT_EnableAlwaysTrig: 'ENABLE ALWAYS TRIGGER',
  AT_EnableReplicaTrig: 'ENABLE REPLICA TRIGGER',
  AT_EnableTrigAll: 'ENABLE TRIGGER ALL',
  AT_EnableTrigUser: 'ENABLE TRIGGER USER',
  AT_DisableTrig: 'DISABLE TRIGGER',
  AT_DisableTrigAll: 'DISABLE TRIGGER ALL',
  AT_DisableTrigUser: 'DISABLE TRIGGER USER',
  AT_ColumnDefault: 'ALTER COLUMN SET/DROP DEFAULT',
  AT_DropNotNull: 'DROP NOT NULL',
  AT_DropConstraint: 'DROP CONSTRAINT',
  AT_ChangeOwner: 'OWNER TO',
  AT_SetStatistics: 'SET STATISTICS',
  AT_EnableRowSecurity: 'ENABLE ROW LEVEL SECURITY',
  AT_DisableRowSecurity: 'DISABLE ROW LEVEL SECURITY',
  AT_AttachPartition: 'ATTACH PARTITION',
  AT_SetRelOptions: 'SET (storage parameters)',
  AT_SetTableSpace: 'SET TABLESPACE',
};

function alterClause(c: AlterCommand): string {
  switch (c.kind) {
    case 'add-column':
      return 'ADD COLUMN';
    case 'drop-column':
      return 'DROP COLUMN';
    case 'alter-column-type':
      return 'ALTER COLUMN TYPE';
    case 'set-not-null':
      return 'SET NOT NULL';
    case 'add-constraint':
      return c.constraint.kind === 'foreign-key' ? 'ADD FOREIGN KEY' : 'ADD CONSTRAINT';
    case 'validate-constraint':
      return 'VALIDATE CONSTRAINT';
    case 'detach-partition':
      return c.concurrent ? 'DETACH PARTITION CONCURRENTLY' : 'DETACH PARTITION';
    default:
      return ALTER_CLAUSE[c.subtype] ?? c.subtype.replace(/^AT_/, '');
  }
}

function dedupe(locks: StatementLock[]): StatementLock[] {
  const seen = new Map<string, StatementLock>();
  for (const l of locks) {
    const prev = seen.get(l.relation);
    if (!prev || rank(l.mode) > rank(prev.mode)) seen.set(l.relation, l);
  }
  return [...seen.values()];
}

/**
 * The locks of `stmt` that make ordinary queries wait (they conflict with ACCESS SHARE, ROW
 * SHARE or ROW EXCLUSIVE) on relations that existed before this migration. A materialized
 * view is never written, so only locks that block its reads count there. These are the
 * locks that need a lock_timeout.
 */
export function contendedLocks(stmt: SqlStatement): StatementLock[] {
  return statementLocks(stmt).filter(
    (l) => !l.createdInThisMigration && (l.blocksReads || (l.object !== 'matview' && (l.blocksWrites || lockConflicts(l.mode, 'ROW SHARE')))),
  );
}
