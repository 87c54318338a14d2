/**
 * Migration entities. Lifted by src/model/lift-migrations.ts from SQL files
 * parsed with libpg-query (src/parsers/sql.ts).
 */
import type { Location } from './location.js';
import type { SourceFile } from '../base/source-file.js';

export type MigrationRunner = 'sqlx' | 'diesel' | 'refinery' | 'flyway' | 'golang-migrate' | 'dbmate' | 'goose' | 'unknown';

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
}

export interface MigrationSet {
  dir: string;
  runner: MigrationRunner;
  runnerReason: string;
  migrations: Migration[];
  /** Runner settings read from manifests, e.g. flyway `outOfOrder`. */
  settings: Record<string, string>;
}

export interface MigrationModel {
  migrations: Migration[];
  files: MigrationFile[];
  /** Migrations grouped by directory, with the runner assumed for the directory. */
  sets: MigrationSet[];
}

export function emptyMigrationModel(): MigrationModel {
  return { migrations: [], files: [], sets: [] };
}
