/**
 * What a lifter gets besides its own files: every file of the scan (for
 * cross-file facts such as "Cargo.toml depends on sqlx"), the config, and a way
 * to turn a parse failure into a `core/parse-error` finding.
 */
import type { Location, SourceFile } from './types.js';
import type { ResolvedConfig } from '../config/types.js';

export interface LiftContext {
  root: string;
  allFiles: readonly SourceFile[];
  config: ResolvedConfig;
  parseError(file: SourceFile, location: Location, message: string): void;
}
