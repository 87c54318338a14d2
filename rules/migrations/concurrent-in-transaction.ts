import { defineRule } from '../../src/engine/rule.js';
import type { MigrationFile, SqlStatement } from '../../src/model/migration-types.js';
import { newEnumValueUse } from '../../src/model/migration-facts.js';
import { postgresVersion } from './_settings.js';
import { runnerNote, stmtKey } from './_shared.js';

/**
 * The statement's name when it is one that PostgreSQL refuses inside a transaction block
 * on major version `pg`: the CONCURRENTLY forms always, ALTER TYPE ... ADD VALUE before 12.
 */
export function concurrentOperation(stmt: SqlStatement, pg = 15): string | undefined {
  const t = stmt.typed;
  if (t.kind === 'alter-enum' && t.action === 'add-value' && pg < 12) return `ALTER TYPE ${t.type} ADD VALUE (PostgreSQL ${pg} < 12)`;
  if (t.kind === 'create-index' && t.concurrent) return 'CREATE INDEX CONCURRENTLY';
  if (t.kind === 'drop-index' && t.concurrent) return 'DROP INDEX CONCURRENTLY';
  if (t.kind === 'reindex' && t.concurrent) return 'REINDEX CONCURRENTLY';
  if (t.kind === 'alter-table' && t.commands.some((c) => c.kind === 'detach-partition' && c.concurrent)) return 'DETACH PARTITION CONCURRENTLY';
  return undefined;
}

function verdict(file: MigrationFile, stmt: SqlStatement, op: string): string | undefined {
  const runner = file.migration?.runner ?? 'unknown';
  if (stmt.context.inExplicitTransaction) {
    return `${op} is inside an explicit BEGIN ... COMMIT block in this file, and PostgreSQL refuses it there ("cannot run inside a transaction block"). Move it out of the BEGIN/COMMIT block`;
  }
  const others = file.statements.filter((s) => s !== stmt && s.typed.kind !== 'set').length;
  if (runner === 'flyway') {
    // Flyway's PostgreSQL parser runs a script holding such a statement without a transaction, but refuses to mix
    // it with transactional statements unless `mixed=true`.
    const mixed = file.migration?.runnerSettings?.["mixed"] === "true";
    if (file.transaction.wrapped && others > 0 && !mixed) {
      return `${op} cannot run in a transaction, so Flyway runs this script without one, but the script also has ${others} other statement(s) and Flyway refuses to mix transactional and non-transactional statements ("Detected both transactional and non-transactional statements"). Move ${op} into its own migration (or set \`flyway.mixed=true\`)`;
    }
    return undefined;
  }
  if (file.transaction.wrapped) {
    return `${op} cannot run inside a transaction block, and this migration runs in one (${file.transaction.reason}), so the deploy fails. To run it outside a transaction: ${file.transaction.optOut}`;
  }
  if (file.transaction.implicitWhenMultiStatement && file.statements.length > 1) {
    return `${op} cannot run inside a transaction block, and ${runner} sends this file with ${file.statements.length} statements as one multi-statement query, which PostgreSQL runs as a single implicit transaction, so it fails. Put ${op} alone in its own migration file${runner === 'golang-migrate' ? '' : ` (also opted out of the transaction: ${file.transaction.optOut})`}`;
  }
  return undefined;
}

export default defineRule({
  id: 'migrations/concurrent-in-transaction',
  title: 'Statement PostgreSQL refuses inside a transaction',
  severity: 'critical',
  status: 'stable',
  description:
    'Finds `CREATE/DROP INDEX CONCURRENTLY`, `REINDEX CONCURRENTLY`, `DETACH PARTITION CONCURRENTLY` and (PostgreSQL before 12, from `postgres.version`) `ALTER TYPE ... ADD VALUE` in a migration that the runner wraps in a transaction, that is sent as one multi-statement query, or that sits inside an explicit `BEGIN`; and, on PostgreSQL 12+, a new enum value used later in the same transaction that added it.',
  rationale:
    'PostgreSQL refuses these statements inside a transaction block (and, from 12 on, refuses to use an enum value added in the still-open transaction: "unsafe use of new value"), so the migration fails at deploy time. Linters that ignore the runner miss this; the fix depends on the runner (sqlx `-- no-transaction`, diesel `metadata.toml`, Flyway `.sql.conf`, dbmate `transaction:false`, goose `NO TRANSACTION`).',
  remediation: 'Opt the migration out of the runner\'s transaction and keep the CONCURRENTLY statement alone in its file.',
  references: [
    'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
    'https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT',
  ],
  tags: ['postgres', 'migrations', 'transactions', 'deploy-failure'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    path: 'migrations/20240101000000_add_users_email_index.sql',
    bad: 'CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n',
    good: '-- no-transaction\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n',
    context: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
    },
  },
  check(ctx) {
    const pg = postgresVersion(ctx.config);
    for (const file of ctx.model.migrations.files) {
      for (const stmt of file.statements) {
        const op = concurrentOperation(stmt, pg);
        if (op) {
          const why = verdict(file, stmt, op);
          if (why) ctx.report({ at: stmt.head, message: `${why}.${runnerNote(file)}`, key: stmtKey(file, stmt) });
        }
        const use = pg >= 12 ? newEnumValueUse(file, stmt) : undefined;
        if (use) {
          ctx.report({
            at: use.at,
            message:
              `'${use.value}' is added to enum ${use.type} by ALTER TYPE ... ADD VALUE on line ${stmt.head.startLine} in the same transaction, and PostgreSQL refuses to use a new enum value before that transaction commits ("unsafe use of new value"), so the deploy fails. ` +
              `Add the value in its own migration (committed first), then use it in a later one.${runnerNote(file)}`,
            key: stmtKey(file, stmt, `enum-value-use ${use.type}.${use.value}`),
          });
        }
      }
    }
  },
});
