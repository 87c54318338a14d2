/** The PostgreSQL migration rules (rules/migrations/*), sorted by id. */
import type { Rule } from '../../src/engine/rule.js';
import addColumnRequired from './add-column-required.js';
import addColumnRewrite from './add-column-rewrite.js';
import alterColumnType from './alter-column-type.js';
import blockingMaintenance from './blocking-maintenance.js';
import concurrentInTransaction from './concurrent-in-transaction.js';
import constraintNotValid from './constraint-not-valid.js';
import createIndexNotConcurrent from './create-index-not-concurrent.js';
import dropColumn from './drop-column.js';
import dropIndexNotConcurrent from './drop-index-not-concurrent.js';
import dropTable from './drop-table.js';
import duplicateVersion from './duplicate-version.js';
import emptyDown from './empty-down.js';
import migrateInInitContainer from './migrate-in-init-container.js';
import missingDown from './missing-down.js';
import missingLockTimeout from './missing-lock-timeout.js';
import modifiedAfterMerge from './modified-after-merge.js';
import outOfOrder from './out-of-order.js';
import preferBigintKey from './prefer-bigint-key.js';
import preferIdentity from './prefer-identity.js';
import preferText from './prefer-text.js';
import preferTimestamptz from './prefer-timestamptz.js';
import renameColumn from './rename-column.js';
import renameTable from './rename-table.js';
import setNotNull from './set-not-null.js';
import transactionNesting from './transaction-nesting.js';
import unbatchedBackfill from './unbatched-backfill.js';
import uniqueConstraintLocks from './unique-constraint-locks.js';

export const migrationRules: Rule<any>[] = [
  addColumnRequired,
  addColumnRewrite,
  alterColumnType,
  blockingMaintenance,
  concurrentInTransaction,
  constraintNotValid,
  createIndexNotConcurrent,
  dropColumn,
  dropIndexNotConcurrent,
  dropTable,
  duplicateVersion,
  emptyDown,
  migrateInInitContainer,
  missingDown,
  missingLockTimeout,
  modifiedAfterMerge,
  outOfOrder,
  preferBigintKey,
  preferIdentity,
  preferText,
  preferTimestamptz,
  renameColumn,
  renameTable,
  setNotNull,
  transactionNesting,
  unbatchedBackfill,
  uniqueConstraintLocks,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
