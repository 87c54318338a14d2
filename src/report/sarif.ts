/**
 * SARIF 2.1.0 for GitHub code scanning: repo-relative URIs under %SRCROOT%,
 * full regions, rule help from the same renderer as the docs, our own stable
 * fingerprints, and suppressed results left out unless asked for (GitHub
 * would show them as open alerts).
 *
 * What GitHub reads, and so what this renderer is shaped around (docs:
 * "SARIF support for code scanning", reportingDescriptor and result objects;
 * "SARIF results exceed one or more limits"):
 * - The security severity of an alert comes from the *rule*:
 *   `reportingDescriptor.properties["security-severity"]`. The result object
 *   has no such property GitHub documents, and a SARIF SDK maintainer
 *   confirmed it cannot be overridden per result (microsoft/sarif-sdk#2705;
 *   the same conclusion in fortify/FortifyVulnerabilityExporter#72, which
 *   emits one rule per (rule, severity) pair). A finding reported below (or
 *   above) its rule's default severity therefore gets its own descriptor,
 *   `<rule id>/<severity>` (a SARIF hierarchical sub-rule id), carrying that
 *   severity in `security-severity` and `defaultConfiguration.level`; the
 *   result's `ruleId`, `ruleIndex` and `level` all name it, so whichever one
 *   GitHub resolves the rule by, it finds the same severity. Findings at the
 *   default severity keep the plain rule id, so their alerts are unchanged.
 * - Per-run hard limits: 25,000 results, 1,000 locations per result, and a
 *   10 MB (gzip-compressed) upload. Over them GitHub rejects the whole file,
 *   so we drop the least severe results first and say so in a notification.
 * - Paths must be relative to the repository root (the checkout), whatever
 *   directory was scanned.
 */
import type { RepositoryPlace } from '../discover/repository.js';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { severityRank, type Rule, type Severity } from '../engine/rule.js';
import type { Finding } from '../engine/finding.js';
import type { ScanResult } from '../engine/scan.js';
import type { Location } from '../model/types.js';
import { Masker } from './sanitize.js';
import { renderRuleMarkdown, renderRuleText, ruleDocUrl } from './rule-doc.js';

export const INFORMATION_URI = 'https://github.com/shipshape-dev/shipshape';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub buckets: >9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

/** GitHub code scanning's hard limits per SARIF run. */
export const GITHUB_LIMITS = { maxResults: 25_000, maxLocationsPerResult: 1_000, maxGzipBytes: 10 * 1024 * 1024 };
export type SarifLimits = typeof GITHUB_LIMITS;
/** Headroom under GitHub's size limit: its compressor and ours need not produce the same byte count. */
const SIZE_MARGIN = 16 * 1024;
/** The notification kinds this renderer writes; `tool.driver.notifications` describes those a log uses. */
const NOTIFICATION_KINDS: Record<string, string> = {
  'shipshape/file-skipped': 'A file was skipped: nothing in it was checked.',
  'shipshape/file-caveat': 'A file was read with a caveat (e.g. invalid UTF-8 replaced).',
  'shipshape/not-evaluated': 'A file was recognised but deliberately not evaluated (e.g. an unrendered Helm template).',
  'shipshape/notifications-trimmed': 'More file notifications than are listed.',
  'shipshape/results-dropped': 'Results left out to stay within GitHub code scanning limits.',
  'shipshape/related-locations-trimmed': 'Related locations left out to stay within GitHub code scanning limits.',
  'shipshape/rule-error': 'A rule failed with an internal error; the rest of the scan ran.',
};
/** Beyond this many, file notifications are summarised: they are context, not alerts. */
const MAX_FILE_NOTIFICATIONS = 1_000;

export interface SarifOptions {
  includeSuppressed: boolean;
  tool: { name: string; version: string };
  /** Defaults to GitHub's limits; tests lower them. */
  limits?: Partial<SarifLimits>;
}

export function renderSarif(result: ScanResult, allRules: Rule<any>[], opts: SarifOptions): string {
  const limits = { ...GITHUB_LIMITS, ...opts.limits };
  const m = Masker.forResult(result);
  const byId = new Map(allRules.map((r) => [r.id, r]));
  const uri = uriMapper(result.repository ?? { root: result.root, scanPrefix: '' });
  const findings = result.findings.filter((f) => opts.includeSuppressed || !f.suppressed);

  // Most severe first; ties keep the scan's (path, line) order so the cut is deterministic.
  const bySeverity = findings.map((f, i) => ({ f, i })).sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i);
  const fileNotes = fileNotifications(result, m, uri);

  const build = (keep: number): string => {
    const kept = new Set(bySeverity.slice(0, keep).map((x) => x.i));
    const chosen = findings.filter((_, i) => kept.has(i));
    const dropped = findings.filter((_, i) => !kept.has(i));
    return JSON.stringify(sarifLog(result, chosen, dropped, byId, opts, limits, m, uri, fileNotes), null, 2) + '\n';
  };

  let keep = Math.min(findings.length, limits.maxResults);
  let text = build(keep);
  if (!fits(text, limits.maxGzipBytes)) {
    // Largest number of results (most severe first) whose log fits: a binary search, since each try gzips the log.
    let lo = 0;
    let hi = keep - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(build(mid), limits.maxGzipBytes)) lo = mid;
      else hi = mid - 1;
    }
    keep = lo;
    text = build(keep);
  }
  return text;
}

const count = (n: number) => n.toLocaleString('en-US');
const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);

function fits(text: string, maxGzipBytes: number): boolean {
  const budget = maxGzipBytes - SIZE_MARGIN;
  // JSON never gzips larger than itself by more than a few bytes of header: skip the work for ordinary logs.
  if (Buffer.byteLength(text) <= budget - 1024) return true;
  return gzipSync(text).length <= budget;
}

function sarifLog(
  result: ScanResult,
  findings: Finding[],
  dropped: Finding[],
  byId: Map<string, Rule<any>>,
  opts: SarifOptions,
  limits: SarifLimits,
  m: Masker,
  uri: UriMapper,
  fileNotes: Notification[],
): Log {
  const variantOf = (f: Finding): string => {
    const rule = byId.get(f.ruleId);
    return rule && f.severity !== rule.severity ? `${f.ruleId}/${f.severity}` : f.ruleId;
  };
  const usedIds = [...new Set(findings.map(variantOf))].sort();
  const index = new Map(usedIds.map((id, i) => [id, i]));
  const rules: ReportingDescriptor[] = usedIds.map((vid) => {
    const f = findings.find((x) => variantOf(x) === vid)!;
    return descriptor(byId.get(f.ruleId), f.ruleId, vid === f.ruleId ? undefined : f.severity);
  });

  // Primary location counts towards GitHub's locations-per-result limit.
  const maxRelated = Math.max(0, limits.maxLocationsPerResult - 1);
  let trimmed = 0;
  const results: Result[] = findings.map((f) => {
    const related = f.relatedLocations.slice(0, maxRelated);
    if (related.length < f.relatedLocations.length) trimmed++;
    const more = f.relatedLocations.length - related.length;
    // GitHub shows related locations only when the message links them as `[text](id)`.
    const links = related.map((rl, i) => `[${escapeLinkText(m.clean(`${uri.path(rl.location.path)}:${rl.location.startLine}`))}](${i + 1})`);
    const ruleId = variantOf(f);
    const r: Result = {
      ruleId,
      ruleIndex: index.get(ruleId)!,
      level: LEVEL[f.severity],
      message: {
        text: m.clean(f.message, f.maskValues) + (links.length ? ` Related: ${links.join(', ')}${more ? ` and ${more} more` : ''}.` : ''),
      },
      locations: [{ physicalLocation: physical(f.location, uri) }],
      partialFingerprints: { primaryLocationLineHash: f.fingerprint, 'shipshape/v1': f.fingerprint },
      properties: { severity: f.severity, shipshapeRuleId: f.ruleId },
    };
    if (related.length) {
      r.relatedLocations = related.map((rl, i) => ({ id: i + 1, physicalLocation: physical(rl.location, uri), message: { text: m.clean(rl.message) } }));
    }
    if (opts.includeSuppressed) {
      // SARIF: once any result carries suppressions, all must (empty = not suppressed).
      r.suppressions = f.suppressed ? [{ kind: 'inSource', justification: m.clean(f.suppression?.reason ?? '') }] : [];
    }
    return r;
  });

  const notifications: Notification[] = [...fileNotes];
  if (dropped.length) {
    const counts = new Map<Severity, number>();
    for (const f of dropped) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
    const parts = [...counts].sort((a, b) => severityRank(b[0]) - severityRank(a[0])).map(([s, n]) => `${n} ${s}`);
    notifications.push({
      level: 'warning',
      descriptor: { id: 'shipshape/results-dropped' },
      message: {
        text:
          `${dropped.length} result${dropped.length === 1 ? '' : 's'} left out (${parts.join(', ')}) to stay within GitHub code scanning's limits ` +
          `(${count(limits.maxResults)} results per run, ${mb(limits.maxGzipBytes)} gzip-compressed); the most severe were kept. \`shipshape scan -f json\` lists every finding.`,
      },
    });
  }
  if (trimmed) {
    notifications.push({
      level: 'warning',
      descriptor: { id: 'shipshape/related-locations-trimmed' },
      message: { text: `${trimmed} result${trimmed === 1 ? ' has' : 's have'} more related locations than GitHub accepts (${count(limits.maxLocationsPerResult)} locations per result); only the first ${count(maxRelated)} are included.` },
    });
  }
  for (const e of result.ruleErrors) {
    notifications.push({
      level: 'error',
      descriptor: { id: 'shipshape/rule-error' },
      associatedRule: { id: e.ruleId },
      // The first line only: the stack trace names paths on the machine that ran the scan.
      message: { text: m.clean(`internal error in rule ${e.ruleId}: ${e.message.split('\n')[0]}`) },
    });
  }

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: opts.tool.name,
            version: opts.tool.version,
            semanticVersion: opts.tool.version,
            informationUri: INFORMATION_URI,
            rules,
            notifications: [...new Set(notifications.map((n) => n.descriptor!.id!))].sort().map((id) => ({ id, shortDescription: { text: NOTIFICATION_KINDS[id]! } })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: uri.baseUri } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: result.ruleErrors.length === 0, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

/**
 * Skipped files (warning: nothing in them was checked), files read with a
 * caveat and files deliberately not evaluated (note). A note whose file was
 * read is a caveat; one whose file is not among the sources was skipped.
 */
function fileNotifications(result: ScanResult, m: Masker, uri: UriMapper): Notification[] {
  const all: Notification[] = [
    ...result.notes.map((n) => {
      const read = result.sources.has(n.path);
      return fileNote(read ? 'note' : 'warning', read ? 'shipshape/file-caveat' : 'shipshape/file-skipped', n.path, m.clean(`${n.path}: ${read ? '' : 'skipped: '}${n.reason}`), uri);
    }),
    ...result.notEvaluated.map((n) => fileNote('note', 'shipshape/not-evaluated', n.path, m.clean(`${n.path}: not evaluated: ${n.reason}`), uri)),
  ];
  if (all.length <= MAX_FILE_NOTIFICATIONS) return all;
  const rest = all.length - MAX_FILE_NOTIFICATIONS;
  return [
    ...all.slice(0, MAX_FILE_NOTIFICATIONS),
    { level: 'note', descriptor: { id: 'shipshape/notifications-trimmed' }, message: { text: `${rest} more skipped or not-evaluated files are not listed; \`shipshape scan -f json\` lists them in \`notes\`.` } },
  ];
}

function fileNote(level: 'note' | 'warning', id: string, path: string, text: string, uri: UriMapper): Notification {
  const n: Notification = { level, descriptor: { id }, message: { text } };
  const u = uri.path(path === '.' ? '' : path);
  if (u) n.locations = [{ physicalLocation: { artifactLocation: { uri: encodeUri(u), uriBaseId: '%SRCROOT%' } } }];
  return n;
}

interface UriMapper {
  /** `file:` URI of the repository root, with the trailing slash SARIF requires of a base. */
  baseUri: string;
  /** Scan-root-relative path → repository-relative path (`/`-separated). */
  path(p: string): string;
}

/** URIs relative to the repository the engine found (`ScanResult.repository`); without one, to the scan root. */
function uriMapper(place: RepositoryPlace): UriMapper {
  const href = pathToFileURL(place.root).href;
  const prefix = place.scanPrefix;
  return {
    baseUri: href.endsWith('/') ? href : `${href}/`,
    path: (p) => (prefix && p ? `${prefix}/${p}` : prefix || p),
  };
}

function physical(l: Location, uri: UriMapper) {
  return {
    artifactLocation: { uri: encodeUri(uri.path(l.path)), uriBaseId: '%SRCROOT%' },
    region: { startLine: l.startLine, startColumn: l.startColumn, endLine: l.endLine, endColumn: Math.max(l.endColumn, 1) },
  };
}

/** Percent-encode each path segment; keep `/`. */
export function encodeUri(path: string): string {
  return path.split('/').map((s) => encodeURIComponent(s)).join('/');
}

/**
 * The rule's descriptor, or with `variant` the descriptor of its findings
 * reported at that severity instead of the default (see the file comment).
 */
function descriptor(rule: Rule<any> | undefined, id: string, variant?: Severity): ReportingDescriptor {
  if (!rule) return { id, name: id, shortDescription: { text: id } };
  const severity = variant ?? rule.severity;
  const tags = [...new Set([...(rule.security ? ['security'] : []), rule.id.split('/')[0]!, ...rule.tags])].slice(0, 20);
  const when = variant && rule.severities?.find((s) => s.severity === variant)?.when;
  // True whether the finding got this severity from the rule or from `.shipshape.yml`, which the log cannot tell apart.
  const why = variant ? `Reported at ${variant} severity (the rule's default is ${rule.severity})${when ? `; the rule reports ${variant} when ${when}` : ''}.` : '';
  return {
    id: variant ? `${rule.id}/${variant}` : rule.id,
    name: pascal(rule.id) + (variant ? pascal(variant) : ''),
    shortDescription: { text: variant ? `${rule.title} (${variant})` : rule.title },
    fullDescription: { text: why ? `${rule.description} ${why}` : rule.description },
    help: { text: (why ? `${why}\n\n` : '') + renderRuleText(rule), markdown: (why ? `> ${why}\n\n` : '') + renderRuleMarkdown(rule) },
    helpUri: ruleDocUrl(rule.id),
    defaultConfiguration: { level: LEVEL[severity], enabled: rule.enabledByDefault !== false },
    ...(variant ? { relationships: [{ target: { id: rule.id }, kinds: ['subset'] }] } : {}),
    // SARIF's own field for renamed rules: viewers can carry history over from the old id.
    ...(rule.formerIds?.length ? { deprecatedIds: rule.formerIds.map((f) => (variant ? `${f}/${variant}` : f)) } : {}),
    properties: {
      tags,
      // Preview rules are new: their verdicts have seen less real-world use.
      precision: rule.status === 'preview' ? 'medium' : 'high',
      status: rule.status,
      severity,
      ...(rule.security ? { 'security-severity': SECURITY_SEVERITY[severity] } : {}),
    },
  };
}

function pascal(id: string): string {
  return id.split(/[/-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** SARIF message links use Markdown-like `[text](id)`; brackets in the text must be escaped. */
function escapeLinkText(s: string): string {
  return s.replace(/[[\]\\]/g, (c) => `\\${c}`);
}
