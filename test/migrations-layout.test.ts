/**
 * Which files are migrations: folders named by the runners' own settings
 * (src/model/migration-dirs.ts), migrations.paths, runner layouts, and the
 * evidence the lifter records for each migration (Migration.evidence).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../src/config/defaults.js';
import { classifyPaths } from '../src/discover/index.js';
import { LineIndex } from '../src/model/location.js';
import { liftMigrations } from '../src/model/lift-migrations.js';
import { atlasDirs, dbmateDirs, dieselDirs, flywayConfDirs, flywayTomlDirs, migrationPathsMatcher, normalizeRelative, rustMacroDirs } from '../src/model/migration-dirs.js';
import type { SourceFile } from '../src/model/types.js';

const dirs = (list: Array<{ dir: string; runner: string }>) => list.map((d) => `${d.runner}:${d.dir}`);

describe('migration folders from runner settings', () => {
  it('sqlx::migrate! and refinery embed_migrations!, relative to the crate; comments and dynamic paths ignored', () => {
    const rs =
      'fn main() {\n    sqlx::migrate!("./db/migrations").run(&pool).await?;\n    // sqlx::migrate!("old")\n    let m = sqlx::migrate!();\n}\n' +
      'mod embedded { refinery::embed_migrations!("../sql"); }\n';
    assert.deepEqual(dirs(rustMacroDirs('api/src/main.rs', rs, 'api')), ['sqlx:api/db/migrations', 'sqlx:api/migrations', 'refinery:sql']);
    assert.deepEqual(rustMacroDirs('src/main.rs', 'sqlx::migrate!(concat!(env!("X"), "/m"))', ''), []);
    assert.equal(rustMacroDirs('src/main.rs', 'sqlx::migrate!("./m")', '')[0]!.source, 'src/main.rs:1 migrate!("./m")');
  });

  it('diesel.toml [migrations_directory] dir, relative to the file', () => {
    assert.deepEqual(dirs(dieselDirs('backend/diesel.toml', '[print_schema]\nfile = "src/schema.rs"\ndir = "no"\n\n[migrations_directory]\ndir = "db/migrations"\n')), ['diesel:backend/db/migrations']);
    assert.deepEqual(dieselDirs('diesel.toml', '[print_schema]\nfile = "x"\n'), []);
  });

  it('Flyway locations: filesystem: relative to the config, classpath: under src/main/resources, several at once', () => {
    assert.deepEqual(dirs(flywayConfDirs('flyway.conf', { locations: 'filesystem:sql/changes, classpath:db/migration' })), ['flyway:sql/changes', 'flyway:src/main/resources/db/migration']);
    assert.deepEqual(dirs(flywayTomlDirs('db/flyway.toml', '[flyway]\nlocations = ["filesystem:migrations", "filesystem:../shared"]\n')), ['flyway:db/migrations', 'flyway:shared']);
    assert.deepEqual(dirs(flywayTomlDirs('flyway.toml', '[environments.prod.flyway]\nlocations = "filesystem:prod-sql"\n')), ['flyway:prod-sql']);
  });

  it('atlas.hcl migration { dir = "file://..." }, only inside a migration block', () => {
    const hcl = 'env "local" {\n  src = "file://schema.hcl"\n  dir = "file://not-this"\n  migration {\n    dir = "file://db/migrations"\n  }\n}\nenv "ci" { migration { dir = "file://ci/migrations?format=atlas" } }\n';
    assert.deepEqual(dirs(atlasDirs('atlas.hcl', hcl)), ['atlas:db/migrations', 'atlas:ci/migrations']);
  });

  it('dbmate --migrations-dir / -d / DBMATE_MIGRATIONS_DIR in scripts, Makefiles, compose and .env', () => {
    assert.deepEqual(dirs(dbmateDirs('Makefile', 'migrate:\n\tdbmate --migrations-dir ./db/sql up\n')), ['dbmate:db/sql']);
    assert.deepEqual(dirs(dbmateDirs('bin/migrate.sh', 'dbmate -d "schema/changes" --no-dump-schema up\n')), ['dbmate:schema/changes']);
    assert.deepEqual(dirs(dbmateDirs('.env', 'DBMATE_MIGRATIONS_DIR=./database/migrations\n')), ['dbmate:database/migrations']);
    assert.deepEqual(dirs(dbmateDirs('docker-compose.yml', '    environment:\n      DBMATE_MIGRATIONS_DIR: "/db/migrations"\n')), []);
    assert.deepEqual(dbmateDirs('x.sh', 'echo nothing'), []);
  });

  it('relative paths never leave the root; absolute paths and variables are not folders of the repository', () => {
    assert.equal(normalizeRelative('a/b', '../../c'), 'c');
    assert.equal(normalizeRelative('a', '../../c'), undefined);
    assert.equal(normalizeRelative('', '/abs'), undefined);
    assert.equal(normalizeRelative('', '$DIR/m'), undefined);
  });

  it('readers are linear on hostile input', () => {
    const long = `${'migrate!("'.repeat(20000)}\n${'dbmate -d'.repeat(20000)}\n${'migration {'.repeat(20000)}`;
    const t = Date.now();
    rustMacroDirs('x.rs', long, '');
    dbmateDirs('x.sh', long);
    atlasDirs('atlas.hcl', long);
    flywayTomlDirs('flyway.toml', `locations = ${'"a",'.repeat(20000)}`);
    assert.ok(Date.now() - t < 1500, `took ${Date.now() - t} ms`);
  });

  it('migrations.paths: globs and folders', () => {
    const m = migrationPathsMatcher(['db/changes', 'sql/**/*.up.sql', './ops/']);
    assert.equal(m('db/changes/001.sql'), 'db/changes');
    assert.equal(m('db/changes2/001.sql'), undefined);
    assert.equal(m('sql/a/b/1.up.sql'), 'sql/**/*.up.sql');
    assert.equal(m('ops/x.sql'), './ops/');
    assert.equal(migrationPathsMatcher(undefined)('a.sql'), undefined);
  });
});

describe('discovery of SQL files', () => {
  it('runner naming, migrations folders, atlas.sum folders and migrations.paths; not docker-entrypoint scripts or dumps', () => {
    const kinds = classifyPaths(
      ['migrations/20240101_a.sql', 'initdb/01-schema.sql', 'db/dump.sql', 'schema/atlas.sum', 'schema/20240101120000.sql', 'ops/changes/add.sql', 'src/migrations/V1__init.rs', 'tests/V1__x.rs'],
      ['ops/changes'],
    );
    assert.deepEqual(Object.fromEntries([...kinds].filter(([, k]) => k === 'sql-migration')), {
      'migrations/20240101_a.sql': 'sql-migration',
      'schema/20240101120000.sql': 'sql-migration',
      'ops/changes/add.sql': 'sql-migration',
      'src/migrations/V1__init.rs': 'sql-migration',
    });
  });
});

function sf(path: string, text: string): SourceFile {
  return { path, absPath: `/repo/${path}`, kind: classifyPaths([path]).get(path) ?? 'yaml', text, lines: new LineIndex(text) };
}

async function lift(files: Record<string, string>, opts: { aux?: Record<string, string>; paths?: string[]; sqlKinds?: string[] } = {}) {
  const config = defaultConfig();
  if (opts.paths) config.settings['migrations'] = { ...(config.settings['migrations'] ?? {}), paths: opts.paths };
  const all = Object.entries(files).map(([p, t]) => {
    const f = sf(p, t);
    return opts.sqlKinds?.includes(p) ? { ...f, kind: 'sql-migration' as const } : f;
  });
  const errors: string[] = [];
  const model = await liftMigrations(
    all.filter((f) => f.kind === 'sql-migration'),
    {
      root: '/repo',
      allFiles: all,
      config,
      parseError: (f, l, m, sev) => errors.push(`${f.path}:${l.startLine} ${sev ?? 'default'} ${m.slice(0, 30)}`),
      readAuxiliary: (p) => opts.aux?.[p],
    },
    [],
    [...Object.keys(files), ...Object.keys(opts.aux ?? {})],
  );
  return { model, errors };
}

const SQLX = '[dependencies]\nsqlx = { version = "0.8", features = ["postgres"] }\n';
const evidenceOf = (model: Awaited<ReturnType<typeof lift>>['model']) => Object.fromEntries(model.migrations.map((m) => [m.up?.file.path ?? m.down?.file.path, `${m.runner} ${m.evidence.kind}`]));

describe('migration evidence', () => {
  it('a folder named by sqlx::migrate! takes its runner from there, read from the Rust source on demand', async () => {
    const { model } = await lift(
      { 'Cargo.toml': SQLX, 'db/migrations/20240101000000_init.sql': 'CREATE TABLE a (id int);', 'migrations/20240101000000_old.sql': 'SELECT 1;' },
      { aux: { 'src/main.rs': 'fn main() { sqlx::migrate!("./db/migrations"); }' } },
    );
    assert.deepEqual(evidenceOf(model), { 'db/migrations/20240101000000_init.sql': 'sqlx runner-settings', 'migrations/20240101000000_old.sql': 'sqlx layout' });
    assert.match(model.migrations[0]!.evidence.detail, /src\/main\.rs:1 migrate!\("\.\/db\/migrations"\)/);
  });

  it('a declared folder takes files of any name (Flyway R__, Atlas timestamps); files in a migrations/ folder that no runner would apply are not migrations', async () => {
    const { model } = await lift(
      {
        'flyway.conf': 'flyway.locations=filesystem:sql\n',
        'sql/V1__init.sql': 'CREATE TABLE a (id int);',
        'sql/R__views.sql': 'CREATE VIEW v AS SELECT 1;',
        'sql/nested/V2__more.sql': 'SELECT 1;',
        'migrations/schema.sql': 'CREATE TABLE b (id int);',
        'migrations/001-init.sql': 'CREATE TABLE c (id int);',
      },
      { sqlKinds: ['sql/R__views.sql'] },
    );
    assert.deepEqual(evidenceOf(model), { 'sql/V1__init.sql': 'flyway runner-settings', 'sql/R__views.sql': 'flyway runner-settings', 'sql/nested/V2__more.sql': 'flyway runner-settings' });
    assert.deepEqual(model.notMigrations.map((n) => n.path).sort(), ['migrations/001-init.sql', 'migrations/schema.sql']);
    assert.match(model.notMigrations[0]!.reason, /migrations\.paths/);
  });

  it('migrations.paths opts files in; diesel.toml and atlas.hcl name folders', async () => {
    const { model } = await lift(
      {
        'ops/changes/add_users.sql': 'CREATE TABLE u (id int);',
        'diesel.toml': '[migrations_directory]\ndir = "db/diesel"\n',
        'db/diesel/2024-01-01-000000_init/up.sql': 'CREATE TABLE d (id int);',
        'atlas.hcl': 'env "dev" {\n  migration {\n    dir = "file://schema"\n  }\n}\n',
        'schema/20240101120000.sql': 'CREATE TABLE s (id int);',
      },
      { paths: ['ops/changes'], sqlKinds: ['ops/changes/add_users.sql', 'schema/20240101120000.sql'] },
    );
    assert.deepEqual(evidenceOf(model), {
      'ops/changes/add_users.sql': 'unknown config',
      'db/diesel/2024-01-01-000000_init/up.sql': 'diesel runner-settings',
      'schema/20240101120000.sql': 'atlas runner-settings',
    });
    assert.equal(model.migrations.find((m) => m.runner === 'atlas')!.up!.transaction.wrapped, true);
  });

  it('a name that fits a runner with no manifest to say which is a guess, and its parse errors are low', async () => {
    const { model, errors } = await lift({ 'sql/001_init.sql': 'CREATE TABLE (;' }, { sqlKinds: ['sql/001_init.sql'] });
    assert.equal(model.migrations[0]!.evidence.kind, 'guess');
    assert.deepEqual(errors.map((e) => e.split(' ').slice(0, 2).join(' ')), ['sql/001_init.sql:1 low']);
    const sure = await lift({ 'Cargo.toml': SQLX, 'migrations/001_init.sql': 'CREATE TABLE (;' });
    assert.equal(sure.model.migrations[0]!.evidence.kind, 'layout');
    assert.deepEqual(sure.errors.map((e) => e.split(' ').slice(0, 2).join(' ')), ['migrations/001_init.sql:1 default']);
  });

  it('dbmate folders from a Makefile, read only when dbmate is mentioned', async () => {
    const { model } = await lift(
      { 'database/changes/20240101000000_init.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n' },
      { aux: { Makefile: 'migrate:\n\tdbmate --migrations-dir database/changes up\n' }, sqlKinds: ['database/changes/20240101000000_init.sql'] },
    );
    assert.deepEqual(evidenceOf(model), { 'database/changes/20240101000000_init.sql': 'dbmate runner-settings' });
  });
});

describe('migrations.paths in .shipshape.yml', () => {
  it('a bad value exits 2 naming the key', async () => {
    const { cli, makeRepo } = await import('./helpers.js');
    const r = await cli(['scan', makeRepo({ '.shipshape.yml': 'migrations:\n  paths: db/changes\n', 'db/changes/a.sql': 'SELECT 1;\n' })]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /migrations\.paths: expected array/);
  });

  it('opts a folder in for a whole scan; SQL no runner applies is listed as not evaluated, not judged', async () => {
    const { cli, makeRepo } = await import('./helpers.js');
    const files = { 'ops/changes/add_index.sql': 'CREATE INDEX users_email ON users (email);\n', 'migrations/notes.sql': 'CREATE INDEX users_name ON users (name);\n' };
    const off = JSON.parse((await cli(['scan', makeRepo(files), '--format', 'json'])).stdout);
    assert.deepEqual(off.findings.filter((f: { ruleId: string }) => f.ruleId.startsWith('migrations/')), []);
    assert.ok(off.notes.some((n: { path: string; reason: string }) => n.path === 'migrations/notes.sql' && /not a migration.*migrations\.paths/.test(n.reason)), JSON.stringify(off.notes));
    const on = JSON.parse((await cli(['scan', makeRepo({ ...files, '.shipshape.yml': 'migrations:\n  paths: [ops/changes]\n' }), '--format', 'json'])).stdout);
    assert.ok(on.findings.some((f: { ruleId: string; location: { path: string } }) => f.ruleId === 'migrations/create-index-not-concurrent' && f.location.path === 'ops/changes/add_index.sql'));
  });
});
