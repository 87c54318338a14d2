import { defineRule } from '../../src/engine/rule.js';
import type { Migration, MigrationFile } from '../../src/model/migration-types.js';
import { migrationsInRunnerOrder } from '../../src/model/migration-facts.js';
import { fileAnchor } from './_shared.js';

/** Runners that store a checksum of every applied migration and refuse to run when it changes. */
const CHECKSUM: Record<string, string> = {
  sqlx: 'sqlx stores a checksum of every applied migration and fails with "migration was previously applied but has been modified"',
  refinery: 'refinery stores a checksum of every applied migration and aborts on a divergent one (abort_divergent defaults to true)',
  flyway: 'Flyway validates the checksum of every applied migration and fails validation ("Migration checksum mismatch")',
};

function consequence(runner: string): { severity: 'critical' | 'high'; text: string } {
  const c = CHECKSUM[runner];
  if (c) return { severity: 'critical', text: `${c}, so the next deploy fails` };
  return {
    severity: 'high',
    text: `${runner === 'unknown' ? 'the runner' : runner} does not re-run applied migrations, so databases that already ran it keep the old version while new databases get the new one (schema drift)`,
  };
}

/** The file the runner applies once and remembers: not a down, undo or repeatable script. */
function forwardFile(m: Migration): MigrationFile | undefined {
  const f = m.up;
  return f && f.direction !== 'repeatable' && f.direction !== 'undo' ? f : undefined;
}

export default defineRule({
  id: 'migrations/modified-after-merge',
  title: 'Applied migration modified, renamed or deleted',
  severity: 'critical',
  status: 'stable',
  judgesChanges: true,
  severities: [
    { severity: 'critical', when: 'the runner checksums applied migrations (sqlx, refinery, Flyway), so the next deploy fails' },
    { severity: 'high', when: 'the runner does not re-run applied migrations, so databases drift apart' },
  ],
  description:
    'With `scan --base REF`: finds migration files that existed at REF and were since modified, renamed or deleted.',
  rationale:
    'Migrations at the base revision have already run somewhere. sqlx, refinery and Flyway store checksums and refuse to deploy when an applied file changes; the other runners silently skip it and environments drift apart.',
  remediation: 'Revert the change to the applied migration and put the new change in a new migration.',
  references: ['https://documentation.red-gate.com/fd/validate-184127464.html', 'https://docs.rs/sqlx/latest/sqlx/migrate/struct.Migrator.html'],
  tags: ['migrations', 'deploy-failure', 'git'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    path: 'migrations/20240101000000_create_users.sql',
    bad: 'CREATE TABLE users (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    email text NOT NULL,\n    name text\n);\n',
    good: 'CREATE TABLE users (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    email text NOT NULL\n);\n',
    context: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
    },
    goodContext: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
      'migrations/20240301000000_add_users_name.sql': 'ALTER TABLE users ADD COLUMN name text;\n',
    },
    base: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
      'migrations/20240101000000_create_users.sql': 'CREATE TABLE users (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    email text NOT NULL\n);\n',
    },
  },
  async check(ctx) {
    const base = ctx.base;
    if (!base) return;
    const before = await base.model();
    const model = ctx.model.migrations;
    const current = new Map<string, MigrationFile>();
    for (const m of model.migrations) {
      const f = forwardFile(m);
      if (f) current.set(f.file.path, f);
    }
    for (const set of model.sets ?? []) {
      const old = before.migrations.sets.find((s) => s.dir === set.dir);
      if (!old) continue;
      const { severity, text } = consequence(set.runner);
      const newest = migrationsInRunnerOrder(set).filter((m) => forwardFile(m)).pop();
      for (const applied of old.migrations.map(forwardFile)) {
        if (!applied) continue;
        const path = applied.file.path;
        const now = current.get(path);
        if (now) {
          if (now.file.text === applied.file.text) continue;
          ctx.report({
            at: fileAnchor(now),
            severity,
            message: `${path} already existed at ${base.ref} and was modified since: ${text}. Revert this file and put the change in a new migration.${now.migration ? ` (runner: ${set.runner}, ${set.runnerReason})` : ''}`,
            key: `${path} modified-after-merge`,
          });
          continue;
        }
        const renamedTo = [...current.values()].find((f) => f.file.text === applied.file.text && !before.paths.has(f.file.path));
        if (renamedTo) {
          ctx.report({
            at: fileAnchor(renamedTo),
            severity,
            message: `${renamedTo.file.path} is ${path} from ${base.ref}, renamed: the runner sees a new migration and loses track of the applied one (${text}). Keep the original name.`,
            key: `${path} renamed-after-merge`,
          });
          continue;
        }
        if (!newest) continue;
        const anchorFile = forwardFile(newest)!;
        ctx.report({
          at: fileAnchor(anchorFile),
          severity,
          message: `${path} existed at ${base.ref} and was deleted: databases that applied it now have a migration the runner cannot find (${CHECKSUM[set.runner] ? `${set.runner} fails on a missing applied migration` : 'its changes can no longer be rolled back or recreated'}). Restore the file; undo its effect with a new migration instead.`,
          key: `${path} deleted-after-merge`,
        });
      }
    }
  },
});
