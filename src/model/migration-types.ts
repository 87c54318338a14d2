/**
 * Migration entities. Lifted by src/model/lift-migrations.ts from SQL files
 * parsed with libpg-query (src/parsers/sql.ts).
 */
import type { Location } from './location.js';
import type { SourceFile } from './types.js';

export type MigrationRunner = 'sqlx' | 'diesel' | 'refinery' | 'flyway' | 'golang-migrate' | 'dbmate' | 'goose' | 'unknown';

export interface SqlStatement {
  /** Statement text as written. */
  text: string;
  /** libpg-query AST of the statement (`{ SelectStmt: {...} }` style), undefined if it did not parse. */
  ast?: Record<string, unknown>;
  location: Location;
  /** 0-based index within the file. */
  index: number;
}

export interface MigrationFile {
  file: SourceFile;
  direction: 'up' | 'down' | 'single' | 'undo' | 'repeatable';
  statements: SqlStatement[];
  /** Whether the runner wraps this file in a transaction, and why we think so. */
  transaction: { wrapped: boolean; reason: string };
  parseError?: { message: string; location: Location };
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
}

export interface MigrationModel {
  migrations: Migration[];
  files: MigrationFile[];
}

export function emptyMigrationModel(): MigrationModel {
  return { migrations: [], files: [] };
}
