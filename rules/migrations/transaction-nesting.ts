import { defineRule } from '../../src/engine/rule.js';
import { migrationId, runnerNote } from './_shared.js';

export default defineRule({
  id: 'migrations/transaction-nesting',
  title: 'Explicit transaction control in a migration',
  severity: 'medium',
  status: 'stable',
  severities: [
    { severity: 'high', when: 'a BEGIN has no matching COMMIT, so what follows is never committed' },
    { severity: 'medium', when: 'BEGIN/COMMIT/ROLLBACK appears in a migration the runner already wraps in a transaction (a repeated COMMIT there closes nothing)' },
    { severity: 'low', when: 'a COMMIT or ROLLBACK closes no transaction (a repeated COMMIT, or one with no BEGIN) in a migration the runner does not wrap' },
  ],
  description:
    'Finds `BEGIN`/`COMMIT` in a migration that the runner already wraps in a transaction (and a repeated `COMMIT` after the runner\'s transaction was ended), (high) a `BEGIN` that is never committed, and (low) a `COMMIT`/`ROLLBACK` with no open transaction in a file the runner does not wrap. `CREATE INDEX CONCURRENTLY` and other statements refused inside `BEGIN` are `migrations/concurrent-in-transaction`.',
  rationale:
    'Inside the runner\'s transaction, BEGIN only warns, but COMMIT ends the runner\'s transaction early: the statements after it and the runner\'s own bookkeeping are no longer atomic with the migration. A BEGIN without COMMIT leaves the work uncommitted: it is rolled back when the connection closes.',
  remediation:
    'Remove BEGIN/COMMIT and let the runner manage the transaction; if you need statements outside a transaction, use the runner\'s opt-out instead. Always pair BEGIN with COMMIT.',
  references: ['https://www.postgresql.org/docs/current/sql-begin.html'],
  tags: ['postgres', 'migrations', 'transactions'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    path: 'migrations/20240101000000_add_age.sql',
    bad: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCOMMIT;\n',
    good: 'ALTER TABLE users ADD COLUMN age int;\n',
    context: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
    },
  },
  check(ctx) {
    for (const file of ctx.model.migrations.files) {
      let openBegin: (typeof file.statements)[number] | undefined;
      const unclosed: Array<(typeof file.statements)[number]> = [];
      const closesNothing: Array<(typeof file.statements)[number]> = [];
      // In a runner-wrapped file the runner's transaction is open from the start; the first COMMIT ends it.
      let runnerOpen = file.transaction.wrapped;
      let endedBy: (typeof file.statements)[number] | undefined;
      const endedEarlier = new Map<(typeof file.statements)[number], (typeof file.statements)[number]>();
      for (const stmt of file.statements) {
        const t = stmt.typed;
        if (t.kind !== 'transaction') continue;
        if (t.action === 'begin') {
          if (openBegin) unclosed.push(openBegin);
          openBegin = stmt;
        } else if (t.action === 'commit' || t.action === 'rollback') {
          if (!openBegin && !runnerOpen) {
            closesNothing.push(stmt);
            if (endedBy) endedEarlier.set(stmt, endedBy);
          } else {
            endedBy = stmt;
          }
          runnerOpen = false;
          openBegin = undefined;
        }
      }
      if (openBegin) unclosed.push(openBegin);

      for (const stmt of file.statements) {
        const t = stmt.typed;
        if (t.kind !== 'transaction' || t.action === 'other') continue;
        const k = t.action;
        const word = t.keyword;
        if (unclosed.includes(stmt)) {
          ctx.report({
            at: stmt.head,
            severity: 'high',
            message:
              `${word} without a matching COMMIT: the statements after it are never committed and are rolled back when the connection closes (or stay open on a pooled connection). Add COMMIT at the end, or remove ${word}${file.transaction.wrapped ? ' and let the runner manage the transaction' : ''}.${runnerNote(file)}`,
            key: `${migrationId(file.migration, file)} uncommitted-begin`,
          });
          continue;
        }
        const ender = endedEarlier.get(stmt);
        if (file.transaction.wrapped && ender) {
          ctx.report({
            at: stmt.head,
            message:
              `${word} closes no transaction: the ${ender.typed.kind === 'transaction' ? ender.typed.keyword : 'COMMIT'} on line ${ender.head.startLine} already ended the transaction the runner opened (${file.transaction.reason}), so the statements between them ran on their own and PostgreSQL only warns "there is no transaction in progress". ` +
              `Remove both and let the runner manage the transaction; to run statements outside a transaction: ${file.transaction.optOut}.${runnerNote(file)}`,
            key: `${migrationId(file.migration, file)} repeated ${word}`,
          });
          continue;
        }
        if (!file.transaction.wrapped) {
          // A file sent as one multi-statement query runs in an implicit block that COMMIT does close.
          if (!closesNothing.includes(stmt) || file.transaction.implicitWhenMultiStatement) continue;
          ctx.report({
            at: stmt.head,
            severity: 'low',
            message:
              `${word} closes no transaction: ${ender ? `the ${ender.typed.kind === 'transaction' ? ender.typed.keyword : 'COMMIT'} on line ${ender.head.startLine} already closed the block, and nothing opened one since` : 'nothing opened one before it (each earlier statement was committed on its own)'}, so PostgreSQL only warns "there is no transaction in progress". ` +
              `If the statements before it were meant to succeed or fail together, put BEGIN before them; otherwise remove ${word}.${runnerNote(file)}`,
            key: `${migrationId(file.migration, file)} ${word} without BEGIN`,
          });
          continue;
        }
        ctx.report({
          at: stmt.head,
          message:
            `${word} inside a migration the runner already runs in a transaction (${file.transaction.reason}): ${k === 'begin' ? 'BEGIN only warns ("there is already a transaction in progress"), and the matching COMMIT ends the runner\'s transaction early' : 'it ends the runner\'s transaction early, so what follows is no longer atomic with the migration'}. ` +
            `Remove the explicit transaction control; to run statements outside a transaction: ${file.transaction.optOut}.${runnerNote(file)}`,
          key: `${migrationId(file.migration, file)} ${word}`,
        });
      }
    }
  },
});
