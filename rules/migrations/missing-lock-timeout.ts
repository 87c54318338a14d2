import { defineRule } from '../../src/engine/rule.js';
import { forwardFiles, onExistingTable, setsLockTimeout } from '../../src/model/migration-facts.js';
import type { SqlStatement, TableRef } from '../../src/model/migration-types.js';
import { migrationId } from './_shared.js';

/** ALTER TABLE subcommands that take less than SHARE (SHARE UPDATE EXCLUSIVE or lighter). */
const WEAK_ALTER = new Set(['AT_ValidateConstraint', 'AT_SetStatistics', 'AT_ClusterOn', 'AT_DropCluster', 'AT_SetOptions', 'AT_ResetOptions', 'AT_AttachPartition']);

/** The lock a statement takes on an existing table when it is SHARE or stronger, with the table name. */
function strongLock(stmt: SqlStatement): { lock: string; table: string } | undefined {
  const t = stmt.typed;
  const existing = (table: TableRef | undefined): table is TableRef => Boolean(table) && onExistingTable(stmt, table);
  const names = (tables: TableRef[]) => tables.map((r) => r.qualified).join(', ');
  switch (t.kind) {
    case 'alter-table': {
      if (!existing(t.table) || t.objectType === 'index' || t.objectType === 'sequence' || t.objectType === 'view') return undefined;
      const cmds = t.commands;
      if (cmds.every((c) => WEAK_ALTER.has(c.subtype) || (c.kind === 'detach-partition' && c.concurrent))) return undefined;
      const fkOnly = cmds.every((c) => c.kind === 'add-constraint' && c.constraint.kind === 'foreign-key');
      return { lock: fkOnly ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE', table: t.table.qualified };
    }
    case 'create-index':
      return !t.concurrent && existing(t.table) ? { lock: 'SHARE', table: t.table.qualified } : undefined;
    case 'rename-table':
    case 'rename-column':
      return existing(t.table) ? { lock: 'ACCESS EXCLUSIVE', table: t.table.qualified } : undefined;
    case 'drop-table':
    case 'drop-index': {
      if (t.kind === 'drop-index' && t.concurrent) return undefined;
      const fresh = t.names.filter((x) => !stmt.context.tableCreatedInThisMigration(x));
      return fresh.length ? { lock: 'ACCESS EXCLUSIVE', table: fresh.join(', ') } : undefined;
    }
    case 'truncate':
    case 'lock': {
      const rels = t.tables.filter(existing);
      if (t.kind === 'lock' && t.mode < 5) return undefined;
      return rels.length ? { lock: 'ACCESS EXCLUSIVE', table: names(rels) } : undefined;
    }
    case 'vacuum': {
      const rels = t.tables.filter(existing);
      return t.full && rels.length ? { lock: 'ACCESS EXCLUSIVE', table: names(rels) } : undefined;
    }
    case 'cluster':
      return existing(t.table) ? { lock: 'ACCESS EXCLUSIVE', table: t.table.qualified } : undefined;
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'migrations/missing-lock-timeout',
  title: 'Lock-taking DDL without lock_timeout',
  severity: 'medium',
  status: 'stable',
  defersTo: ['migrations/drop-table', 'migrations/drop-column', 'migrations/rename-column', 'migrations/rename-table'],
  description:
    'Finds the first statement of a migration that takes an ACCESS EXCLUSIVE or SHARE lock on an existing table when no `SET lock_timeout` (or `SET LOCAL`) comes before it in the migration.',
  rationale:
    'A DDL statement waiting for its lock behind one long-running query makes every later query on the table queue behind it: a migration that would take milliseconds turns into an outage. A short lock_timeout makes it fail fast and retry instead.',
  remediation: "Start the migration with `SET lock_timeout = '2s';` (or `SET LOCAL` inside the transaction) and retry the deploy when it times out.",
  references: ['https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT', 'https://www.postgresql.org/docs/current/explicit-locking.html'],
  tags: ['postgres', 'migrations', 'locking', 'availability'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'ALTER TABLE users ADD COLUMN age int;', good: "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN age int;" },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      const offenders: Array<{ stmt: SqlStatement; lock: string; table: string }> = [];
      for (const stmt of file.statements) {
        if (stmt.context.lockTimeoutInForce) break;
        if (setsLockTimeout(stmt.typed)) continue;
        const l = strongLock(stmt);
        if (l) offenders.push({ stmt, ...l });
      }
      const first = offenders[0];
      if (!first) continue;
      const more = offenders.length > 1 ? ` (and ${offenders.length - 1} more lock-taking statement${offenders.length > 2 ? 's' : ''} in this migration)` : '';
      ctx.report({
        at: first.stmt.head,
        // One finding for the whole file: folding it into a DROP finding would hide the other statements.
        coversMore: offenders.length > 1,
        message:
          `This statement takes ${first.lock.startsWith('SHARE') ? 'a' : 'an'} ${first.lock} lock on existing table ${first.table.includes(',') ? first.table : `"${first.table}"`} with no lock_timeout set earlier in the migration${more}: ` +
          `if it waits behind a long query, every other query on the table queues behind it. Put SET lock_timeout = '2s' (or SET LOCAL inside the transaction) before it and retry on timeout.`,
        key: `${migrationId(file.migration, file)} lock-timeout`,
      });
    }
  },
});
