import { defineRule } from '../../src/engine/rule.js';
import type { Migration } from '../../src/model/migration-types.js';
import { fileAnchor, normalizeVersion } from './_shared.js';

function anchorOf(m: Migration) {
  const f = m.up ?? m.down;
  return f ? fileAnchor(f) : m.location;
}

export default defineRule({
  id: 'migrations/duplicate-version',
  title: 'Two migrations with the same version',
  severity: 'critical',
  status: 'stable',
  description: 'Finds two migrations of one migration directory that share a version (e.g. after two branches each added `V7__...`).',
  rationale:
    'Runners key their history table by version: sqlx and Flyway refuse to start, diesel and golang-migrate apply only one of them, so one schema change silently never happens.',
  remediation: 'Renumber the newer migration (regenerate its timestamp) so every version is unique.',
  references: ['https://documentation.red-gate.com/fd/migrations-184127470.html'],
  tags: ['migrations', 'deploy-failure'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: {
    language: 'sql',
    path: 'migrations/20240101000000_add_city.sql',
    bad: 'ALTER TABLE users ADD COLUMN city text;\n',
    good: 'ALTER TABLE users ADD COLUMN city text;\n',
    goodPath: 'migrations/20240102000000_add_city.sql',
    context: {
      'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
      'migrations/20240101000000_add_age.sql': 'ALTER TABLE users ADD COLUMN age int;\n',
    },
  },
  check(ctx) {
    for (const set of ctx.model.migrations.sets ?? []) {
      const byVersion = new Map<string, Migration[]>();
      for (const m of set.migrations) {
        if (!m.version || m.prefix === 'R') continue;
        if (set.runner === 'unknown' && !/^\d/.test(m.version)) continue;
        const k = `${m.prefix === 'U' && set.runner === 'refinery' ? 'U' : ''}${normalizeVersion(m.version)}`;
        const list = byVersion.get(k);
        if (list) list.push(m);
        else byVersion.set(k, [m]);
      }
      for (const list of byVersion.values()) {
        if (list.length < 2) continue;
        const [first, ...rest] = list;
        for (const m of rest) {
          const path = (m.up ?? m.down)!.file.path;
          ctx.report({
            at: anchorOf(m),
            message: `Version ${m.version} of ${path} is also used by ${(first!.up ?? first!.down)!.file.path} in ${set.dir || '.'} (runner: ${set.runner}): the runner refuses to start or applies only one of them. Give this migration a new, unique version.`,
            related: [{ location: anchorOf(first!), message: `first migration with version ${first!.version}` }],
            key: `${set.dir} duplicate-version ${m.version} ${m.name}`,
          });
        }
      }
    }
  },
});
