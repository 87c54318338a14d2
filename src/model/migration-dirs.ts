/**
 * Migration folders declared by the runners' own settings, so that the files a
 * runner applies are told apart from other SQL by what the project says, not
 * by folder names:
 *
 * - sqlx: `sqlx::migrate!("./db/migrations")` (default `migrations`), relative
 *   to the crate's Cargo.toml (the macro resolves against CARGO_MANIFEST_DIR).
 * - refinery: `embed_migrations!("./sql_migrations")`, relative to the crate.
 * - diesel: `diesel.toml` `[migrations_directory] dir = "..."`, relative to
 *   the diesel.toml.
 * - Flyway: `flyway.conf` `flyway.locations=filesystem:sql,classpath:db/migration`,
 *   `flyway.toml` `locations = [...]` (under `[flyway]` or an environment);
 *   `filesystem:` relative to the config file, `classpath:` under
 *   `src/main/resources` (Maven/Gradle layout).
 * - Atlas: `atlas.hcl` `migration { dir = "file://migrations" }`, relative to
 *   the atlas.hcl.
 * - dbmate: `--migrations-dir DIR` / `-d DIR` on a `dbmate` command line,
 *   `DBMATE_MIGRATIONS_DIR=DIR` in scripts, Makefiles, compose environments
 *   and `.env` files; relative to the repository root (where dbmate is usually
 *   run), `./` stripped.
 *
 * Every reader walks the text line by line with bounded patterns (linear on
 * hostile input) and never evaluates anything.
 */
import picomatch from 'picomatch';
import type { MigrationRunner } from './migration-types.js';
import { dirOf, resolveWithin } from '../base/repo-path.js';

export interface DeclaredDir {
  /** Repo-relative folder, no trailing slash (`''` is the root). */
  dir: string;
  runner: Exclude<MigrationRunner, 'unknown'>;
  /** Where it is declared, for messages: `diesel.toml:2 sets [migrations_directory] dir = "db/migrations"`. */
  source: string;
}

/** `a/b/../c/./d/` → `a/c/d`; undefined when it leaves the root. */
export function normalizeRelative(base: string, rel: string): string | undefined {
  const trimmed = rel.trim();
  if (trimmed === '' || trimmed.startsWith('/') || /^[a-z]+:/i.test(trimmed) || trimmed.includes('$')) return undefined;
  return resolveWithin(base, trimmed);
}


/** Lines of `text` with their 1-based numbers, without building one array of the whole file first. */
function* lines(text: string): Generator<{ n: number; line: string }> {
  let at = 0;
  let n = 1;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    yield { n, line: text.slice(at, text[end - 1] === '\r' ? end - 1 : end) };
    if (nl === -1) return;
    at = nl + 1;
    n++;
  }
}

// ------------------------------------------------------------------ Rust sources

// `sqlx::migrate!("x")`, `migrate!()`, `embed_migrations!("x")`: a macro name, `!`, `(`, an optional plain string literal.
const RUST_MACRO = /\b(migrate|embed_migrations)!\s*[([{]\s*(?:"([^"\\\n]{0,300})"\s*)?[)\]}]/g;

/** The migration folders a Rust source names through `sqlx::migrate!` / `refinery::embed_migrations!`, resolved against `crateDir`. */
export function rustMacroDirs(path: string, text: string, crateDir: string): DeclaredDir[] {
  const out: DeclaredDir[] = [];
  if (!text.includes('migrate')) return out;
  for (const { n, line } of lines(text)) {
    if (!line.includes('migrat')) continue;
    const trimmed = line.trimStart();
    if (trimmed.startsWith('//')) continue;
    RUST_MACRO.lastIndex = 0;
    for (let m = RUST_MACRO.exec(line); m; m = RUST_MACRO.exec(line)) {
      const runner = m[1] === 'migrate' ? 'sqlx' : 'refinery';
      const dir = normalizeRelative(crateDir, m[2] ?? 'migrations');
      if (dir !== undefined) out.push({ dir, runner, source: `${path}:${n} ${m[0].replace(/\s+/g, ' ')}` });
    }
  }
  return out;
}

// ------------------------------------------------------------------ diesel, Flyway, Atlas

/** `diesel.toml` `[migrations_directory] dir = "..."` (a plain TOML table read line by line: key = basic or literal string). */
export function dieselDirs(path: string, text: string): DeclaredDir[] {
  let inTable = false;
  for (const { n, line } of lines(text)) {
    const t = line.trim();
    if (t.startsWith('[')) {
      inTable = /^\[\s*migrations_directory\s*\]/.test(t);
      continue;
    }
    if (!inTable) continue;
    const m = /^dir\s*=\s*(?:"([^"\\]{0,300})"|'([^']{0,300})')/.exec(t);
    if (m) {
      const dir = normalizeRelative(dirOf(path), m[1] ?? m[2] ?? '');
      return dir === undefined ? [] : [{ dir, runner: 'diesel', source: `${path}:${n} sets [migrations_directory] dir = "${m[1] ?? m[2]}"` }];
    }
  }
  return [];
}

/** Flyway `locations` values (comma-separated in flyway.conf, a string or array in flyway.toml) → folders. */
function flywayLocationDirs(base: string, values: string[], source: string): DeclaredDir[] {
  const out: DeclaredDir[] = [];
  for (const raw of values) {
    const v = raw.trim();
    let dir: string | undefined;
    if (v.startsWith('filesystem:')) dir = normalizeRelative(base, v.slice('filesystem:'.length));
    else if (v.startsWith('classpath:')) dir = normalizeRelative(base, `src/main/resources/${v.slice('classpath:'.length)}`);
    else if (!v.includes(':')) dir = normalizeRelative(base, `src/main/resources/${v}`); // no prefix means classpath
    if (dir !== undefined) out.push({ dir, runner: 'flyway', source: `${source} "${v}"` });
  }
  return out;
}

/** `flyway.conf`: `flyway.locations=filesystem:sql,classpath:db/migration` (properties syntax; `settings` from readProperties). */
export function flywayConfDirs(path: string, settings: Record<string, string>): DeclaredDir[] {
  const v = settings['locations'];
  if (!v) return [];
  return flywayLocationDirs(dirOf(path), v.split(','), `${path} sets flyway.locations`);
}

/** `flyway.toml`: `locations = ["filesystem:sql"]` or `locations = "filesystem:sql"` in any table. */
export function flywayTomlDirs(path: string, text: string): DeclaredDir[] {
  const out: DeclaredDir[] = [];
  for (const { n, line } of lines(text)) {
    const m = /^\s*locations\s*=\s*(.{0,2000})$/.exec(line);
    if (!m) continue;
    const values = [...m[1]!.matchAll(/"([^"\\]{0,300})"|'([^']{0,300})'/g)].map((x) => x[1] ?? x[2] ?? '');
    out.push(...flywayLocationDirs(dirOf(path), values, `${path}:${n} sets locations`));
  }
  return out;
}

/** `atlas.hcl`: every `dir = "file://..."` inside a `migration { ... }` block (brace depth counted per line, strings skipped). */
export function atlasDirs(path: string, text: string): DeclaredDir[] {
  const out: DeclaredDir[] = [];
  let depth = 0;
  let blockDepth = -1; // depth outside the open migration block, -1 when none is open
  for (const { n, line } of lines(text)) {
    let t = line.trim();
    if (t.startsWith('#') || t.startsWith('//')) continue;
    const open = /(?:^|[\s{])migration\s*\{/.exec(t);
    if (open && blockDepth === -1) {
      // Depth outside the block: the braces opened on this line before `migration {` count too.
      blockDepth = depth + braceDelta(t.slice(0, open.index + open[0].length)) - 1;
      t = t.slice(open.index + open[0].length).trim(); // `migration { dir = "file://x" }` on one line
    }
    if (blockDepth !== -1) {
      const m = /^dir\s*=\s*"file:\/\/([^"\\?]{0,300})/.exec(t);
      if (m) {
        const dir = normalizeRelative(dirOf(path), m[1]!);
        if (dir !== undefined) out.push({ dir, runner: 'atlas', source: `${path}:${n} sets migration dir = "file://${m[1]}"` });
      }
    }
    depth += braceDelta(line);
    if (blockDepth !== -1 && depth <= blockDepth) blockDepth = -1;
  }
  return out;
}

function braceDelta(line: string): number {
  let d = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === '"') inString = !inString;
    else if (!inString && c === '{') d++;
    else if (!inString && c === '}') d--;
  }
  return d;
}

// ------------------------------------------------------------------ dbmate

const DBMATE_ENV = /\bDBMATE_MIGRATIONS_DIR\b["']?\s*[:=]\s*["']?([^\s"'#;&|)]{1,300})/;
const DBMATE_FLAG = /\bdbmate\b[^\n#]{0,400}?(?:--migrations-dir|\s-d)(?:=|\s+)["']?([^\s"';&|)]{1,300})/;

/** Folders given to dbmate in a script, Makefile, compose file, Dockerfile or .env: `--migrations-dir`, `-d`, `DBMATE_MIGRATIONS_DIR`. */
export function dbmateDirs(path: string, text: string): DeclaredDir[] {
  const out: DeclaredDir[] = [];
  if (!text.includes('dbmate') && !text.includes('DBMATE_MIGRATIONS_DIR')) return out;
  for (const { n, line } of lines(text)) {
    if (line.length > 4000) continue;
    const m = DBMATE_ENV.exec(line) ?? DBMATE_FLAG.exec(line);
    if (!m) continue;
    const dir = normalizeRelative('', m[1]!);
    if (dir !== undefined) out.push({ dir, runner: 'dbmate', source: `${path}:${n} ${m[0].trim()}` });
  }
  return out;
}

// ------------------------------------------------------------------ migrations.paths

/**
 * `migrations.paths` from .shipshape.yml as a predicate: each entry is a glob (`db/**\/*.sql`)
 * or a folder (`db/changes`, everything under it). Returns the entry that matched.
 */
export function migrationPathsMatcher(entries: unknown): (path: string) => string | undefined {
  if (!Array.isArray(entries) || entries.length === 0) return () => undefined;
  const tests: Array<{ entry: string; test: (p: string) => boolean }> = [];
  for (const entry of entries) {
    if (typeof entry !== 'string' || entry.trim() === '') continue;
    const e = entry.trim().replace(/^\.\//, '');
    if (/[*?[\]{}]/.test(e)) {
      const re = picomatch(e, { dot: true });
      tests.push({ entry, test: (p) => re(p) });
    } else {
      const folder = trimTrailingSlashes(e);
      tests.push({ entry, test: folder === '' || folder === '.' ? () => true : (p) => p === folder || p.startsWith(`${folder}/`) });
    }
  }
  return (path) => tests.find((t) => t.test(path))?.entry;
}

/** `db/migrations///` → `db/migrations`, without a regex that backtracks over a run of slashes. */
function trimTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 47) end--;
  return s.slice(0, end);
}
