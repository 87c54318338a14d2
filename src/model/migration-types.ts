/**
 * Migration entities. Lifted by src/model/lift-migrations.ts from SQL files
 * parsed with libpg-query (src/parsers/sql.ts).
 */
import type { Location } from './location.js';
import type { SourceFile } from '../base/source-file.js';

export type MigrationRunner = 'sqlx' | 'diesel' | 'refinery' | 'flyway' | 'golang-migrate' | 'dbmate' | 'goose' | 'atlas' | 'unknown';

/**
 * Why a file is taken as a migration, strongest first: a runner's settings name its folder
 * (`sqlx::migrate!("./db/migrations")`, diesel.toml, flyway locations, atlas.hcl, dbmate
 * `--migrations-dir`); `migrations.paths` in .shipshape.yml lists it; its name follows the
 * layout of a runner the project is known to use; or only its name or folder looks like a
 * migration and no manifest says which runner applies it (a guess: its parse errors are low).
 */
export interface MigrationEvidence {
  kind: 'runner-settings' | 'config' | 'layout' | 'guess';
  /** In words, with the file and line of the setting where there is one. */
  detail: string;
}

export interface SqlStatement {
  /** Statement text as written. */
  text: string;
  /** libpg-query AST of the statement (`{ SelectStmt: {...} }` style), undefined if it did not parse. */
  ast?: Record<string, unknown>;
  /** The AST node type, e.g. `IndexStmt`, `AlterTableStmt`. */
  kind: string;
  /** The node under `kind` (`ast[kind]`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- libpg-query JSON AST, read defensively by rules
  node: Record<string, any>;
  location: Location;
  /** 0-based index within the file. */
  index: number;
  /** UTF-16 offsets of the statement in `file.text`. */
  start: number;
  end: number;
  /**
   * Bytes to add to a node's `location` (a UTF-8 byte offset relative to the
   * text libpg-query parsed) to get a byte offset in the file.
   */
  nodeByteBase: number;
  /** Scanner tokens of the statement (lazily computed), with UTF-16 offsets in `file.text`; comments excluded. */
  tokens(): SqlToken[];
  /** The statement's first line (where statement-level findings point). Set by the lifter. */
  head: Location;
  /** What the statement does, typed, with the locations rules report at. Set by the lifter. */
  typed: TypedStatement;
  /** Where the statement sits in its migration. Set by the lifter. */
  context: StatementContext;
}

export interface SqlToken {
  text: string;
  start: number;
  end: number;
  /** libpg-query token name, e.g. `IDENT`, `SCONST`, `ASCII_44` (`,`). */
  kind: string;
}

export interface TransactionMode {
  /** True when the runner wraps the whole file in one transaction (explicit or implicit). */
  wrapped: boolean;
  /** Why we think so, e.g. `sqlx runs each migration in a transaction unless its first line is -- no-transaction`. */
  reason: string;
  /**
   * How to run this migration outside a transaction with the runner in use,
   * e.g. `start the file with the line \`-- no-transaction\` (sqlx)`.
   */
  optOut: string;
  /**
   * True when the file is sent as one multi-statement query (simple query
   * protocol), which PostgreSQL runs as one implicit transaction even without
   * BEGIN: sqlx `-- no-transaction`, diesel `run_in_transaction = false`,
   * golang-migrate, dbmate `transaction:false`.
   */
  implicitWhenMultiStatement: boolean;
}

export interface MigrationFile {
  file: SourceFile;
  direction: 'up' | 'down' | 'single' | 'undo' | 'repeatable';
  statements: SqlStatement[];
  /** Whether the runner wraps this file in a transaction, and why we think so. */
  transaction: TransactionMode;
  parseError?: { message: string; location: Location };
  /** All parse errors of the file (the first one is `parseError`). */
  parseErrors: Array<{ message: string; location: Location }>;
  /** Location of a UTF-8 byte range of the file (node `location`s plus `statement.nodeByteBase`). */
  locateBytes(start: number, end: number): Location;
  /** Location of a UTF-16 range of the file. */
  locate(start: number, end: number): Location;
  /** The migration this file belongs to (set by the lifter). */
  migration?: Migration;
  /** For section-based runners (goose, dbmate): the section's UTF-16 range in the file. */
  section?: { start: number; end: number };
}

export interface Migration {
  runner: MigrationRunner;
  /** Why this runner was assumed, e.g. `Cargo.toml depends on sqlx`. */
  runnerReason: string;
  version: string;
  name: string;
  /** Directory holding the migration set (the `migrations/` folder). */
  setDir: string;
  up?: MigrationFile;
  down?: MigrationFile;
  location: Location;
  /** Repo-relative paths of every file of this migration (up, down, metadata.toml, .sql.conf). */
  paths: string[];
  /** Runner settings read from manifests (e.g. flyway `outOfOrder`, `mixed`). */
  runnerSettings?: Record<string, string>;
  /** Flyway: `V` versioned, `U` undo, `R` repeatable, `B` baseline; refinery: `V`/`U` (unversioned). */
  prefix?: string;
  /** Why the files are taken as a migration at all. */
  evidence: MigrationEvidence;
}

export interface MigrationSet {
  dir: string;
  runner: MigrationRunner;
  runnerReason: string;
  migrations: Migration[];
  /** Runner settings read from manifests, e.g. flyway `outOfOrder`. */
  settings: Record<string, string>;
  evidence: MigrationEvidence;
}

export interface MigrationModel {
  migrations: Migration[];
  files: MigrationFile[];
  /** SQL files found by name or folder that no runner applies (not judged), with the reason and how to opt them in. */
  notMigrations: Array<{ path: string; reason: string }>;
  /** Migrations grouped by directory, with the runner assumed for the directory. */
  sets: MigrationSet[];
}

export function emptyMigrationModel(): MigrationModel {
  return { migrations: [], files: [], sets: [], notMigrations: [] };
}

// ------------------------------------------------------------------ typed statements
// Built once per statement by src/model/sql-statements.ts when migrations are
// lifted; rules read these instead of the libpg-query JSON.

/** A table (or other relation) named in a statement. `name` is the bare relname, `qualified` adds the schema. */
export interface TableRef {
  name: string;
  qualified: string;
}

export interface SqlTypeRef {
  /** Lower-cased type name without `pg_catalog.` (`int4`, `varchar`, `public.mytype`). */
  name: string;
  /** Integer type modifiers (`varchar(20)` → [20]); NaN for non-integer ones. */
  mods: number[];
  array: boolean;
  /** Human spelling: `integer`, `varchar(20)`, `text[]`. */
  display: string;
  location: Location;
}

export type SqlConstraintKind =
  | 'not-null'
  | 'null'
  | 'default'
  | 'primary-key'
  | 'unique'
  | 'check'
  | 'foreign-key'
  | 'identity'
  | 'generated'
  | 'exclusion'
  | 'other';

export interface SqlConstraint {
  kind: SqlConstraintKind;
  name?: string;
  location: Location;
  /** FOREIGN KEY and CHECK added by ALTER TABLE ... ADD CONSTRAINT: true unless NOT VALID (libpg-query sets it for no other kind). */
  validated: boolean;
  /** `... USING INDEX name`. */
  usingIndex?: string;
  /** FOREIGN KEY ... REFERENCES table. */
  references?: TableRef;
  /** Key columns of a table-level PRIMARY KEY / UNIQUE. */
  keys: string[];
  /** CHECK (col IS NOT NULL): the column. */
  notNullCheckOf?: string;
  /** Names of the functions the expression (DEFAULT, CHECK, GENERATED) calls, as written, in AST walk order. */
  calls: string[];
}

export interface SqlColumnDef {
  name: string;
  type?: SqlTypeRef;
  constraints: SqlConstraint[];
  location: Location;
  /** Part of a table-level PRIMARY KEY (...) of the same CREATE TABLE. */
  inTablePrimaryKey: boolean;
}

interface AlterCommandBase {
  /** libpg-query's sub-command type, e.g. `AT_AddColumn` (lock classification keys on it). */
  subtype: string;
  /** The sub-command's clause (`ALTER COLUMN x SET NOT NULL`), else the statement. */
  location: Location;
}

export type AlterCommand = AlterCommandBase &
  (
    | { kind: 'add-column'; column: SqlColumnDef }
    | { kind: 'drop-column'; column: string }
    | { kind: 'alter-column-type'; column: string; type?: SqlTypeRef; using: boolean }
    | { kind: 'set-not-null'; column: string }
    | { kind: 'add-constraint'; constraint: SqlConstraint }
    | { kind: 'validate-constraint'; name: string }
    | { kind: 'detach-partition'; concurrent: boolean }
    | { kind: 'other' }
  );

export type TypedStatement =
  /** `objectType`: what ALTER names, as a word: `table`, `index`, `sequence`, `view`, `matview`, `foreign_table`. */
  | { kind: 'alter-table'; table?: TableRef; objectType: string; commands: AlterCommand[] }
  /** `references`: tables its FOREIGN KEYs (column or table constraints) point at. */
  | { kind: 'create-table'; table: TableRef; columns: SqlColumnDef[]; references: TableRef[] }
  | { kind: 'create-table-as'; table?: TableRef }
  | { kind: 'create-index'; name?: string; table?: TableRef; concurrent: boolean; unique: boolean; columns: string[] }
  | { kind: 'drop-index'; names: string[]; concurrent: boolean }
  | { kind: 'drop-table'; names: string[] }
  | { kind: 'drop'; objectType: string; names: string[] }
  | { kind: 'rename-table'; table?: TableRef; newName: string }
  | { kind: 'rename-column'; table?: TableRef; column: string; newName: string }
  | { kind: 'rename'; objectType: string; table?: TableRef; newName: string }
  | { kind: 'update'; table?: TableRef; hasWhere: boolean }
  | { kind: 'delete'; table?: TableRef; hasWhere: boolean }
  | { kind: 'set'; name: string; local: boolean }
  /**
   * SELECT; `settings` are the configuration names it mentions (`SELECT set_config('lock_timeout', ...)`);
   * `placeholder` when it reads nothing and calls nothing (`SELECT 1;`: no FROM, no INTO, no function call).
   */
  | { kind: 'select'; settings: string[]; placeholder: boolean }
  | { kind: 'transaction'; action: 'begin' | 'commit' | 'rollback' | 'other'; keyword: string }
  | { kind: 'vacuum'; full: boolean; isVacuum: boolean; tables: TableRef[] }
  /** `objectKind`: `table`, `index`, `schema`, `system` or `database`. */
  | { kind: 'reindex'; concurrent: boolean; objectKind: string; table?: TableRef; target: string }
  | { kind: 'cluster'; table?: TableRef }
  | { kind: 'lock'; tables: TableRef[]; mode: number }
  | { kind: 'truncate'; tables: TableRef[]; cascade: boolean }
  | { kind: 'create-view'; view?: TableRef }
  /** COMMENT ON: `objectType` as a word (`table`, `column`, `index`, `function` ...); `table` for relations and columns. */
  | { kind: 'comment'; objectType: string; table?: TableRef }
  | { kind: 'create-trigger'; table?: TableRef; name: string }
  /** CREATE POLICY / ALTER POLICY / CREATE RULE: objects attached to a table. */
  | { kind: 'table-object'; object: 'policy' | 'rule'; table?: TableRef; name: string }
  /** ALTER TYPE ... ADD VALUE / RENAME VALUE (enum types). `location`: the value clause. */
  | { kind: 'alter-enum'; type: string; action: 'add-value' | 'rename-value'; value: string; ifNotExists: boolean }
  | { kind: 'refresh-matview'; view?: TableRef; concurrent: boolean }
  /** GRANT / REVOKE; `tables` only for privileges on tables (`objectType` `table`). */
  | { kind: 'grant'; grant: boolean; objectType: string; tables: TableRef[] }
  | { kind: 'unknown'; node: string };

/** Facts about a statement's surroundings in its migration file (section), computed once per file. */
export interface StatementContext {
  /** A CREATE TABLE (or CREATE TABLE AS, or a rename of such a table) earlier in this migration made `name` (bare or schema-qualified). */
  tableCreatedInThisMigration(name: string): boolean;
  /** A CREATE INDEX earlier in this migration made index `name` (bare or schema-qualified). */
  indexCreatedInThisMigration(name: string): boolean;
  /** Between an explicit BEGIN and its COMMIT/ROLLBACK in this file. */
  inExplicitTransaction: boolean;
  /** The runner wraps the whole file in a transaction. */
  runnerWrapsInTransaction: boolean;
  /**
   * Which transaction the statement runs in: one number for every statement of the same
   * transaction (the whole file when the runner wraps it or sends it as one multi-statement
   * query; else each explicit BEGIN ... COMMIT block), undefined for a statement committed on its own.
   */
  transactionBlock?: number;
  /** A SET lock_timeout (or set_config) earlier in this migration. */
  lockTimeoutInForce: boolean;
  /** A SET statement_timeout earlier in this migration. */
  statementTimeoutInForce: boolean;
}
