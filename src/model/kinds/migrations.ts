/** SQL migrations → MigrationModel (sets, runners, typed statements). Runs after the TOML module: it reads Cargo manifests from `model.toml`. */
import { liftMigrations } from '../lift-migrations.js';
import type { BuildState } from './state.js';

export async function lift({ model, ctx, of }: BuildState): Promise<void> {
  model.migrations = await liftMigrations(of('sql-migration'), ctx, model.toml);
}
