/**
 * Discovery: the list of candidate files with their artifact kind. Directories
 * are walked; files given explicitly (the pre-commit case) are taken as given,
 * plus the few companion files their meaning depends on (the .dockerignore
 * beside a Dockerfile, the manifests and sibling migrations of a SQL
 * migration), whose own findings are not reported.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import picomatch from 'picomatch';
import ignore from 'ignore';
import { classifyPath, type ArtifactKind, type SqlPathHints } from './kinds.js';
import { migrationPathsMatcher } from '../model/migration-dirs.js';
import { relativePosix, walk, ALWAYS_SKIPPED_DIRS } from './walk.js';

export interface Candidate {
  path: string;
  absPath: string;
  kind: ArtifactKind;
  /** Companion files inform the model but their findings are not reported. */
  companion: boolean;
  /** Named on the command line (the pre-commit case), not found by walking. */
  explicit?: boolean;
}

export interface DiscoverOptions {
  root: string;
  /** Explicit files (absolute); when empty (and no dirs) the root is walked. */
  files: string[];
  /** Directories (absolute) to walk inside the root, alongside explicit files. */
  dirs?: string[];
  include: string[];
  exclude: string[];
  respectGitignore: boolean;
  /** `migrations.paths` from the config: globs or folders whose .sql files are migrations. */
  migrationPaths?: unknown;
}

export interface DiscoverResult {
  candidates: Candidate[];
  /** Every path found after include/exclude filters, artifact or not. */
  paths: string[];
  notes: Array<{ path: string; reason: string }>;
}

const COMPANION_NAMES = ['Cargo.toml', 'go.mod', 'flyway.conf', 'flyway.toml', 'diesel.toml', 'atlas.hcl', 'atlas.sum'];

export function discover(opts: DiscoverOptions): DiscoverResult {
  const notes: DiscoverResult['notes'] = [];
  let paths: string[];
  const explicit = new Set<string>();
  if (opts.files.length > 0 || (opts.dirs?.length ?? 0) > 0) {
    for (const f of opts.files) explicit.add(relativePosix(opts.root, resolve(f)));
    paths = [...explicit];
    if (opts.dirs?.length) {
      const prefixes = opts.dirs.map((d) => relativePosix(opts.root, d)).map((d) => (d === '' ? '' : `${d}/`));
      const walked = walk({ root: opts.root, respectGitignore: opts.respectGitignore });
      notes.push(...walked.notes);
      for (const p of walked.files) if (prefixes.some((pre) => p.startsWith(pre)) && !explicit.has(p)) paths.push(p);
    }
  } else {
    const walked = walk({ root: opts.root, respectGitignore: opts.respectGitignore });
    paths = walked.files;
    notes.push(...walked.notes);
  }

  const keep = pathFilter(opts.root, opts.include, opts.exclude);
  paths = paths.filter((p) => keep(p, explicit.has(p)));

  const companions = new Set<string>();
  if (explicit.size > 0) {
    const listed = new Set(paths);
    const fs = new CompanionLookup(opts.root);
    for (const p of explicit) for (const c of companionsOf(fs, p)) if (!listed.has(c)) companions.add(c);
  }
  const all = [...paths, ...companions];
  const kinds = classifyPaths(all, opts.migrationPaths);
  const candidates: Candidate[] = [];
  for (const p of all) {
    const kind = kinds.get(p);
    if (!kind) {
      if (explicit.has(p)) notes.push({ path: p, reason: 'not a recognised deployment artifact' });
      continue;
    }
    candidates.push({ path: p, absPath: join(opts.root, p), kind, companion: companions.has(p), explicit: explicit.has(p) });
  }
  return { candidates, paths: all, notes };
}

/**
 * The config's `include` / `exclude` globs and `.shipshapeignore`, as one
 * predicate over root-relative paths (also applied to the `--base` revision's
 * files). A file named explicitly passes `include` whatever it says.
 */
export function pathFilter(root: string, includeGlobs: string[], excludeGlobs: string[]): (path: string, explicit?: boolean) => boolean {
  const shipshapeIgnore = loadShipshapeIgnore(root);
  const include = includeGlobs.length > 0 ? picomatch(includeGlobs, { dot: true }) : undefined;
  const exclude = excludeGlobs.length > 0 ? picomatch(excludeGlobs, { dot: true }) : undefined;
  return (p, explicit = false) => !(shipshapeIgnore && shipshapeIgnore.ignores(p)) && !(exclude && exclude(p)) && (!include || include(p) || explicit);
}

/** The artifact kind of each path that is an artifact, by name and location (chart folders are found among the paths themselves). */
export function classifyPaths(paths: readonly string[], migrationPaths?: unknown): Map<string, ArtifactKind> {
  const chartRoots = new Set(paths.filter((p) => p === 'Chart.yaml' || p.endsWith('/Chart.yaml')).map((p) => posix.dirname(p).replace(/^\.$/, '')));
  const sql: SqlPathHints = {
    configured: migrationPathsMatcher(migrationPaths),
    atlasDirs: new Set(paths.filter((p) => p === 'atlas.sum' || p.endsWith('/atlas.sum')).map((p) => posix.dirname(p).replace(/^\.$/, ''))),
  };
  const out = new Map<string, ArtifactKind>();
  for (const p of paths) {
    const kind = classifyPath(p, chartRoots, sql);
    if (kind) out.set(p, kind);
  }
  return out;
}

function loadShipshapeIgnore(root: string) {
  const f = join(root, '.shipshapeignore');
  if (!existsSync(f)) return undefined;
  try {
    return ignore().add(readFileSync(f, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * File-system questions of one discovery run, each asked once. Every SQL file
 * given on the command line needs its whole migration folder and the manifests
 * above it; without the memo 1,700 files of one folder listed that folder 1,700
 * times (the pre-commit and --changed-since path).
 */
class CompanionLookup {
  private readonly exists = new Map<string, boolean>();
  private readonly setsListed = new Set<string>();

  constructor(readonly root: string) {}

  /** `[rel]` when it exists under the root, else `[]`. */
  at(rel: string): string[] {
    let hit = this.exists.get(rel);
    if (hit === undefined) {
      hit = existsSync(join(this.root, rel));
      this.exists.set(rel, hit);
    }
    return hit ? [rel] : [];
  }

  /** The files of migration folder `setDir` the first time it is asked for; `[]` after that (already collected). */
  migrationSetOnce(setDir: string): string[] {
    if (this.setsListed.has(setDir)) return [];
    this.setsListed.add(setDir);
    return listMigrationSet(this.root, setDir);
  }
}

/** Files whose content changes the meaning of `p` (those already returned for an earlier `p` may be left out). */
function companionsOf(fs: CompanionLookup, p: string): string[] {
  const out: string[] = [];
  const dir = posix.dirname(p) === '.' ? '' : posix.dirname(p);
  const base = posix.basename(p);
  const at = (rel: string) => fs.at(rel);
  if (/dockerfile|containerfile/i.test(base) && !base.endsWith('.dockerignore')) {
    out.push(...at(posix.join(dir, '.dockerignore')), ...at(`${p}.dockerignore`));
  }
  if (base.endsWith('.sql') || base === 'metadata.toml') {
    // The whole migration set decides pairing, versions and the runner.
    const setDir = /^(up|down)\.sql$/.test(base) || base === 'metadata.toml' ? posix.dirname(dir) : dir;
    out.push(...fs.migrationSetOnce(setDir));
    let d = setDir;
    for (let i = 0; i < 6; i++) {
      for (const name of COMPANION_NAMES) out.push(...at(posix.join(d, name)));
      if (d === '' || d === '.') break;
      d = posix.dirname(d) === '.' ? '' : posix.dirname(d);
    }
  }
  return out;
}

function listMigrationSet(root: string, setDir: string): string[] {
  const out: string[] = [];
  const abs = join(root, setDir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (ALWAYS_SKIPPED_DIRS.has(e)) continue;
    const rel = setDir ? `${setDir}/${e}` : e;
    try {
      if (statSync(join(abs, e)).isDirectory()) {
        for (const f of ['up.sql', 'down.sql', 'metadata.toml']) if (existsSync(join(abs, e, f))) out.push(`${rel}/${f}`);
      } else if (e.endsWith('.sql') || e.endsWith('.sql.conf')) {
        out.push(rel);
      }
    } catch {
      /* vanished while listing */
    }
  }
  return out;
}
