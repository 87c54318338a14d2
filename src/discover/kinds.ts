/**
 * Artifact kinds and file classification by name and location. YAML files
 * whose name says nothing are classified later from their content
 * (see classifyYamlContent).
 */
import type { ArtifactKind } from '../base/artifact-kind.js';

export { ARTIFACT_KINDS, type ArtifactKind } from '../base/artifact-kind.js';

const SQL_MIGRATION = [
  // sqlx, golang-migrate, dbmate, goose, Atlas: <version>_<name>[.up|.down].sql (no runner uses `01-name.sql`: that is a docker-entrypoint-initdb.d script)
  /(^|\/)\d+_[^/]*\.sql$/,
  // diesel: <version>_<name>/up.sql|down.sql
  /(^|\/)[^/]*\d[^/]*\/(up|down)\.sql$/,
  // flyway / refinery: V1__name.sql, U1__name.sql, R__name.sql, B1__
  /(^|\/)[VUBR][\d._]*__[^/]*\.sql$/,
];

/** `<name>.Dockerfile.in`, `<name>.containerfile.part`: a Dockerfile fragment under a suffix a build script strips. */
const DOCKERFILE_FRAGMENT = /\.(dockerfile|containerfile)\.(in|part|partial|frag|fragment|inc|snippet)$/;

/** Folders of SQL that is run by tests or loaded as data, never by a migration runner. */
const TEST_SQL_DIR = /(^|\/)(tests?|testdata|__tests__|fixtures?|seeds?|regress|expected|pgtap)(\/|$)/i;

/**
 * Classify by path alone. `dirs` answers whether a directory (repo-relative)
 * holds a Chart.yaml, so chart files can be told apart.
 */
/** What the SQL decision needs beyond the path: `migrations.paths` from the config and the folders holding an Atlas `atlas.sum`. */
export interface SqlPathHints {
  configured?: (path: string) => string | undefined;
  atlasDirs?: ReadonlySet<string>;
}

export function classifyPath(path: string, chartRoots: ReadonlySet<string>, sql: SqlPathHints = {}): ArtifactKind | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dir = slash === -1 ? '' : path.slice(0, slash);
  const lower = base.toLowerCase();

  // Fragments a build script assembles (`api.Dockerfile.in`, `base.dockerfile.part`) are Dockerfiles too; `Dockerfile.partial` is already `Dockerfile.*`.
  if (lower === 'dockerfile' || lower === 'containerfile' || lower.endsWith('.dockerfile') || /^(dockerfile|containerfile)\.[^/]+$/i.test(base) || DOCKERFILE_FRAGMENT.test(lower)) {
    if (lower.endsWith('.dockerignore')) return 'dockerignore';
    // Jinja/Go templates that render Dockerfiles are not Dockerfiles.
    if (/\.(j2|jinja2?|tpl|tmpl|template)$/.test(lower)) return undefined;
    return 'dockerfile';
  }
  if (lower === '.dockerignore' || lower.endsWith('.dockerignore')) return 'dockerignore';
  if (lower === 'cargo.toml') return 'cargo';
  if (lower === 'rust-toolchain' || lower === 'rust-toolchain.toml') return 'rust-toolchain';
  if ((lower === 'config.toml' || lower === 'config') && /(^|\/)\.cargo$/.test(dir)) return 'cargo-config';
  if (lower === 'fly.toml' || /^fly\.[\w.-]+\.toml$/.test(lower)) return 'fly';
  if (lower === 'go.mod') return 'go-mod';
  if (lower === 'flyway.conf' || lower === 'flyway.toml' || lower === 'diesel.toml' || lower === 'metadata.toml' || lower === 'atlas.hcl' || lower.endsWith('.sql.conf')) {
    return 'migration-config';
  }
  if (/\.(service|socket|timer)$/.test(lower)) return 'systemd';
  if (lower.endsWith('.tf')) return 'terraform';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'dotenv';
  // refinery migrations written in Rust: V1__name.rs / U1__name.rs return their SQL from `migration()`.
  if (/^[VU]\d[\d._]*__[^/]*\.rs$/.test(base) && !TEST_SQL_DIR.test(dir)) return 'sql-migration';
  if (lower.endsWith('.sql')) {
    // Listed under migrations.paths, or in an Atlas migration directory: a migration whatever its name or folder.
    if (sql.configured?.(path) !== undefined || sql.atlasDirs?.has(dir)) return 'sql-migration';
    // Regression suites, fixtures and seeds are SQL no migration runner applies (pg_regress `sql/` beside
    // `expected/`, pgTAP, sqlx test fixtures): judging them as migrations fails builds with findings nobody can act on.
    if (TEST_SQL_DIR.test(dir)) return undefined;
    // A runner's own naming, or any .sql in a `migrations/` folder; a bare `db/` or `sql/` folder holds dumps,
    // schema files and scripts (dbmate's `db/schema.sql`) unless the file is named like a migration.
    return SQL_MIGRATION.some((re) => re.test(path)) || /(^|\/)migrations?(\/|$)/i.test(dir) ? 'sql-migration' : undefined;
  }
  // kustomize's third accepted name, without an extension.
  if (base === 'Kustomization') return 'kustomization';
  // Helm parses every file under a chart's templates/ (helpers in `_helpers.tpl`, NOTES.txt), not only YAML.
  if (/\.(tpl|txt|json)$/.test(lower) && /(^|\/)templates(\/|$)/.test(dir)) {
    const chart = enclosingChart(dir, chartRoots);
    if (chart !== undefined && path.slice(chart === '' ? 0 : chart.length + 1).startsWith('templates/')) return 'helm-template';
  }
  if (!/\.ya?ml$/.test(lower)) return undefined;
  // Other CI systems' pipeline files (their `services:` maps look like compose).
  if (/^\.(woodpecker|drone)\.ya?ml$/.test(lower) || /(^|\/)\.woodpecker$/.test(dir)) return undefined;

  const chart = enclosingChart(dir, chartRoots);
  if (chart !== undefined) {
    const rel = path.slice(chart === '' ? 0 : chart.length + 1);
    if (rel === 'Chart.yaml') return 'helm-chart';
    if (rel.startsWith('templates/')) return 'helm-template';
    if (/^values[\w.-]*\.ya?ml$/.test(rel)) return 'helm-values';
    if (rel.startsWith('charts/') || rel.startsWith('ci/')) return 'helm-values';
  }
  if (lower === 'kustomization.yaml' || lower === 'kustomization.yml') return 'kustomization';
  if (/(^|\/)\.github\/workflows$/.test(dir)) return 'github-workflow';
  if (lower === 'action.yml' || lower === 'action.yaml') return 'github-action';
  if (/^(docker-)?compose([\w.-]*)\.ya?ml$/.test(lower)) return 'compose';
  return 'yaml';
}

function enclosingChart(dir: string, chartRoots: ReadonlySet<string>): string | undefined {
  if (chartRoots.size === 0) return undefined;
  let d = dir;
  for (;;) {
    if (chartRoots.has(d)) return d;
    if (d === '') return undefined;
    const i = d.lastIndexOf('/');
    d = i === -1 ? '' : d.slice(0, i);
  }
}

/** Names that a user would recognise as a kind in summaries and config. */
export function kindLabel(kind: ArtifactKind): string {
  return kind;
}
