/**
 * What a lifter gets besides its own files: every file of the scan (for
 * cross-file facts such as "Cargo.toml depends on sqlx"), the config, and a way
 * to turn a parse failure into a `core/parse-error` finding.
 */
import type { Location, SourceFile } from './types.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Severity } from '../base/severity.js';

export interface LiftContext {
  root: string;
  allFiles: readonly SourceFile[];
  config: ResolvedConfig;
  /** `severity` lowers the finding where the file is only guessed to be an artifact (a .sql file no runner is known to apply). */
  parseError(file: SourceFile, location: Location, message: string, severity?: Severity): void;
  /**
   * The text of a scan-root file that is no artifact (a Rust source naming its migration folder,
   * a Makefile running dbmate), read on demand and size-capped; undefined when missing, too large,
   * binary or outside the root. Absent in contexts that cannot read more files.
   */
  readAuxiliary?(path: string): string | undefined;
}
