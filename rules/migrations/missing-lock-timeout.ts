import { defineRule } from '../../src/engine/rule.js';
import type { MigrationFile, SqlStatement } from '../../src/model/migration-types.js';
import { alterCmds, createdBefore, forwardFiles, headLocation, isSetLockTimeout, listNames, migrationId, qualified, rangeVarName } from './_shared.js';

/** ALTER TABLE subcommands that take less than SHARE (SHARE UPDATE EXCLUSIVE or lighter). */
const WEAK_ALTER = new Set(['AT_ValidateConstraint', 'AT_SetStatistics', 'AT_ClusterOn', 'AT_DropCluster', 'AT_SetOptions', 'AT_ResetOptions', 'AT_AttachPartition']);

/** The lock a statement takes on an existing table when it is SHARE or stronger, with the table name. */
function strongLock(file: MigrationFile, stmt: SqlStatement): { lock: string; table: string } | undefined {
  const n = stmt.node;
  const created = createdBefore(file, stmt.index);
  const existing = (rv: any) => rv && !created.has(rangeVarName(rv));
  switch (stmt.kind) {
    case 'AlterTableStmt': {
      if (!existing(n.relation) || n.objtype === 'OBJECT_INDEX' || n.objtype === 'OBJECT_SEQUENCE' || n.objtype === 'OBJECT_VIEW') return undefined;
      const cmds = alterCmds(stmt);
      if (cmds.every((c) => WEAK_ALTER.has(c.subtype) || (c.subtype === 'AT_DetachPartition' && c.def?.PartitionCmd?.concurrent))) return undefined;
      const fkOnly = cmds.every((c) => c.subtype === 'AT_AddConstraint' && c.def?.Constraint?.contype === 'CONSTR_FOREIGN');
      return { lock: fkOnly ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE', table: qualified(n.relation) };
    }
    case 'IndexStmt':
      return !n.concurrent && existing(n.relation) ? { lock: 'SHARE', table: qualified(n.relation) } : undefined;
    case 'RenameStmt':
      return n.relation && existing(n.relation) && (n.renameType === 'OBJECT_TABLE' || n.renameType === 'OBJECT_COLUMN') ? { lock: 'ACCESS EXCLUSIVE', table: qualified(n.relation) } : undefined;
    case 'DropStmt': {
      if (n.concurrent) return undefined;
      if (n.removeType !== 'OBJECT_TABLE' && n.removeType !== 'OBJECT_INDEX') return undefined;
      const names = ((n.objects ?? []) as any[]).map((o) => listNames(o).join('.'));
      const fresh = names.filter((x) => !created.has(x.split('.').pop()!));
      return fresh.length ? { lock: 'ACCESS EXCLUSIVE', table: fresh.join(', ') } : undefined;
    }
    case 'TruncateStmt':
    case 'LockStmt': {
      const rels = ((n.relations ?? []) as any[]).map((r) => r.RangeVar).filter(existing);
      if (stmt.kind === 'LockStmt' && Number(n.mode ?? 8) < 5) return undefined;
      return rels.length ? { lock: 'ACCESS EXCLUSIVE', table: rels.map(qualified).join(', ') } : undefined;
    }
    case 'VacuumStmt': {
      const full = ((n.options ?? []) as any[]).some((o) => o.DefElem?.defname === 'full');
      const rels = ((n.rels ?? []) as any[]).map((r) => r.VacuumRelation?.relation).filter(existing);
      return full && rels.length ? { lock: 'ACCESS EXCLUSIVE', table: rels.map(qualified).join(', ') } : undefined;
    }
    case 'ClusterStmt':
      return existing(n.relation) ? { lock: 'ACCESS EXCLUSIVE', table: qualified(n.relation) } : undefined;
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'migrations/missing-lock-timeout',
  title: 'Lock-taking DDL without lock_timeout',
  severity: 'medium',
  description:
    'Finds the first statement of a migration that takes an ACCESS EXCLUSIVE or SHARE lock on an existing table when no `SET lock_timeout` (or `SET LOCAL`) comes before it in the migration.',
  rationale:
    'A DDL statement waiting for its lock behind one long-running query makes every later query on the table queue behind it: a migration that would take milliseconds turns into an outage. A short lock_timeout makes it fail fast and retry instead.',
  remediation: "Start the migration with `SET lock_timeout = '2s';` (or `SET LOCAL` inside the transaction) and retry the deploy when it times out.",
  references: ['https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT', 'https://www.postgresql.org/docs/current/explicit-locking.html'],
  tags: ['postgres', 'migrations', 'locking', 'availability'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'ALTER TABLE users ADD COLUMN age int;', good: "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN age int;" },
  check(ctx) {
    for (const file of forwardFiles(ctx.model.migrations)) {
      let timeoutSet = false;
      const offenders: Array<{ stmt: SqlStatement; lock: string; table: string }> = [];
      for (const stmt of file.statements) {
        if (isSetLockTimeout(stmt)) {
          timeoutSet = true;
          continue;
        }
        if (timeoutSet) break;
        const l = strongLock(file, stmt);
        if (l) offenders.push({ stmt, ...l });
      }
      const first = offenders[0];
      if (!first) continue;
      const more = offenders.length > 1 ? ` (and ${offenders.length - 1} more lock-taking statement${offenders.length > 2 ? 's' : ''} in this migration)` : '';
      ctx.report({
        at: headLocation(file, first.stmt),
        message:
          `This statement takes ${first.lock.startsWith('SHARE') ? 'a' : 'an'} ${first.lock} lock on existing table ${first.table.includes(',') ? first.table : `"${first.table}"`} with no lock_timeout set earlier in the migration${more}: ` +
          `if it waits behind a long query, every other query on the table queues behind it. Put SET lock_timeout = '2s' (or SET LOCAL inside the transaction) before it and retry on timeout.`,
        key: `${migrationId(file.migration, file)} lock-timeout`,
      });
    }
  },
});
