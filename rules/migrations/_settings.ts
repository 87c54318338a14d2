/** The migrations domain's section of `.shipshape.yml`, and how its rules read it. */
import type { DomainSettings } from '../../src/engine/domain-settings.js';
import type { ResolvedConfig } from '../../src/config/types.js';

export const migrationSettings: DomainSettings = {
  section: 'postgres',
  domain: 'migrations',
  description: 'The PostgreSQL the migrations run against: lock and rewrite behaviour changed across major versions.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { version: { type: 'integer', minimum: 9, maximum: 19, description: 'PostgreSQL major version (default 15).' } },
  },
  defaults: { version: 15 },
};

/** `postgres.version`: the major version the migrations target. */
export function postgresVersion(config: ResolvedConfig): number {
  const v = config.settings[migrationSettings.section]?.['version'];
  return typeof v === 'number' ? v : (migrationSettings.defaults['version'] as number);
}

/** `migrations:`: which migrations the domain judges. */
export const migrationScopeSettings: DomainSettings = {
  section: 'migrations',
  domain: 'migrations',
  description: 'Which migrations are judged.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      paths: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description:
          'Globs (`db/changes/**/*.sql`) or folders (`db/changes`) whose .sql files are migrations whatever their names, for runners or folders shipshape does not recognise. Without it a .sql file is a migration when a runner\'s settings name its folder (sqlx::migrate!, diesel.toml, flyway locations, atlas.hcl, dbmate --migrations-dir) or its name follows a runner\'s layout.',
      },
      onlyChanged: {
        type: 'boolean',
        description: 'With --base REF: judge only migration files added or changed since REF (old migrations have run; nobody will rewrite them). Same as --new-migrations-only.',
      },
    },
  },
  defaults: { onlyChanged: false, paths: [] },
};
