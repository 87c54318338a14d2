import type { Severity } from '../base/severity.js';

export type FailOn = Severity | 'never';

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
  options: Record<string, unknown>;
}

/** Effective configuration after defaults, the config file and CLI flags are merged. */
export interface ResolvedConfig {
  /** Where the config file was read from, if any. */
  source?: string;
  rules: Record<string, RuleSetting>;
  include: string[];
  exclude: string[];
  plugins: string[];
  failOn: FailOn;
  /** Sections contributed by rule domains (`postgres:` from migrations), resolved over their defaults. */
  settings: Record<string, Record<string, unknown>>;
  baseline?: string;
  maxFileSize: number;
  respectGitignore: boolean;
  inlineIgnores: boolean;
  /** Images known to run as a non-root user (globs over `registry/repository:tag`). */
  nonRootImages: string[];
  /** Lines for the person running the scan about the config itself (deprecated keys), printed on stderr. */
  notices: string[];
}
