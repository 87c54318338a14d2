/**
 * The rule API. A rule is one module exporting `defineRule({...})`: its
 * metadata (used for docs, SARIF, `shipshape rules` and `explain`) and a check
 * that reads the model and reports findings with precise locations.
 */
import type { ArtifactKind } from '../discover/kinds.js';
import type { Location, Model } from '../model/types.js';
import type { ResolvedConfig } from '../config/types.js';

import { SEVERITIES, type Severity } from '../base/severity.js';
import type { ModelEntity } from './entities.js';
import type { Tag } from './tags.js';

export { SEVERITIES, severityRank, atLeast, type Severity } from '../base/severity.js';

export interface RelatedLocation {
  location: Location;
  message: string;
}

export interface ReportInput {
  /** The offending key, value or instruction. */
  at: Location;
  message: string;
  related?: RelatedLocation[];
  /**
   * Logical location for the fingerprint, e.g. `Deployment/api containers[web].securityContext`.
   * It must not contain line numbers so baselines survive unrelated edits.
   * Defaults to the normalised text at `at`.
   */
  key?: string;
  /** Overrides the rule's default severity for this finding (e.g. compose files report lower). */
  severity?: Severity;
  /** Secret values that appear in the message; every report format masks them. */
  secrets?: string[];
  /**
   * The finding speaks for more than the statement at `at` (one lock_timeout finding for a
   * whole migration): it is never folded into another rule's finding there (see `defersTo`).
   */
  coversMore?: boolean;
}

/** The repository at `--base REF`, for rules that compare with it. */
export interface BaseRevision {
  ref: string;
  /** The model of the revision, built by the same pipeline as the scan's own, on first use. */
  model(): Promise<Model>;
}

export interface RuleExample {
  bad: string;
  good: string;
  /** Code-fence language in docs: dockerfile, yaml, sql, toml, ini. */
  language?: string;
  /** Repository-relative path the example is scanned at (default: Dockerfile, k8s/example.yaml, migrations/…_example.sql). */
  path?: string;
  /** Other files the example needs to mean what it says (the rest of a migration set, the Dockerfile a pod runs). */
  context?: Record<string, string>;
  /** Path `good` is scanned at when the fix renames the file (default: `path`), e.g. a new migration version. */
  goodPath?: string;
  /** The other files for `good` when the fix adds or changes one (default: `context`), e.g. the missing down script. */
  goodContext?: Record<string, string>;
  /**
   * The repository at the base revision (path → content), for rules that compare with `--base REF`
   * (modified-after-merge, out-of-order); the example is scanned as if run with `--base`.
   */
  base?: Record<string, string>;
}

export interface RuleContext<Options = Record<string, unknown>> {
  model: Model;
  options: Options;
  /** The effective configuration (e.g. `nonRootImages`, and the domain sections in `settings`). */
  config: ResolvedConfig;
  /** Set when the scan runs with `--base REF`. */
  base?: BaseRevision;
  report(finding: ReportInput): void;
}

export interface RuleOptionsSpec<Options> {
  /** JSON Schema for the rule's options (validated when the config loads). */
  schema: Record<string, unknown>;
  defaults: Options;
}

/** One severity a rule reports, and when. */
export interface SeverityCase {
  severity: Severity;
  /** The condition, finishing the sentence "reported at this severity when ...", e.g. "the service is a compose service". */
  when: string;
}

/**
 * `stable`: the rule's verdicts, message and fingerprint key change only with
 * a major version (a rename keeps the old id in `formerIds`). `preview`: new,
 * runs by default and is labelled so; wording, severity and keys may still
 * change in a minor release.
 */
export type RuleStatus = 'preview' | 'stable';

export interface RuleMeta {
  /** `domain/kebab-name`, equal to the file path under rules/ without `.ts`. */
  id: string;
  /**
   * Ids this rule had before, oldest first. Config keys, inline suppressions
   * and `explain` accept them (config with a notice), and fingerprints are
   * computed from the oldest id, so baselines written before a rename still match.
   */
  formerIds?: string[];
  status: RuleStatus;
  title: string;
  /** The default severity: what most findings of the rule get. */
  severity: Severity;
  /**
   * For rules that report more than one severity: every severity they can
   * report, the default included, each with its condition, so users can plan
   * with them (`shipshape rules`, `explain`, docs, SARIF). A test runs every
   * fixture and fails when a rule reports a severity it does not declare.
   */
  severities?: SeverityCase[];
  /** One or two sentences: what the rule finds. */
  description: string;
  /** Why it matters in production. */
  rationale: string;
  /** How to fix it. */
  remediation: string;
  /**
   * The fix in the words of one artifact kind, where `remediation` would
   * speak another's (a compose service has no `securityContext`). The engine
   * gives each finding the text for its file's kind, else `remediation`.
   */
  remediationByKind?: Partial<Record<ArtifactKind, string>>;
  /**
   * Where the verdict deliberately differs from hadolint, kube-linter, Checkov,
   * squawk or zizmor, and why: rendered as "Differences from other tools".
   */
  differences?: string;
  references: string[];
  /** From the fixed vocabulary in `src/engine/tags.ts`. */
  tags: Tag[];
  /** Model entities the rule reads; the engine skips the rule when none exists (empty: always runs). */
  reads: ModelEntity[];
  /** Artifact kinds that express what the rule checks, for its documentation ("Applies to") and kind-specific wording. */
  kinds: ArtifactKind[];
  /** Security rules carry a SARIF `security-severity`. */
  security?: boolean;
  /** Off unless enabled in config (e.g. needs configuration to be meaningful). */
  enabledByDefault?: boolean;
  /**
   * The rule itself compares with `--base` (an applied migration edited since): its findings
   * are about the change, so "only changed files" never drops them, wherever they point.
   */
  judgesChanges?: boolean;
  /**
   * Rules whose finding on the same statement or key already says all this rule would:
   * this rule's finding is then folded into theirs (src/engine/defer.ts), one finding per problem.
   */
  defersTo?: string[];
  /**
   * A failing file and its fix, shown in docs. Each is a complete file: a
   * meta test scans `bad` (it must fire) and `good` (it must not), at `path`
   * (default from the language) next to the `context` files it needs.
   */
  example?: RuleExample;
}

export interface Rule<Options = Record<string, unknown>> extends RuleMeta {
  options?: RuleOptionsSpec<Options>;
  /** When the rule is enabled but the configuration it needs is missing: what is wrong (a config error, exit 2). */
  configProblem?(config: ResolvedConfig, options: Options): string | undefined;
  check(ctx: RuleContext<Options>): void | Promise<void>;
}

/** Every severity the rule can report, most severe first (the default alone unless `severities` says more). */
export function possibleSeverities(rule: Pick<RuleMeta, 'severity' | 'severities'>): Severity[] {
  const all = new Set<Severity>([rule.severity, ...(rule.severities ?? []).map((s) => s.severity)]);
  return SEVERITIES.filter((s) => all.has(s));
}

export function defineRule<Options = Record<string, unknown>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

/** The id fingerprints are computed from: the oldest one, so a rename does not invalidate baselines. */
export function fingerprintIdOf(rule: Pick<RuleMeta, 'id' | 'formerIds'>): string {
  return rule.formerIds?.[0] ?? rule.id;
}

export function domainOf(id: string): string {
  const i = id.indexOf('/');
  return i === -1 ? id : id.slice(0, i);
}
