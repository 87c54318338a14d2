/** SQL migrations → MigrationModel (sets, runners, typed statements). Runs after the TOML module: it reads Cargo manifests from `model.toml`. */
import { liftMigrations } from '../lift-migrations.js';
import type { BuildState } from './state.js';

export async function lift({ model, ctx, of }: BuildState): Promise<void> {
  model.migrations = await liftMigrations(of('sql-migration'), ctx, model.toml, model.paths);
  // SQL found by name or folder that no runner applies is not judged, and says so (never silently).
  for (const n of model.migrations.notMigrations) model.notEvaluated.push(n);
}
