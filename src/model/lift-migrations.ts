/**
 * Lifts SQL migration files into `MigrationModel`: detects the migration
 * runner of every migration directory from its layout and the project's
 * manifests, pairs up/down files, decides whether the runner wraps each file in
 * a transaction, and parses every file with libpg-query (imported lazily).
 *
 * Runner transaction semantics, checked against each runner's own docs/source:
 *
 * - sqlx: every migration runs in a transaction unless the file *starts* with
 *   `-- no-transaction` (sqlx-core/src/migrate/source.rs: `no_tx =
 *   sql.starts_with("-- no-transaction")`, so it must be the first bytes). A
 *   no-tx migration is sent with one `execute` of the whole file, i.e. one
 *   simple-query message, which PostgreSQL runs as one implicit transaction
 *   when it holds several statements (PostgreSQL docs, protocol-flow
 *   "Multiple Statements in a Simple Query").
 * - diesel: "By default, each migration is run inside a dedicated transaction
 *   block. If the metadata file contains `run_in_transaction = false`, then this
 *   behavior will be disabled" (diesel_migrations/src/file_based_migrations.rs
 *   docs). The file is run with `batch_execute`, so the same implicit
 *   transaction applies to multi-statement files (the same doc warns that
 *   "cannot run inside a transaction block" errors despite
 *   `run_in_transaction = false` mean the migration has several statements).
 * - refinery: "by default ... each migration runs on their own transaction";
 *   `set_grouped(true)` puts all of them in one (docs.rs refinery::Runner).
 *   There is no per-migration opt-out. `U` files are *unversioned* migrations,
 *   not undo. `set_abort_missing` (default true) aborts on "migrations found on
 *   filesystem with a version inferior to the last one applied but not applied".
 * - flyway: `executeInTransaction` defaults to true and can be set per script in
 *   `<script>.sql.conf` (Redgate docs "Flyway Execute In Transaction Setting",
 *   Flyway 6.1 release notes). Flyway's PostgreSQL parser also detects
 *   statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY,
 *   REINDEX, VACUUM, ALTER TYPE ... ADD VALUE, ...) and runs such a script
 *   without one; mixing them with other statements fails unless `mixed=true`
 *   (flyway PostgreSQLParser.detectCanExecuteInTransaction). `U` = undo,
 *   `R` = repeatable. `outOfOrder` defaults to false.
 * - golang-migrate: no transaction of its own ("It's up to the user to wrap
 *   several statements into transactions", mattes/migrate#252, golang-migrate
 *   MIGRATIONS.md); the postgres driver sends the file in one `Exec`, which
 *   PostgreSQL runs as an implicit transaction when it holds several statements
 *   (golang-migrate PR #495, which added `x-multi-statement` for that reason).
 *   It only stores the current version, so a lower version added later is
 *   silently never applied (golang-migrate issue reports, e.g.
 *   superplanehq/superplane#4812).
 * - dbmate: "Migrations are run atomically inside a transaction" (README);
 *   `-- migrate:up transaction:false` opts out (added in v1.5.0, dbmate#285).
 *   dbmate applies all pending migrations, older ones included (dbmate#159).
 * - goose: each migration in a transaction unless the file has the
 *   `-- +goose NO TRANSACTION` annotation, which applies to Up and Down
 *   (goose annotations docs). goose splits statements itself, so there is no
 *   implicit multi-statement transaction. Since v3.3.0 an older unapplied
 *   migration is an error unless `-allow-missing`.
 */
import type { LiftContext } from './lift-context.js';
import { statementContexts } from './migration-facts.js';
import { headLocation, typeStatement, type RawStatement } from './sql-statements.js';
import type { SourceFile } from './types.js';
import { parseTomlValue, type TomlDocument } from '../parsers/toml.js';
import { atlasDirs, dbmateDirs, dieselDirs, flywayConfDirs, flywayTomlDirs, migrationPathsMatcher, rustMacroDirs, type DeclaredDir } from './migration-dirs.js';
import type {
  Migration,
  MigrationFile,
  MigrationModel,
  MigrationRunner,
  MigrationEvidence,
  MigrationSet,
  SqlStatement,
  SqlToken,
  TransactionMode,
} from './migration-types.js';
import { refineryRustSql } from './refinery-rust.js';
import { dirOf } from '../base/repo-path.js';

// ------------------------------------------------------------------ layout

type Layout = 'diesel' | 'flyway' | 'numbered-updown' | 'numbered' | 'other';

interface Candidate {
  file: SourceFile;
  layout: Layout;
  setDir: string;
  version: string;
  name: string;
  direction: MigrationFile['direction'];
  /** Flyway/refinery prefix letter. */
  prefix?: string;
  /** Directory of a diesel migration (`migrations/2020-01-01-000000_x`). */
  migrationDir?: string;
}

/**
 * Directories named after another database engine hold that engine's dialect
 * (e.g. vaultwarden's `migrations/mysql` and `migrations/sqlite` next to
 * `migrations/postgresql`). libpg-query only knows PostgreSQL, so these trees
 * are skipped entirely: no parse errors, no findings.
 */
const OTHER_DIALECT_DIR = /^(mysql|mariadb|sqlite3?|mssql|sqlserver|tsql|oracle|clickhouse|snowflake|bigquery|spanner|cockroach(db)?|cassandra|h2|hsqldb|derby)$/i;

export function isOtherDialectPath(path: string): boolean {
  const parts = path.split('/');
  parts.pop();
  return parts.some((p) => OTHER_DIALECT_DIR.test(p));
}


function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function classifyMigrationPath(file: SourceFile): Candidate {
  const base = basename(file.path);
  const dir = dirOf(file.path);
  const lower = base.toLowerCase();
  if (lower === 'up.sql' || lower === 'down.sql') {
    const migDir = basename(dir);
    const us = migDir.indexOf('_');
    return {
      file,
      layout: 'diesel',
      setDir: dirOf(dir),
      // diesel takes the text before the first `_` as the version.
      version: us === -1 ? migDir : migDir.slice(0, us),
      name: us === -1 ? migDir : migDir.slice(us + 1),
      direction: lower === 'up.sql' ? 'up' : 'down',
      migrationDir: dir,
    };
  }
  // refinery also takes `V1__name.rs` (Rust returning the SQL; see refinery-rust.ts).
  const fly = /^([VUBR])([^_]*)__(.+)\.(?:sql|rs)$/.exec(base);
  if (fly) {
    const prefix = fly[1]!;
    return {
      file,
      layout: 'flyway',
      setDir: dir,
      version: fly[2]!,
      name: fly[3]!,
      direction: prefix === 'R' ? 'repeatable' : prefix === 'U' ? 'undo' : 'up',
      prefix,
    };
  }
  const num = /^(\d+)_(.+?)(?:\.(up|down))?\.sql$/i.exec(base);
  if (num) {
    const dirn = num[3]?.toLowerCase();
    return {
      file,
      layout: dirn ? 'numbered-updown' : 'numbered',
      setDir: dir,
      version: num[1]!,
      name: num[2]!,
      direction: dirn === 'down' ? 'down' : dirn === 'up' ? 'up' : 'single',
    };
  }
  return { file, layout: 'other', setDir: dir, version: base.replace(/\.sql$/i, ''), name: base.replace(/\.sql$/i, ''), direction: 'single' };
}

// ------------------------------------------------------------------ manifests

const DEP_TABLES = new Set(['dependencies', 'dev-dependencies', 'build-dependencies']);

/**
 * Dependency names declared in a Cargo.toml: the keys of every
 * `[dependencies]`, `[dev-dependencies]` and `[build-dependencies]` table,
 * including `[workspace.dependencies]` and `[target.'cfg(..)'.dependencies]`.
 * Read from the parsed TOML; invalid TOML names none (build.ts reports it).
 */
export function cargoDependencies(source: string | Record<string, unknown>): Set<string> {
  const deps = new Set<string>();
  let doc: Record<string, unknown>;
  try {
    doc = typeof source === 'string' ? parseTomlValue(source) : source;
  } catch {
    return deps;
  }
  // Only tables nest; a manifest is a few levels deep, so a depth bound costs nothing.
  const visit = (table: Record<string, unknown>, depth: number) => {
    for (const [k, v] of Object.entries(table)) {
      if (!isTable(v)) continue;
      if (DEP_TABLES.has(k)) for (const name of Object.keys(v)) deps.add(name);
      else if (depth < 4) visit(v, depth + 1);
    }
  };
  visit(doc, 0);
  return deps;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

const RUST_RUNNER_DEPS: Array<[Exclude<MigrationRunner, 'unknown'>, string[]]> = [
  ['diesel', ['diesel_migrations', 'diesel-migrations', 'diesel', 'diesel-async', 'diesel_cli']],
  ['sqlx', ['sqlx', 'sqlx-core', 'sqlx-cli', 'sqlx-postgres']],
  ['refinery', ['refinery', 'refinery-core', 'refinery_core']],
];

const GO_RUNNER_MODULES: Array<[Exclude<MigrationRunner, 'unknown'>, RegExp]> = [
  ['golang-migrate', /github\.com\/golang-migrate\/migrate/],
  ['goose', /github\.com\/pressly\/goose/],
  ['dbmate', /github\.com\/amacneil\/dbmate/],
];

interface ManifestFacts {
  rust: Map<string, { path: string; runners: Set<MigrationRunner> }>;
  go: Map<string, { path: string; runners: Set<MigrationRunner> }>;
  flyway: Array<{ path: string; settings: Record<string, string> }>;
  scriptConf: Map<string, Record<string, string>>;
  dieselMetadata: Map<string, { path: string; runInTransaction?: boolean }>;
}

/**
 * Settings of a Java properties file (`flyway.conf`, `V1__x.sql.conf`): one
 * `key=value`, `key: value` or `key value` per logical line, `#`/`!` comments,
 * a trailing `\\` continues the line. Keys lose a leading `flyway.`.
 */
export function readProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/\r$/, '').trimStart();
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    while (endsWithOddBackslashes(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/\r$/, '').trimStart();
    let sep = 0;
    while (sep < line.length && line[sep] !== '=' && line[sep] !== ':' && line[sep] !== ' ' && line[sep] !== '\t') sep += line[sep] === '\\' ? 2 : 1;
    const key = line.slice(0, sep);
    let rest = line.slice(sep).trimStart();
    if (rest[0] === '=' || rest[0] === ':') rest = rest.slice(1).trimStart();
    out[key.startsWith('flyway.') ? key.slice('flyway.'.length) : key] = rest.trim();
  }
  return out;
}

function endsWithOddBackslashes(line: string): boolean {
  let n = 0;
  while (n < line.length && line[line.length - 1 - n] === '\\') n++;
  return n % 2 === 1;
}

/**
 * Scalar settings of a TOML config as strings (`false` → "false"): the
 * `[flyway]` table of a flyway.toml, the top level of a diesel metadata.toml.
 * Invalid TOML gives none.
 */
export function readTomlSettings(text: string, table?: string): Record<string, string> {
  const out: Record<string, string> = {};
  let doc: Record<string, unknown>;
  try {
    doc = parseTomlValue(text);
  } catch {
    return out;
  }
  const src = table === undefined ? doc : doc[table];
  if (!isTable(src)) return out;
  for (const [k, v] of Object.entries(src)) {
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') out[k] = String(v);
  }
  return out;
}

function gatherManifests(all: readonly SourceFile[], parsed: ReadonlyMap<string, TomlDocument>): ManifestFacts {
  const facts: ManifestFacts = { rust: new Map(), go: new Map(), flyway: [], scriptConf: new Map(), dieselMetadata: new Map() };
  for (const f of all) {
    const base = basename(f.path).toLowerCase();
    if (f.kind === 'cargo' || base === 'cargo.toml') {
      // The model builder has parsed every Cargo.toml already (and reported it if invalid).
      const deps = cargoDependencies(parsed.get(f.path)?.value ?? f.text);
      const runners = new Set<MigrationRunner>();
      for (const [runner, names] of RUST_RUNNER_DEPS) if (names.some((n) => deps.has(n))) runners.add(runner);
      facts.rust.set(dirOf(f.path), { path: f.path, runners });
    } else if (f.kind === 'go-mod' || base === 'go.mod') {
      const runners = new Set<MigrationRunner>();
      for (const [runner, re] of GO_RUNNER_MODULES) if (re.test(f.text)) runners.add(runner);
      facts.go.set(dirOf(f.path), { path: f.path, runners });
    } else if (base === 'flyway.conf') {
      facts.flyway.push({ path: f.path, settings: readProperties(f.text) });
    } else if (base === 'flyway.toml') {
      facts.flyway.push({ path: f.path, settings: readTomlSettings(f.text, 'flyway') });
    } else if (base.endsWith('.sql.conf')) {
      facts.scriptConf.set(f.path.slice(0, -'.conf'.length), readProperties(f.text));
    } else if (base === 'metadata.toml') {
      const kv = readTomlSettings(f.text);
      const v = kv['run_in_transaction'];
      facts.dieselMetadata.set(dirOf(f.path), { path: f.path, runInTransaction: v === undefined ? undefined : v !== 'false' });
    }
  }
  return facts;
}

/** The nearest manifest at or above `dir` that names a runner, else the nearest manifest. */
function nearest<T extends { runners: Set<MigrationRunner> }>(map: Map<string, T>, dir: string): T | undefined {
  let d = dir;
  let first: T | undefined;
  for (;;) {
    const hit = map.get(d);
    if (hit) {
      if (hit.runners.size > 0) return hit;
      first ??= hit;
    }
    if (d === '') return first;
    d = dirOf(d);
  }
}

function anyManifestWith<T extends { path: string; runners: Set<MigrationRunner> }>(map: Map<string, T>, runner: MigrationRunner): T | undefined {
  for (const m of map.values()) if (m.runners.has(runner)) return m;
  return undefined;
}

// ------------------------------------------------------------------ runner detection

// Annotations are `--` comment lines; each pattern below is matched against the
// text after `--` of one line (see commentLines), never across the whole file.
const GOOSE_MARK = /^\s*\+goose\s+(up|down)\b/i;
const GOOSE_NO_TX = /^\s*\+goose\s+no\s+transaction\b/i;
const DBMATE_MARK = /^\s*migrate:(up|down)\b/;
const DBMATE_NO_TX = /\btransaction:false\b/;
const ATLAS_NO_TX = /^\s*atlas:txmode\s+none\b/;

/**
 * The lines of `text` that start with `--`: where each starts and its text
 * after the `--`. Walking lines keeps annotation matching linear; multiline
 * regexes over the whole file could not be shown linear.
 */
function* commentLines(text: string): Generator<{ at: number; body: string }> {
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    if (text.startsWith('--', at)) yield { at, body: text.slice(at + 2, text[end - 1] === '\r' ? end - 1 : end) };
    at = end + 1;
  }
}

function hasCommentLine(text: string, test: (body: string) => boolean): boolean {
  for (const { body } of commentLines(text)) if (test(body)) return true;
  return false;
}

const gooseUp = (body: string) => GOOSE_MARK.exec(body)?.[1]?.toLowerCase() === 'up';
const dbmateUp = (body: string) => DBMATE_MARK.exec(body)?.[1] === 'up';

interface RunnerChoice {
  runner: MigrationRunner;
  reason: string;
  /** A manifest, a marker in the files or a layout only one runner uses says so (not "assumed"). */
  confident?: boolean;
}

function detectRunner(cands: Candidate[], setDir: string, facts: ManifestFacts): RunnerChoice {
  const count = (l: Layout) => cands.filter((c) => c.layout === l).length;
  if (cands.some((c) => hasCommentLine(c.file.text, gooseUp))) return { runner: 'goose', reason: 'the files carry `-- +goose Up` annotations', confident: true };
  if (cands.some((c) => hasCommentLine(c.file.text, dbmateUp))) return { runner: 'dbmate', reason: 'the files carry `-- migrate:up` sections', confident: true };

  const rust = nearest(facts.rust, setDir);
  const go = nearest(facts.go, setDir);
  const rustSays = (r: MigrationRunner) => (rust?.runners.has(r) ? rust : undefined) ?? anyManifestWith(facts.rust, r);
  const goSays = (r: MigrationRunner) => (go?.runners.has(r) ? go : undefined) ?? anyManifestWith(facts.go, r);

  const diesel = count('diesel');
  const flyway = count('flyway');
  const updown = count('numbered-updown');
  const plain = count('numbered');
  const top = Math.max(diesel, flyway, updown, plain);
  if (top === 0) return { runner: 'unknown', reason: 'no file name matches a known migration runner layout' };

  if (diesel === top) {
    const m = rustSays('diesel');
    return { runner: 'diesel', reason: m ? `\`<version>_<name>/up.sql\` layout and ${m.path} depends on diesel` : '`<version>_<name>/up.sql` layout is diesel\'s', confident: true };
  }
  if (flyway === top) {
    const m = rustSays('refinery');
    const layout = cands.some((c) => c.file.path.endsWith('.rs')) ? '`V<n>__<name>.rs`' : '`V<n>__<name>.sql`';
    if (m) return { runner: 'refinery', reason: `${layout} layout and ${m.path} depends on refinery`, confident: true };
    const conf = facts.flyway[0];
    return { runner: 'flyway', reason: conf ? `\`V<n>__<name>.sql\` layout and ${conf.path} exists` : '`V<n>__<name>.sql` layout and no Cargo.toml depends on refinery: assumed Flyway', confident: true };
  }
  // `<version>_<name>[.up|.down].sql`: sqlx, golang-migrate, goose and dbmate all use it.
  const sqlx = rustSays('sqlx');
  if (sqlx) return { runner: 'sqlx', reason: `${sqlx.path} depends on sqlx`, confident: true };
  for (const r of ['golang-migrate', 'goose', 'dbmate'] as const) {
    const m = goSays(r);
    if (m) return { runner: r, reason: `${m.path} requires ${r}`, confident: true };
  }
  if (updown === top) {
    if (rust) return { runner: 'sqlx', reason: `\`<version>_<name>.up.sql\` layout in a Rust project (${rust.path}) without a known runner dependency: assumed sqlx` };
    return { runner: 'golang-migrate', reason: `\`<version>_<name>.up.sql\` layout and no manifest names a runner: assumed golang-migrate` };
  }
  if (rust) return { runner: 'sqlx', reason: `\`<version>_<name>.sql\` layout in a Rust project (${rust.path}): assumed sqlx` };
  return { runner: 'unknown', reason: '`<version>_<name>.sql` fits several runners (sqlx, goose, dbmate) and no manifest says which' };
}

// ------------------------------------------------------------------ transaction modes

const MULTI_NOTE = 'one multi-statement query, which PostgreSQL runs as a single implicit transaction';

function transactionFor(
  runner: MigrationRunner,
  cand: Candidate,
  facts: ManifestFacts,
  section: 'up' | 'down' | undefined,
  flywaySettings: Record<string, string>,
): TransactionMode {
  const text = cand.file.text;
  switch (runner) {
    case 'sqlx': {
      const optOut = 'make `-- no-transaction` the very first line of the file (sqlx)';
      if (text.startsWith('-- no-transaction')) {
        return { wrapped: false, reason: 'the file starts with `-- no-transaction` (sqlx)', optOut, implicitWhenMultiStatement: true };
      }
      return { wrapped: true, reason: 'sqlx runs each migration in a transaction unless the file starts with `-- no-transaction`', optOut, implicitWhenMultiStatement: true };
    }
    case 'diesel': {
      const dir = cand.migrationDir ?? dirOf(cand.file.path);
      const optOut = `add \`${dir}/metadata.toml\` containing \`run_in_transaction = false\` (diesel)`;
      const meta = facts.dieselMetadata.get(dir);
      if (meta?.runInTransaction === false) {
        return { wrapped: false, reason: `${meta.path} sets \`run_in_transaction = false\` (diesel)`, optOut, implicitWhenMultiStatement: true };
      }
      return { wrapped: true, reason: 'diesel runs each migration in a transaction unless its metadata.toml sets `run_in_transaction = false`', optOut, implicitWhenMultiStatement: true };
    }
    case 'refinery':
      return {
        wrapped: true,
        reason: 'refinery runs each migration in its own transaction',
        optOut: 'refinery has no per-migration opt-out: run this statement outside refinery (e.g. a separate deploy step with psql)',
        implicitWhenMultiStatement: false,
      };
    case 'flyway': {
      const optOut = `create \`${cand.file.path}.conf\` containing \`executeInTransaction=false\` (Flyway)`;
      const conf = facts.scriptConf.get(cand.file.path);
      const v = conf?.['executeInTransaction'] ?? flywaySettings['executeInTransaction'];
      if (v === 'false') {
        return { wrapped: false, reason: conf?.['executeInTransaction'] ? `${cand.file.path}.conf sets executeInTransaction=false` : 'flyway config sets executeInTransaction=false', optOut, implicitWhenMultiStatement: false };
      }
      return { wrapped: true, reason: 'Flyway runs each script in a transaction (executeInTransaction defaults to true)', optOut, implicitWhenMultiStatement: false };
    }
    case 'golang-migrate':
      return {
        wrapped: false,
        reason: `golang-migrate adds no transaction but sends the file as ${MULTI_NOTE}`,
        optOut: 'golang-migrate sends the whole file as one query: put this statement alone in its own migration file (or enable `x-multi-statement=true` in the database URL)',
        implicitWhenMultiStatement: true,
      };
    case 'dbmate': {
      const marker = section === 'down' ? '-- migrate:down' : '-- migrate:up';
      const optOut = `write \`${marker} transaction:false\` (dbmate)`;
      const want = section === 'down' ? 'down' : 'up';
      if (hasCommentLine(text, (body) => DBMATE_MARK.exec(body)?.[1] === want && DBMATE_NO_TX.test(body))) return { wrapped: false, reason: `the section is marked \`${marker} transaction:false\``, optOut, implicitWhenMultiStatement: true };
      return { wrapped: true, reason: 'dbmate runs each migration in a transaction unless marked `transaction:false`', optOut, implicitWhenMultiStatement: true };
    }
    case 'goose': {
      const optOut = 'add the line `-- +goose NO TRANSACTION` at the top of the file (goose)';
      if (hasCommentLine(text, (body) => GOOSE_NO_TX.test(body))) {
        return { wrapped: false, reason: 'the file has `-- +goose NO TRANSACTION`', optOut, implicitWhenMultiStatement: false };
      }
      return { wrapped: true, reason: 'goose runs each migration in a transaction unless annotated `-- +goose NO TRANSACTION`', optOut, implicitWhenMultiStatement: false };
    }
    case 'atlas': {
      const optOut = 'add the line `-- atlas:txmode none` at the top of the file (Atlas)';
      if (hasCommentLine(text, (body) => ATLAS_NO_TX.test(body))) return { wrapped: false, reason: 'the file has `-- atlas:txmode none`', optOut, implicitWhenMultiStatement: false };
      return { wrapped: true, reason: 'Atlas runs each migration file in a transaction (`--tx-mode file`) unless it has `-- atlas:txmode none`', optOut, implicitWhenMultiStatement: false };
    }
    default:
      return {
        wrapped: false,
        reason: 'unknown runner: not assuming a transaction',
        optOut: 'run it outside a transaction (see how your migration tool disables its transaction)',
        implicitWhenMultiStatement: false,
      };
  }
}

// ------------------------------------------------------------------ lifting

type SqlModule = typeof import('../parsers/sql.js');

/**
 * `toml`: the TOML documents the model builder parsed, so manifests are not parsed twice.
 * `paths`: every path of the scan (artifact or not), where Rust sources and scripts naming a
 * migration folder are looked for.
 */
export async function liftMigrations(
  files: SourceFile[],
  ctx: LiftContext,
  toml: readonly TomlDocument[] = [],
  paths: Iterable<string> = ctx.allFiles.map((f) => f.path),
): Promise<MigrationModel> {
  const model: MigrationModel = { migrations: [], files: [], sets: [], notMigrations: [] };
  const relevant = files.filter((f) => !isOtherDialectPath(f.path));
  if (relevant.length === 0) return model;

  const facts = gatherManifests(ctx.allFiles, new Map(toml.map((d) => [d.file.path, d])));
  const allPaths = [...paths];
  const declared = declaredMigrationDirs(ctx, facts, allPaths, relevant);
  const configured = migrationPathsMatcher(ctx.config.settings['migrations']?.['paths']);
  const atlasSums = new Set(allPaths.filter((p) => basename(p) === 'atlas.sum').map(dirOf));

  const bySet = new Map<string, Candidate[]>();
  for (const f of relevant) {
    const c = classifyMigrationPath(f);
    const list = bySet.get(c.setDir);
    if (list) list.push(c);
    else bySet.set(c.setDir, [c]);
  }

  let sql: SqlModule | undefined;
  let mod: Awaited<ReturnType<SqlModule['loadSqlModule']>> | undefined;
  for (const setDir of [...bySet.keys()].sort()) {
    const all = bySet.get(setDir)!.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
    const decl = declaredFor(declared, setDir);
    const choice: RunnerChoice = decl
      ? { runner: decl.runner, reason: decl.source, confident: true }
      : atlasSums.has(setDir)
        ? { runner: 'atlas', reason: `${setDir ? `${setDir}/` : ''}atlas.sum marks an Atlas migration directory`, confident: true }
        : detectRunner(all, setDir, facts);
    const cands: Array<{ cand: Candidate; evidence: MigrationEvidence }> = [];
    for (const found of all) {
      const cand = found.file.path.endsWith('.rs') ? rustMigration(found, choice.runner) : found;
      if ('notEvaluated' in cand) {
        model.notMigrations.push({ path: found.file.path, reason: cand.notEvaluated });
        continue;
      }
      const evidence = evidenceOf(cand, setDir, decl, choice, configured);
      if (evidence) cands.push({ cand, evidence });
      else model.notMigrations.push({ path: cand.file.path, reason: notMigrationReason(cand) });
    }
    if (cands.length === 0) continue;
    sql ??= await import('../parsers/sql.js');
    mod ??= await sql.loadSqlModule();
    const flywayConf = facts.flyway.find((c) => setDir.startsWith(dirOf(c.path))) ?? facts.flyway[0];
    const settings: Record<string, string> = { ...(flywayConf?.settings ?? {}) };
    const set: MigrationSet = { dir: setDir, runner: choice.runner, runnerReason: choice.reason, migrations: [], settings, evidence: strongest(cands.map((c) => c.evidence)) };
    const byKey = new Map<string, Migration>();

    for (const { cand, evidence } of cands) {
      // A file only guessed to be a migration may be any SQL: its syntax errors are not high findings.
      const parsed = parseFile(sql, mod, cand.file, ctx, evidence.kind === 'guess' ? 'low' : undefined);
      const baseKey = migrationKey(choice.runner, cand);
      const isDown = cand.direction === 'down' || (cand.direction === 'undo' && choice.runner !== 'refinery');
      // Two files of the same direction under one key are two migrations (a duplicate version).
      let key = baseKey;
      for (let n = 2; byKey.get(key) && (isDown ? byKey.get(key)!.down : byKey.get(key)!.up); n++) key = `${baseKey}#${n}`;
      let mig = byKey.get(key);
      if (!mig) {
        mig = {
          runner: choice.runner,
          runnerReason: choice.reason,
          version: cand.version,
          name: cand.name,
          setDir,
          location: cand.file.lines.lineLocation(cand.file.path, 1),
          paths: [],
          runnerSettings: settings,
          evidence,
          ...(cand.prefix ? { prefix: cand.prefix } : {}),
        };
        byKey.set(key, mig);
        set.migrations.push(mig);
        model.migrations.push(mig);
      }
      const m = mig;
      if (!isDown) {
        m.name = cand.name;
        m.evidence = evidence;
        if (cand.prefix) m.prefix = cand.prefix;
      }
      m.paths.push(cand.file.path);
      if (cand.migrationDir) {
        const meta = facts.dieselMetadata.get(cand.migrationDir);
        if (meta && !m.paths.includes(meta.path)) m.paths.push(meta.path);
      }
      const conf = facts.scriptConf.get(cand.file.path);
      if (conf) m.paths.push(`${cand.file.path}.conf`);

      const sections = sectionsOf(choice.runner, cand.file.text);
      if (sections) {
        for (const sec of sections) {
          const mf = buildFile(cand, parsed, sec.direction, transactionFor(choice.runner, cand, facts, sec.direction, settings), sec);
          attach(m, mf, model);
        }
        if (!sections.some((sec) => sec.direction === 'up')) {
          // A goose/dbmate file without sections: everything counts as up.
          attach(m, buildFile(cand, parsed, 'up', transactionFor(choice.runner, cand, facts, 'up', settings)), model);
        }
      } else {
        let direction = cand.direction;
        // refinery `U` files are unversioned migrations, not undo scripts.
        if (choice.runner === 'refinery' && direction === 'undo') direction = 'single';
        attach(m, buildFile(cand, parsed, direction, transactionFor(choice.runner, cand, facts, undefined, settings)), model);
      }
    }
    model.sets.push(set);
  }
  return model;
}

/**
 * A refinery `V1__name.rs` migration as the SQL its `migration()` returns: the
 * same file with everything but the literals blanked, so locations stay those
 * of the `.rs` source. Only refinery runs Rust migrations.
 */
function rustMigration(cand: Candidate, runner: MigrationRunner): Candidate | { notEvaluated: string } {
  const name = basename(cand.file.path);
  if (runner !== 'refinery') return { notEvaluated: `not a migration: ${name} is Rust, and only refinery runs Rust migrations; no refinery dependency was found for this folder` };
  const out = refineryRustSql(cand.file.text);
  if ('notEvaluated' in out) return { notEvaluated: `refinery migration not evaluated: ${name}: ${out.notEvaluated}` };
  return { ...cand, file: { ...cand.file, text: out.sql } };
}

// ------------------------------------------------------------------ evidence

const EVIDENCE_ORDER: ReadonlyArray<MigrationEvidence['kind']> = ['runner-settings', 'config', 'layout', 'guess'];

function strongest(list: MigrationEvidence[]): MigrationEvidence {
  return [...list].sort((a, b) => EVIDENCE_ORDER.indexOf(a.kind) - EVIDENCE_ORDER.indexOf(b.kind))[0]!;
}

const LAYOUT_WORDS: Record<Layout, string> = {
  diesel: '`<version>_<name>/up.sql`',
  flyway: '`V<version>__<name>.sql`',
  'numbered-updown': '`<version>_<name>.up.sql`',
  numbered: '`<version>_<name>.sql`',
  other: 'no runner naming',
};

/** Folder names runners use by default (`migrations/`, Flyway's `db/migration`). */
const MIGRATIONS_FOLDER = /(^|\/)migrations?(\/|$)/i;

/** The migration set of `setDir` declared by a runner's settings: that folder, or (Flyway searches locations recursively) one above it. */
function declaredFor(declared: readonly DeclaredDir[], setDir: string): DeclaredDir | undefined {
  const exact = declared.find((d) => d.dir === setDir);
  if (exact) return exact;
  return declared.find((d) => d.runner === 'flyway' && (d.dir === '' || setDir.startsWith(`${d.dir}/`)));
}

/**
 * Why `cand` is a migration, or undefined when no runner applies it: a folder named by runner
 * settings or migrations.paths takes any .sql file; otherwise the name must follow the layout
 * of the runner assumed for the folder.
 */
function evidenceOf(cand: Candidate, setDir: string, decl: DeclaredDir | undefined, choice: RunnerChoice, configured: (p: string) => string | undefined): MigrationEvidence | undefined {
  if (decl) return { kind: 'runner-settings', detail: `${decl.runner} applies the files of ${setDir || 'the repository root'}: ${decl.source}` };
  const entry = configured(cand.file.path);
  if (entry) return { kind: 'config', detail: `.shipshape.yml migrations.paths lists "${entry}"` };
  if (choice.runner === 'atlas') return { kind: 'layout', detail: choice.reason };
  if (cand.layout === 'other') return undefined;
  const words = LAYOUT_WORDS[cand.layout];
  // Layouts only one family of runners uses, or runner markers in the files, say "migration" on their own.
  const telling = cand.layout === 'diesel' || cand.layout === 'flyway' || choice.runner === 'goose' || choice.runner === 'dbmate';
  if (choice.confident && (telling || MIGRATIONS_FOLDER.test(setDir))) return { kind: 'layout', detail: `${words} layout of ${choice.runner} (${choice.reason})` };
  return {
    kind: 'guess',
    detail: `named like a migration (${words}), but ${choice.confident ? `outside a migrations folder and no ${choice.runner} setting names ${setDir || 'the root'}` : 'no manifest or runner setting says which runner applies it'}; list the folder under migrations.paths in .shipshape.yml to confirm it`,
  };
}

function notMigrationReason(cand: Candidate): string {
  return (
    `not a migration: ${basename(cand.file.path)} follows no migration runner's naming (\`<version>_<name>.sql\`, \`<version>_<name>.up.sql\`, \`V<version>__<name>.sql\`, \`<version>_<name>/up.sql\`) and no runner setting names its folder, so no runner applies it. ` +
    'List the file or its folder under migrations.paths in .shipshape.yml to judge it as a migration'
  );
}

// ------------------------------------------------------------------ folders named by runner settings

/** Rust sources read per scan at most, looking for `migrate!` / `embed_migrations!` (the rest of a big workspace is never opened). */
const MAX_RUST_SOURCES = 400;
const MAX_SCRIPTS = 100;
const SCRIPT_NAME = /^(makefile|gnumakefile|justfile|taskfile\.ya?ml|procfile)$|\.(sh|bash|mk)$/i;

/**
 * Every migration folder a runner's settings name: diesel.toml, flyway.conf / flyway.toml,
 * atlas.hcl and dbmate flags or variables in the scan's own files; `sqlx::migrate!` /
 * `embed_migrations!` in the Rust sources of crates that depend on sqlx or refinery and dbmate
 * in scripts and Makefiles, read only when such a runner may be in use.
 */
function declaredMigrationDirs(ctx: LiftContext, facts: ManifestFacts, paths: readonly string[], sqlFiles: readonly SourceFile[]): DeclaredDir[] {
  const out: DeclaredDir[] = [];
  let dbmateMentioned = [...facts.go.values()].some((m) => m.runners.has('dbmate'));
  for (const f of ctx.allFiles) {
    const base = basename(f.path).toLowerCase();
    if (base === 'diesel.toml') out.push(...dieselDirs(f.path, f.text));
    else if (base === 'flyway.conf') out.push(...flywayConfDirs(f.path, readProperties(f.text)));
    else if (base === 'flyway.toml') out.push(...flywayTomlDirs(f.path, f.text));
    else if (base === 'atlas.hcl') out.push(...atlasDirs(f.path, f.text));
    if (f.kind === 'sql-migration') {
      if (!dbmateMentioned && f.text.includes('-- migrate:up')) dbmateMentioned = true;
      continue;
    }
    if (f.text.includes('dbmate') || f.text.includes('DBMATE_MIGRATIONS_DIR')) {
      dbmateMentioned = true;
      out.push(...dbmateDirs(f.path, f.text));
    }
  }
  const read = ctx.readAuxiliary;
  if (!read || sqlFiles.length === 0) return out;

  const crates = [...facts.rust.entries()].filter(([, m]) => m.runners.has('sqlx') || m.runners.has('refinery')).map(([dir]) => dir);
  if (crates.length) {
    const crateOf = (p: string) => crates.filter((d) => d === '' || p.startsWith(`${d}/`)).sort((a, b) => b.length - a.length)[0];
    const sources = paths
      .filter((p) => p.endsWith('.rs') && !/(^|\/)(target|tests?|benches|examples)\//.test(p) && crateOf(p) !== undefined)
      // Entry points and database modules first: that is where the macro usually is.
      .sort((a, b) => rustPriority(a) - rustPriority(b) || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, MAX_RUST_SOURCES);
    for (const p of sources) {
      const text = read(p);
      if (text) out.push(...rustMacroDirs(p, text, crateOf(p)!));
    }
  }
  if (dbmateMentioned) {
    const known = new Set(ctx.allFiles.map((f) => f.path));
    for (const p of paths.filter((x) => SCRIPT_NAME.test(basename(x)) && !known.has(x)).slice(0, MAX_SCRIPTS)) {
      const text = read(p);
      if (text) out.push(...dbmateDirs(p, text));
    }
  }
  return out;
}

function rustPriority(p: string): number {
  const base = basename(p);
  if (base === 'main.rs' || base === 'lib.rs' || base === 'build.rs') return 0;
  if (/db|migrat|database|store|repo/i.test(p)) return 1;
  return 2;
}

function migrationKey(runner: MigrationRunner, c: Candidate): string {
  if (c.layout === 'diesel') return `d:${c.migrationDir}`;
  if (c.layout === 'flyway') {
    if (c.prefix === 'R') return `r:${c.name}`;
    // Flyway pairs V<n> with its undo U<n>; refinery's U<n> is its own migration.
    if (runner === 'refinery') return `${c.prefix}:${c.version}`;
    return `v:${c.version}`;
  }
  // sqlx/golang-migrate pair `<v>_<name>.up.sql` with `<v>_<name>.down.sql` (by version).
  return `n:${c.version}`;
}

function attach(mig: Migration, mf: MigrationFile, model: MigrationModel): void {
  mf.migration = mig;
  model.files.push(mf);
  if (mf.direction === 'down' || mf.direction === 'undo') {
    mig.down ??= mf;
  } else if (!mig.up) {
    mig.up = mf;
    mig.location = mf.file.lines.lineLocation(mf.file.path, 1);
  } else if (mf.direction !== 'up' && mf.direction !== 'single' && mf.direction !== 'repeatable') {
    mig.down ??= mf;
  }
}

interface Section {
  direction: 'up' | 'down';
  start: number;
  end: number;
}

/** goose (`-- +goose Up/Down`) and dbmate (`-- migrate:up/down`) hold both directions in one file. */
function sectionsOf(runner: MigrationRunner, text: string): Section[] | undefined {
  const re = runner === 'goose' ? GOOSE_MARK : runner === 'dbmate' ? DBMATE_MARK : undefined;
  if (!re) return undefined;
  const marks: Array<{ direction: 'up' | 'down'; at: number }> = [];
  for (const { at, body } of commentLines(text)) {
    const m = re.exec(body);
    if (m) marks.push({ direction: m[1]!.toLowerCase() as 'up' | 'down', at });
  }
  return marks.map((m, i) => ({ direction: m.direction, start: m.at, end: marks[i + 1]?.at ?? text.length }));
}

interface ParsedFile {
  statements: RawStatement[];
  errors: Array<{ message: string; location: import('./location.js').Location; start: number }>;
  byteToOffset(b: number): number;
}

const parsedCache = new WeakMap<SourceFile, ParsedFile>();

function parseFile(sql: SqlModule, mod: Awaited<ReturnType<SqlModule['loadSqlModule']>>, file: SourceFile, ctx: LiftContext, severity?: 'low'): ParsedFile {
  const cached = parsedCache.get(file);
  if (cached) return cached;
  let out: ReturnType<SqlModule['parseSqlText']>;
  try {
    out = sql.parseSqlText(mod, file.text);
  } catch (e) {
    // parseSqlText is written not to throw; this is a last guard so one file never stops the scan.
    const loc = file.lines.lineLocation(file.path, 1);
    ctx.parseError(file, loc, `SQL could not be parsed: ${(e as Error).message}`, severity);
    const pf: ParsedFile = { statements: [], errors: [{ message: String(e), location: loc, start: 0 }], byteToOffset: (b) => b };
    parsedCache.set(file, pf);
    return pf;
  }
  const statements: RawStatement[] = out.statements.map((s, index) => {
    const kind = Object.keys(s.ast)[0] ?? 'Unknown';
    return {
      text: file.text.slice(s.start, s.end),
      ast: s.ast,
      kind,
      node: (s.ast[kind] ?? {}) as Record<string, unknown>,
      location: file.lines.location(file.path, s.start, s.end),
      index,
      start: s.start,
      end: s.end,
      nodeByteBase: s.nodeByteBase,
      tokens: lazyTokens(sql, mod, file.text, s.start, s.end),
    };
  });
  const errors = out.errors.map((e) => {
    const location = file.lines.location(file.path, e.start, e.end);
    ctx.parseError(file, location, `SQL syntax error: ${e.message}${severity ? ' (this file is only guessed to be a migration: its name looks like one, but no runner setting or manifest confirms it)' : ''}`, severity);
    return { message: e.message, location, start: e.start };
  });
  const pf: ParsedFile = { statements, errors, byteToOffset: out.byteToOffset };
  parsedCache.set(file, pf);
  return pf;
}

function buildFile(
  cand: Candidate,
  parsed: ParsedFile,
  direction: MigrationFile['direction'],
  transaction: TransactionMode,
  section?: Section,
): MigrationFile {
  const file = cand.file;
  const inSection = (offset: number) => !section || (offset >= section.start && offset < section.end);
  const raw = parsed.statements.filter((s) => inSection(s.start));
  const parseErrors = parsed.errors.filter((e) => inSection(e.start)).map(({ message, location }) => ({ message, location }));
  const mf: MigrationFile = {
    file,
    direction,
    statements: [],
    transaction,
    ...(parseErrors[0] ? { parseError: parseErrors[0] } : {}),
    parseErrors,
    locateBytes: (start, end) => file.lines.location(file.path, parsed.byteToOffset(start), parsed.byteToOffset(end)),
    locate: (start, end) => file.lines.location(file.path, start, end),
    ...(section ? { section: { start: section.start, end: section.end } } : {}),
  };
  // Each file (section) gets its own statement objects: the typed form and the context belong to it.
  const typed = raw.map((s, index) => {
    const r: RawStatement = { ...s, index };
    return { ...r, head: headLocation(mf, r), typed: typeStatement(mf, r) };
  });
  const contexts = statementContexts(typed, transaction);
  mf.statements = typed.map((s, i): SqlStatement => ({ ...s, context: contexts[i]! }));
  return mf;
}

function lazyTokens(
  sql: SqlModule,
  mod: Awaited<ReturnType<SqlModule['loadSqlModule']>>,
  text: string,
  start: number,
  end: number,
): () => SqlToken[] {
  let cache: SqlToken[] | undefined;
  return () => {
    if (cache) return cache;
    const stmtText = text.slice(start, end);
    try {
      const map = sql.makeByteToOffset(stmtText);
      cache = (mod.scanSync(stmtText).tokens as Array<{ start: number; end: number; text: string; tokenName: string }>)
        .filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
        .map((t) => ({ text: t.text, start: start + map(t.start), end: start + map(t.end), kind: t.tokenName }));
    } catch {
      cache = [];
    }
    return cache;
  };
}
