import { defineRule } from '../../src/engine/rule.js';
import { compareVersions } from '../../src/model/migration-facts.js';
import { fileAnchor, migrationId } from './_shared.js';

/** What each runner does with an unapplied migration whose version is below the newest applied one. */
function behaviour(runner: string, settings: Record<string, string>): string | undefined {
  switch (runner) {
    case 'flyway':
      // outOfOrder defaults to false: validation fails with "Detected resolved migration not applied to database".
      return settings['outOfOrder'] === 'true' ? undefined : 'Flyway rejects it ("Detected resolved migration not applied to database") unless outOfOrder=true';
    case 'refinery':
      return 'refinery aborts on a migration "with a version inferior to the last one applied but not applied" (abort_missing defaults to true)';
    case 'goose':
      return 'goose refuses missing (out-of-order) migrations unless run with -allow-missing';
    case 'golang-migrate':
      return 'golang-migrate only stores the current version, so it silently never applies it';
    default:
      // sqlx, diesel and dbmate apply every pending migration regardless of order.
      return undefined;
  }
}

export default defineRule({
  id: 'migrations/out-of-order',
  title: 'New migration sorts before already-merged ones',
  severity: 'high',
  status: 'stable',
  judgesChanges: true,
  description:
    'With `scan --base REF`: finds migrations added after REF whose version sorts before the newest migration at REF, for runners that reject or skip them (Flyway without outOfOrder, refinery, goose, golang-migrate).',
  rationale: 'Two branches created migrations in parallel and the older one merged last: production has already applied the newer version, so the runner rejects or silently skips the older one.',
  remediation: 'Regenerate the new migration\'s version (timestamp) so it sorts after every merged migration.',
  references: ['https://documentation.red-gate.com/fd/flyway-out-of-order-setting-277578996.html', 'https://pressly.github.io/goose/blog/2021/out-of-order-migrations/'],
  tags: ['migrations', 'deploy-failure', 'git'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    path: 'db/migration/V2__add_email.sql',
    bad: '-- written on a branch before V3 was merged\nALTER TABLE accounts ADD COLUMN email text;\n',
    good: '-- renumbered after V3, the newest merged version\nALTER TABLE accounts ADD COLUMN email text;\n',
    goodPath: 'db/migration/V4__add_email.sql',
    context: {
      'flyway.conf': 'flyway.url=jdbc:postgresql://localhost:5432/app\nflyway.locations=filesystem:db/migration\n',
      'db/migration/V1__create_accounts.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n',
      'db/migration/V3__add_created_at.sql': 'ALTER TABLE accounts ADD COLUMN created_at timestamptz;\n',
    },
    base: {
      'flyway.conf': 'flyway.url=jdbc:postgresql://localhost:5432/app\nflyway.locations=filesystem:db/migration\n',
      'db/migration/V1__create_accounts.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n',
      'db/migration/V3__add_created_at.sql': 'ALTER TABLE accounts ADD COLUMN created_at timestamptz;\n',
    },
  },
  async check(ctx) {
    const base = ctx.base;
    if (!base) return;
    const baseFiles = (await base.model()).paths;
    for (const set of ctx.model.migrations.sets ?? []) {
      const why = behaviour(set.runner, set.settings ?? {});
      if (!why) continue;
      const versioned = set.migrations.filter((m) => m.up && m.version && m.prefix !== 'R' && !(set.runner === 'refinery' && m.prefix === 'U'));
      const old = versioned.filter((m) => baseFiles.has(m.up!.file.path));
      if (!old.length) continue;
      const newestOld = old.reduce((a, b) => (compareVersions(a.version, b.version) >= 0 ? a : b));
      for (const m of versioned) {
        if (baseFiles.has(m.up!.file.path)) continue;
        if (compareVersions(m.version, newestOld.version) >= 0) continue;
        ctx.report({
          at: fileAnchor(m.up!),
          message: `Migration ${migrationId(m, m.up!)} is new since ${base.ref} but its version ${m.version} sorts before ${newestOld.version} (${newestOld.up!.file.path}), which is already merged: ${why}. Give it a version after ${newestOld.version}.`,
          related: [{ location: fileAnchor(newestOld.up!), message: `newest migration at ${base.ref}` }],
          key: `${migrationId(m, m.up!)} out-of-order`,
        });
      }
    }
  },
});
