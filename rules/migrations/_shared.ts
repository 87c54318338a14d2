/**
 * Wording helpers shared by the migration rules (not a rule itself): names
 * of migrations in messages, fingerprint keys, runner notes. The facts the
 * rules read (typed statements, their context, runner order, schema history)
 * live in the model: src/model/sql-statements.ts and migration-facts.ts.
 */
import type { Location } from '../../src/model/location.js';
import type { Migration, MigrationFile, SqlStatement } from '../../src/model/migration-types.js';

export const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

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

/** Versions as a runner compares them for duplicates: `1.01` and `1.1` are the same version. */
export function normalizeVersion(v: string): string {
  return v
    .split(/[._]/)
    .map((p) => p.replace(/^0+(?=\d)/, ''))
    .join('.');
}

/** First statement of a file for file-level findings, else its first line. */
export function fileAnchor(file: MigrationFile): Location {
  const s = file.statements[0];
  if (s) return s.head;
  if (file.section) return file.locate(file.section.start, file.section.start);
  return file.file.lines.lineLocation(file.file.path, 1);
}
