/**
 * One scan, start to end: discover → read → build the model → run rules →
 * suppressions, baseline, severity → result. Reports are separate pure
 * functions of the result.
 */
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '../discover/index.js';
import { readCandidate, readCandidateBytes, type SkipCause } from '../discover/read.js';
import { repositoryPlace, type RepositoryPlace } from '../discover/repository.js';
import type { ArtifactKind } from '../discover/kinds.js';
import { buildModel } from '../model/build.js';
import { BUILTIN_RENDERERS, isRendered, renderSources, toSourceLocation, type RenderContext, type Renderer } from '../render/index.js';
import type { LiftContext } from '../model/lift-context.js';
import type { Location, Model, SourceFile } from '../model/types.js';
import type { ResolvedConfig } from '../config/types.js';
import { compareLocations } from '../model/location.js';
import type { Finding } from './finding.js';
import type { SecretSpan } from '../report/sanitize.js';
import { fingerprint, normaliseSnippet } from './fingerprint.js';
import { describeUnknown, lookupRuleId } from './rule-ids.js';
import { presentEntities } from './entities.js';
import { foldDeferred } from './defer.js';
import { baseRevisionView, type RevisionReader } from './base-model.js';
import { annotationIgnores, applySuppressions, inlineIgnores, type InlineIgnore } from './suppressions.js';
import { atLeast, domainOf, fingerprintIdOf, SEVERITIES, type RelatedLocation, type Rule, type ReportInput, type Severity } from './rule.js';

export interface ScanOptions {
  root: string;
  /** Explicit files (absolute paths); empty = walk the root. */
  files: string[];
  /** Directories to walk inside the root, alongside explicit files. */
  dirs?: string[];
  config: ResolvedConfig;
  rules: Rule<any>[];
  /** `--base REF`: the revision rules compare with, lifted as a second model when a rule asks. */
  base?: RevisionReader;
  /** Fingerprints to leave out (from --baseline). */
  baseline?: Set<string>;
  /**
   * With `base`: rule domains whose findings count only in files added or changed since the base
   * (`--new-migrations-only`); findings in files unchanged since are left out and counted.
   */
  onlyChangedDomains?: readonly string[];
  /** The render stage's renderers (default: the built-in ones). */
  renderers?: readonly Renderer[];
}

export interface ScanSummary {
  filesScanned: number;
  artifacts: Partial<Record<ArtifactKind, number>>;
  notEvaluated: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  baselined: number;
  /** With an only-changed scope (`--new-migrations-only`): findings left out because their file is unchanged since the base. */
  unchangedSinceBase?: number;
  durationMs: number;
}

export interface ScanResult {
  root: string;
  findings: Finding[];
  summary: ScanSummary;
  /** Files skipped or read with a caveat, and files not evaluated. */
  notes: Array<{ path: string; reason: string }>;
  notEvaluated: Array<{ path: string; reason: string }>;
  /** Rules that threw: an internal error (exit 3), the rest of the scan still ran. */
  ruleErrors: Array<{ ruleId: string; message: string }>;
  /** Rules that ran, for the SARIF driver. */
  rules: Rule<any>[];
  /** Secret values found in the scanned files; reports mask the strong ones wherever they appear. */
  secrets: string[];
  /** Where each secret value is written, masked in code frames whatever its strength. */
  secretSpans: SecretSpan[];
  /** Source text per file path, for code frames. */
  sources: Map<string, SourceFile>;
  /** The repository holding the scan root (SARIF URIs are relative to it); absent in hand-made results. */
  repository?: RepositoryPlace;
}

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { config } = opts;
  const found = discover({
    root: opts.root,
    files: opts.files,
    dirs: opts.dirs,
    include: config.include,
    exclude: config.exclude,
    respectGitignore: config.respectGitignore,
    migrationPaths: config.settings['migrations']?.['paths'],
  });
  const notes = [...found.notes];
  const rootReal = realpathSync(opts.root);
  const files: SourceFile[] = [];
  const companions = new Set<string>();
  const raw: Array<{ rule: Rule<any> | undefined; ruleId: string; input: ReportInput }> = [];
  for (const c of found.candidates) {
    const r = readCandidate(c, rootReal, config.maxFileSize);
    if ('skipped' in r) {
      notes.push({ path: c.path, reason: r.skipped });
      const ruleId = unscannedRule(r.cause, c.explicit === true);
      if (ruleId) raw.push({ rule: undefined, ruleId, input: { at: wholeFile(c.path), message: `${c.path} was not checked: ${r.skipped}.`, key: `${ruleId} ${r.cause}` } });
      if (c.companion) companions.add(c.path);
      continue;
    }
    if (r.note) notes.push({ path: c.path, reason: r.note });
    files.push(r.file);
    if (c.companion) companions.add(c.path);
  }

  const ctx: LiftContext = {
    root: opts.root,
    allFiles: files,
    config,
    parseError(file, location, message, severity) {
      raw.push({ rule: undefined, ruleId: 'core/parse-error', input: { at: location, message, key: `parse-error ${message}`, ...(severity ? { severity } : {}) } });
    },
    readAuxiliary(path) {
      // Same guards as artifacts (inside the root, regular file, valid text), with a smaller cap: only settings are looked for.
      const r = readCandidate({ path, absPath: join(opts.root, path), kind: 'yaml', companion: false }, rootReal, Math.min(config.maxFileSize, AUXILIARY_CAP));
      return 'file' in r ? r.file.text : undefined;
    },
  };
  const rendered = await renderSources(files, opts.renderers ?? BUILTIN_RENDERERS, { ...renderReader(opts.root, rootReal, config.maxFileSize), settings: config.settings });
  for (const p of rendered.problems) raw.push({ rule: undefined, ruleId: p.ruleId ?? 'core/parse-error', input: { at: p.at, message: p.message, key: `render ${p.message}` } });
  const model = await buildModel({
    root: opts.root,
    files: rendered.lift,
    // Consumed sources stay in the model for code frames, snippets and suppression comments.
    kept: [...files.filter((f) => rendered.consumed.has(f.path)), ...rendered.read],
    paths: found.paths,
    ctx,
  });
  const present = presentEntities(model);

  const base = opts.base ? baseRevisionView(opts.base, { root: opts.root, config, renderers: opts.renderers ?? BUILTIN_RENDERERS }) : undefined;
  const ruleErrors: ScanResult['ruleErrors'] = [];
  const ran: Rule<any>[] = [];
  for (const rule of opts.rules) {
    const setting = config.rules[rule.id];
    const enabled = setting ? setting.enabled : rule.enabledByDefault !== false;
    if (!enabled || rule.id.startsWith('core/')) continue;
    if (rule.reads.length > 0 && !rule.reads.some((e) => present.has(e))) continue;
    ran.push(rule);
    const options = { ...(rule.options?.defaults ?? {}), ...(setting?.options ?? {}) };
    try {
      await rule.check({
        model,
        options,
        config,
        base,
        report: (input) => raw.push({ rule, ruleId: rule.id, input }),
      });
    } catch (e) {
      ruleErrors.push({ ruleId: rule.id, message: (e as Error).stack ?? String(e) });
    }
  }

  const byId = new Map(opts.rules.map((r) => [r.id, r]));
  const occurrences = new Map<string, number>();
  let findings: Finding[] = mapRendered(raw, model).map(({ ruleId, input, at }) => {
    const rule = byId.get(ruleId);
    const key = input.key ?? snippetKey(model, at);
    const occKey = `${ruleId}\0${at.path}\0${key}`;
    const n = occurrences.get(occKey) ?? 0;
    occurrences.set(occKey, n + 1);
    return {
      ruleId,
      severity: config.rules[ruleId]?.severity ?? input.severity ?? rule?.severity ?? 'high',
      domain: domainOf(ruleId),
      message: input.message,
      ...fixFor(rule, model.kindByPath.get(input.at.path)),
      location: at,
      relatedLocations: [...(input.related ?? []).map((r) => ({ ...r, location: toSourceLocation(r.location, model.fileByPath) })), ...renderedRelated(input.at, model)],
      fingerprint: fingerprint(rule ? fingerprintIdOf(rule) : ruleId, at.path, key, n),
      suppressed: false,
      ...(input.secrets?.length ? { maskValues: input.secrets } : {}),
      ...(input.coversMore ? { notFoldable: true as const } : {}),
    };
  });

  if (config.inlineIgnores) findings = withSuppressions(findings, model, config, opts.rules);
  findings = foldDeferred(findings, byId);
  if (companions.size > 0) findings = findings.filter((f) => !companions.has(f.location.path));
  // core/* findings respect rule settings too (e.g. `core/unused-suppression: off`).
  findings = findings.filter((f) => config.rules[f.ruleId]?.enabled !== false);

  let unchangedSinceBase: number | undefined;
  if (opts.base && opts.onlyChangedDomains?.length) {
    const before = findings.length;
    findings = findings.filter((f) => keepOnlyChanged(f, opts.onlyChangedDomains!, opts.base!, model, byId));
    unchangedSinceBase = before - findings.length;
  }

  let baselined = 0;
  if (opts.baseline) {
    const before = findings.length;
    findings = findings.filter((f) => !opts.baseline!.has(f.fingerprint));
    baselined = before - findings.length;
  }
  findings.sort((a, b) => compareLocations(a.location, b.location) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppressed) bySeverity[f.severity]++;
  const artifacts: ScanSummary['artifacts'] = {};
  for (const f of files) {
    const kind = model.kindByPath.get(f.path) ?? f.kind;
    if (kind !== 'yaml' && !companions.has(f.path)) artifacts[kind] = (artifacts[kind] ?? 0) + 1;
  }

  return {
    root: opts.root,
    findings,
    summary: {
      filesScanned: files.filter((f) => !companions.has(f.path)).length,
      artifacts,
      notEvaluated: model.notEvaluated.length,
      bySeverity,
      suppressed: findings.filter((f) => f.suppressed).length,
      baselined,
      ...(unchangedSinceBase !== undefined ? { unchangedSinceBase } : {}),
      durationMs: Math.round(performance.now() - started),
    },
    notes,
    notEvaluated: model.notEvaluated,
    ruleErrors,
    rules: ran,
    secrets: collectSecrets(model),
    secretSpans: secretSpans(model),
    sources: new Map([...files, ...rendered.read].map((f) => [f.path, f])),
    repository: repositoryPlace(rootReal),
  };
}

/**
 * Rendered output is reported where its source wrote it, before anything keys
 * on the location. Several renders can hold the same source line (a base
 * built by two overlays): a finding that is the same after mapping (rule,
 * location, message) is one finding, not one per render.
 */
function mapRendered<T extends { ruleId: string; input: ReportInput }>(raw: readonly T[], model: Model): Array<T & { at: Location }> {
  const seen = new Set<string>();
  const out: Array<T & { at: Location }> = [];
  for (const r of raw) {
    const at = toSourceLocation(r.input.at, model.fileByPath);
    if (at !== r.input.at) {
      const id = `${r.ruleId}\0${at.path}\0${at.startLine}:${at.startColumn}-${at.endLine}:${at.endColumn}\0${r.input.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
    }
    out.push({ ...r, at });
  }
  return out;
}

/** What a renderer says also shaped the output a finding points at (a Helm value's line). */
function renderedRelated(at: Location, model: Model): RelatedLocation[] {
  const f = model.fileByPath.get(at.path);
  return f && isRendered(f) && f.origin.related ? f.origin.related(at) : [];
}

/** How renderers read a file discovery did not (a generator's input): the same checks as every read. */
function renderReader(root: string, rootReal: string, maxBytes: number): RenderContext {
  return {
    read(path) {
      if (!existsSync(join(root, path))) return undefined;
      const r = readCandidate({ path, absPath: join(root, path), kind: 'yaml', companion: false }, rootReal, maxBytes);
      return 'file' in r ? { file: r.file } : { skipped: r.skipped, binary: r.cause === 'binary' };
    },
    readBytes(path) {
      const absPath = join(root, path);
      if (!existsSync(absPath)) return undefined;
      const r = readCandidateBytes({ absPath }, rootReal, maxBytes);
      return 'buf' in r ? { bytes: r.buf, absPath } : { skipped: r.skipped };
    },
  };
}

/**
 * A skipped artifact is a finding when skipping it could hide one: too large
 * (padding is a bypass), binary under an artifact's name, or unreadable. A
 * file named on the command line always is; a walked FIFO or a symlink that
 * leaves the root stays a note (not following it is deliberate).
 */
/** Non-artifact files read for settings (Rust sources, scripts) are read only up to this size. */
const AUXILIARY_CAP = 256 * 1024;

function unscannedRule(cause: SkipCause, explicit: boolean): string | undefined {
  if (cause === 'too-large') return 'core/file-too-large';
  if (cause === 'encrypted') return undefined;
  if (cause === 'binary' || cause === 'unreadable' || explicit) return 'core/unreadable-file';
  return undefined;
}

function wholeFile(path: string): Location {
  return { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}

function fixFor(rule: Rule<any> | undefined, kind: ArtifactKind | undefined): { fix?: string } {
  if (!rule) return {};
  const fix = (kind && rule.remediationByKind?.[kind]) || rule.remediation;
  return { fix };
}

function snippetKey(model: Model, at: Location): string {
  const file = model.fileByPath.get(at.path);
  if (!file) return `${at.startLine}`;
  const start = file.lines.offsetOf(at.startLine, at.startColumn);
  const end = file.lines.offsetOf(at.endLine, at.endColumn);
  return normaliseSnippet(file.text.slice(start, Math.min(end, start + 400)));
}

function withSuppressions(findings: Finding[], model: Model, config: ResolvedConfig, rules: readonly Rule<any>[]): Finding[] {
  const ignores = new Map<string, InlineIgnore[]>();
  for (const f of model.files) {
    if (isRendered(f)) continue; // its comments are its sources' comments, read there
    const list = inlineIgnores(f);
    if (list.length) ignores.set(f.path, list);
  }
  for (const o of model.k8sObjects) {
    const at = toSourceLocation(o.location, model.fileByPath);
    const list = annotationIgnores(o).map((ig) => ({ ...ig, location: at, span: { start: at.startLine, end: at.endLine } }));
    if (list.length) ignores.set(at.path, [...(ignores.get(at.path) ?? []), ...list]);
  }
  // Directive ids are resolved like config ids (`run-as-root` for `container/run-as-root`); unknown ones are remembered for the report.
  const unknownIds = new Map<InlineIgnore, string[]>();
  for (const list of ignores.values()) {
    for (const ig of list) {
      ig.rules = ig.rules.map((r) => {
        if (r === '*' || r === 'all' || r.endsWith('/*')) return r;
        const found = lookupRuleId(r, rules);
        if ('id' in found) return found.id;
        unknownIds.set(ig, [...(unknownIds.get(ig) ?? []), describeUnknown(found)]);
        return r;
      });
    }
  }
  applySuppressions(findings, ignores, new Map(rules.map((r) => [r.id, r])));
  if (config.rules['core/unused-suppression']?.enabled === false) return findings;
  const unused: Finding[] = [];
  const seen = new Map<string, number>();
  for (const list of ignores.values()) {
    for (const ig of list) {
      const unknown = unknownIds.get(ig);
      if (ig.used && !unknown) continue;
      const key = `${ig.kind} ${ig.rules.join(',')} -- ${ig.reason}`;
      const n = seen.get(`${ig.location.path}\0${key}`) ?? 0;
      seen.set(`${ig.location.path}\0${key}`, n + 1);
      const what = ig.kind === 'inline' ? 'shipshape-ignore comment' : 'shipshape.dev/ignore annotation';
      unused.push({
        ruleId: 'core/unused-suppression',
        severity: config.rules['core/unused-suppression']?.severity ?? 'info',
        domain: 'core',
        message: unknown
          ? `This ${what} names ${unknown.join('; ')}: that part suppresses nothing. Fix the id (see \`shipshape rules\`).`
          : `This ${what} suppresses nothing: no ${ig.rules.join(', ')} finding here. Remove it or fix the rule id.`,
        location: ig.location,
        relatedLocations: [],
        fingerprint: fingerprint('core/unused-suppression', ig.location.path, key, n),
        suppressed: false,
      });
    }
  }
  return [...findings, ...unused];
}

/** False for a finding of an only-changed domain in a file whose text is the same at the base revision. */
function keepOnlyChanged(f: Finding, domains: readonly string[], base: RevisionReader, model: Model, rules: ReadonlyMap<string, Rule<any>>): boolean {
  if (!domains.includes(f.domain) || rules.get(f.ruleId)?.judgesChanges) return true;
  const now = model.fileByPath.get(f.location.path);
  return now === undefined || base.read(f.location.path) !== now.text;
}

function collectSecrets(model: Model): string[] {
  const values = new Set<string>();
  for (const s of model.secrets) values.add(s.value);
  return [...values];
}

function secretSpans(model: Model): SecretSpan[] {
  return model.secrets
    .map((s) => toSourceLocation(s.location, model.fileByPath))
    .filter((l) => l.startLine === l.endLine)
    .map((l) => ({ path: l.path, line: l.startLine, startColumn: l.startColumn, endColumn: l.endColumn }));
}

export function failsThreshold(findings: Finding[], failOn: ResolvedConfig['failOn']): boolean {
  if (failOn === 'never') return false;
  return findings.some((f) => !f.suppressed && atLeast(f.severity, failOn));
}
