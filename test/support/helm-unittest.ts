/**
 * A runner for helm-unittest suites (`unittests/*_test.yaml` in a chart) against
 * any renderer: the suite states what a correct render contains, so running it
 * against ours checks our Helm renderer with the chart authors' own
 * expectations. Supports what the chart corpora use: `templates`, `set`,
 * `values`, `release`, `capabilities` at suite and test level, `template`,
 * `documentIndex`, `documentSelector` and `not` per assertion, and the
 * assertions `equal`, `notEqual`, `exists`, `notExists`, `isNull`,
 * `isNotNull`, `isEmpty`, `isNotEmpty`, `contains`, `notContains`, `isKind`,
 * `isAPIVersion`, `hasDocuments`, `lengthEqual`, `matchRegex`,
 * `notMatchRegex`, `isSubset`, `failedTemplate` and `notFailedTemplate`.
 * An assertion we do not know is reported as skipped, never as passed.
 */
import { posix } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export interface RenderRequest {
  /** Chart-relative template paths (`templates/deployment.yaml`) whose documents are asserted on. */
  templates: string[];
  /** Values files named by the suite/test, resolved against the suite file's folder (chart-relative). */
  valuesFiles: string[];
  /** `set:` of suite and test merged into one values overlay (already structured, not strvals). */
  values: Record<string, unknown>;
  release?: { name?: string; namespace?: string; revision?: number; upgrade?: boolean };
  capabilities?: { majorVersion?: string | number; minorVersion?: string | number; apiVersions?: string[] };
}

/** Rendered text per chart-relative template path, or the render error (what `failedTemplate` expects). */
export type RenderResult = { outputs: Map<string, string> } | { error: string };

export type Render = (req: RenderRequest) => RenderResult | Promise<RenderResult>;

export interface TestResult {
  it: string;
  /** Failed assertions, each saying what was expected and what was found. */
  failures: string[];
  /** Assertions that could not be run (an unknown assertion type). */
  skipped: string[];
  passed: number;
}

type Doc = Record<string, unknown>;

/** `metadata.labels["app.kubernetes.io/name"]`, `spec.containers[0].image`, `a.b-c` → keys. */
/** `[*]`: every item; `[?(@.name == "x")]`: the items whose field equals the value. */
const ANY = Symbol('any');
type Segment = string | number | typeof ANY | { key: string; value: string };

export function parsePath(p: string): Segment[] | undefined {
  const out: Segment[] = [];
  let i = 0;
  while (i < p.length) {
    if (p[i] === '.') {
      i++;
      continue;
    }
    if (p[i] === '[') {
      const close = p.indexOf(']', i);
      if (close === -1) return undefined;
      const inner = p.slice(i + 1, close).trim();
      const filter = /^\?\(@\.([\w.-]+)\s*==\s*["']([^"']*)["']\)$/.exec(inner);
      if (inner === '*') out.push(ANY);
      else if (filter) out.push({ key: filter[1]!, value: filter[2]! });
      else if (/^-?\d+$/.test(inner)) out.push(Number(inner));
      else if ((inner.startsWith('"') && inner.endsWith('"')) || (inner.startsWith("'") && inner.endsWith("'"))) out.push(inner.slice(1, -1));
      else return undefined;
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < p.length && p[j] !== '.' && p[j] !== '[') j++;
    out.push(p.slice(i, j));
    i = j;
  }
  return out;
}

const MISSING = Symbol('missing');

/** Every value `path` reaches in `doc` (several through `[*]` or a filter). */
function lookupAll(doc: unknown, path: string): unknown[] {
  const keys = parsePath(path);
  if (!keys) return [];
  let cur: unknown[] = [doc];
  for (const k of keys) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (c === null || typeof c !== 'object') continue;
      if (k === ANY) {
        if (Array.isArray(c)) next.push(...c);
        else next.push(...Object.values(c));
      } else if (typeof k === 'object') {
        if (Array.isArray(c)) next.push(...c.filter((x) => x && typeof x === 'object' && String((x as Record<string, unknown>)[k.key]) === k.value));
      } else if (typeof k === 'number') {
        // `[-1]` is the last item, as in helm-unittest's paths.
        if (!Array.isArray(c)) continue;
        const i = k < 0 ? c.length + k : k;
        if (i >= 0 && i < c.length) next.push(c[i]);
      } else if (!Array.isArray(c) && Object.prototype.hasOwnProperty.call(c, k)) {
        next.push((c as Record<string, unknown>)[k]);
      }
    }
    cur = next;
  }
  return cur;
}

function lookup(doc: unknown, path: string): unknown | typeof MISSING {
  const all = lookupAll(doc, path);
  return all.length > 0 ? all[0] : MISSING;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // YAML numbers and strings compare as helm-unittest does after its own YAML decoding: by value.
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** `sub` is contained in `sup`: maps by key recursively, everything else equal. */
function isSubset(sub: unknown, sup: unknown): boolean {
  if (sub !== null && typeof sub === 'object' && !Array.isArray(sub)) {
    if (sup === null || typeof sup !== 'object' || Array.isArray(sup)) return false;
    return Object.entries(sub).every(([k, v]) => isSubset(v, (sup as Record<string, unknown>)[k]));
  }
  return deepEqual(sub, sup);
}

function isEmpty(v: unknown): boolean {
  return v === MISSING || v === null || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
}

const show = (v: unknown) => (v === MISSING ? '(not set)' : JSON.stringify(v));

/** Sets `value` at a helm-unittest `set:` key (`a.b[0].c`, `a.b\\.c`) inside `into`. */
export function setPath(into: Record<string, unknown>, key: string, value: unknown): void {
  const keys: Array<string | number> = [];
  let cur = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === '\\' && i + 1 < key.length) {
      cur += key[++i];
    } else if (c === '.') {
      if (cur) keys.push(cur);
      cur = '';
    } else if (c === '[') {
      if (cur) keys.push(cur);
      cur = '';
      const close = key.indexOf(']', i);
      if (close === -1) break;
      const inner = key.slice(i + 1, close);
      keys.push(/^\d+$/.test(inner) ? Number(inner) : inner.replace(/^["']|["']$/g, ''));
      i = close;
    } else cur += c;
  }
  if (cur) keys.push(cur);
  let node: Record<string | number, unknown> = into;
  keys.forEach((k, i) => {
    const last = i === keys.length - 1;
    if (last) {
      node[k] = value;
      return;
    }
    const next = keys[i + 1];
    if (node[k] === null || typeof node[k] !== 'object') node[k] = typeof next === 'number' ? [] : {};
    node = node[k] as Record<string | number, unknown>;
  });
}

interface Assertion {
  type: string;
  args: Record<string, unknown>;
  not: boolean;
  template?: string;
  documentIndex?: number;
  documentSelector?: { path: string; value: unknown; matchMany?: boolean };
}

/** An assertion; `template`, `documentIndex` and `documentSelector` default to the test's own (helm-unittest lets a test set them for all its asserts). */
function readAssertion(a: Record<string, unknown>, test: Record<string, unknown>): Assertion {
  const type = Object.keys(a).find((k) => !['not', 'template', 'documentIndex', 'documentSelector'].includes(k)) ?? '';
  const pick = (k: string) => a[k] ?? test[k];
  const template = pick('template');
  const index = pick('documentIndex');
  const selector = pick('documentSelector');
  return {
    type,
    args: (a[type] ?? {}) as Record<string, unknown>,
    not: a['not'] === true,
    ...(typeof template === 'string' ? { template: normTemplate(template) } : {}),
    ...(typeof index === 'number' ? { documentIndex: index } : {}),
    ...(selector && typeof selector === 'object' ? { documentSelector: selector as Assertion['documentSelector'] } : {}),
  };
}

/** Suite templates are relative to the chart's templates/ folder; `templates/x.yaml` is accepted too. */
function normTemplate(t: string): string {
  return t.startsWith('templates/') ? t : `templates/${t}`;
}

function docsOf(text: string): Doc[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS({ maxAliasCount: 100 }) as unknown)
    .filter((d): d is Doc => d !== null && typeof d === 'object' && !Array.isArray(d));
}

/** Runs every test of one suite (its YAML text) against `render`. */
export async function runSuite(suiteText: string, suiteDir: string, render: Render): Promise<TestResult[]> {
  const suite = parse(suiteText) as Record<string, unknown>;
  const suiteTemplates = ((suite['templates'] as string[] | undefined) ?? []).map(normTemplate);
  const excludes = ((suite['excludeTemplates'] as string[] | undefined) ?? []).map(normTemplate);
  const results: TestResult[] = [];
  for (const test of (suite['tests'] as Array<Record<string, unknown>> | undefined) ?? []) {
    const result: TestResult = { it: String(test['it'] ?? '(unnamed)'), failures: [], skipped: [], passed: 0 };
    results.push(result);
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries({ ...((suite['set'] as object) ?? {}), ...((test['set'] as object) ?? {}) })) setPath(values, k, v);
    const valuesFiles = [...((suite['values'] as string[]) ?? []), ...((test['values'] as string[]) ?? [])].map((f) => join(suiteDir, f));
    const testTemplate = typeof test['template'] === 'string' ? normTemplate(test['template']) : undefined;
    const templates = testTemplate ? [testTemplate] : suiteTemplates;
    // helm-unittest's defaults, which suites assert on ("RELEASE-NAME"), not `helm template`'s.
    const release = { name: 'RELEASE-NAME', namespace: 'NAMESPACE', ...((suite['release'] as object) ?? {}), ...((test['release'] as object) ?? {}) } as RenderRequest['release'];
    const capabilities = { ...((suite['capabilities'] as object) ?? {}), ...((test['capabilities'] as object) ?? {}) } as RenderRequest['capabilities'];
    let rendered: RenderResult;
    try {
      rendered = await render({ templates, valuesFiles, values, release, capabilities });
    } catch (e) {
      rendered = { error: (e as Error).message };
    }
    for (const raw of (test['asserts'] as Array<Record<string, unknown>> | undefined) ?? []) {
      const a = readAssertion(raw, test);
      const outcome = evaluate(a, rendered, templates, excludes);
      if (outcome === 'skip') result.skipped.push(a.type);
      else if (outcome === undefined) result.passed++;
      else result.failures.push(`${a.not ? 'not ' : ''}${a.type}: ${outcome}`);
    }
  }
  return results;
}

/** Suite template names may be globs (`prometheus/rules-1.14/*.yaml`); `*` stays within one path segment. */
function expandTemplates(patterns: string[], excludes: string[], available: string[]): string[] {
  const re = (g: string) => new RegExp(`^${g.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  const want = patterns.map(re);
  const drop = excludes.map(re);
  const globbed = available.filter((t) => want.some((r) => r.test(t)) && !drop.some((r) => r.test(t)));
  // A plain name that rendered nothing (no output) is still asked for: it then has no documents.
  return [...new Set([...globbed, ...patterns.filter((p) => !p.includes('*'))])].filter((t) => !drop.some((r) => r.test(t)));
}

function join(dir: string, rel: string): string {
  const p = posix.join(dir, rel);
  return p === '.' ? '' : p;
}

/** undefined when the assertion holds; else why not; 'skip' for an unknown assertion. */
function evaluate(a: Assertion, rendered: RenderResult, templates: string[], excludes: string[] = []): string | undefined | 'skip' {
  if (a.type === 'failedTemplate' || a.type === 'notFailedTemplate') {
    const failed = 'error' in rendered;
    const want = (a.type === 'failedTemplate') !== a.not;
    if (!want) return failed ? `the render failed: ${(rendered as { error: string }).error}` : undefined;
    if (!failed) return 'the render succeeded';
    const msg = a.args['errorMessage'];
    const pattern = a.args['errorPattern'];
    const error = (rendered as { error: string }).error;
    if (typeof msg === 'string' && !error.includes(msg)) return `error "${error}" does not contain "${msg}"`;
    if (typeof pattern === 'string' && !new RegExp(pattern).test(error)) return `error "${error}" does not match /${pattern}/`;
    return undefined;
  }
  if ('error' in rendered) return `the render failed: ${rendered.error}`;
  const from = expandTemplates(a.template ? [a.template] : templates, excludes, [...rendered.outputs.keys()]);
  let docs = from.flatMap((t) => docsOf(rendered.outputs.get(t) ?? ''));
  if (a.type === 'hasDocuments') {
    const want = Number(a.args['count']);
    const ok = docs.length === want;
    return ok !== a.not ? undefined : `${docs.length} documents, expected ${a.not ? 'not ' : ''}${want}`;
  }
  if (a.documentSelector) {
    const sel = a.documentSelector;
    docs = docs.filter((d) => deepEqual(lookup(d, sel.path), sel.value));
    if (!sel.matchMany && docs.length > 1) docs = docs.slice(0, 1);
  }
  if (a.documentIndex !== undefined) docs = docs[a.documentIndex] ? [docs[a.documentIndex]!] : [];
  if (docs.length === 0) return a.type === 'notExists' || (a.not && a.type === 'exists') ? undefined : 'no document to assert on';
  for (const doc of docs) {
    const why = check(a, doc);
    if (why === 'skip') return 'skip';
    const holds = why === undefined;
    if (holds === a.not) return why ?? `holds, but was negated (${a.type} ${JSON.stringify(a.args)})`;
  }
  return undefined;
}

/** undefined when the assertion holds on `doc`, else why not (negation is applied by the caller). */
function check(a: Assertion, doc: Doc): string | undefined | 'skip' {
  const path = String(a.args['path'] ?? '');
  const at = () => lookup(doc, path);
  switch (a.type) {
    case 'equal': {
      const v = at();
      return deepEqual(v, a.args['value']) ? undefined : `${path} is ${show(v)}, expected ${show(a.args['value'])}`;
    }
    case 'notEqual': {
      const v = at();
      return !deepEqual(v, a.args['value']) ? undefined : `${path} is ${show(v)}`;
    }
    case 'exists':
      return lookupAll(doc, path).length > 0 ? undefined : `${path} is not set`;
    case 'notExists':
      return at() === MISSING ? undefined : `${path} is ${show(at())}`;
    case 'isNull': {
      const v = at();
      return v === null || v === MISSING ? undefined : `${path} is ${show(v)}`;
    }
    case 'isNotNull': {
      const v = at();
      return v !== null && v !== MISSING ? undefined : `${path} is null`;
    }
    case 'isEmpty':
      return isEmpty(at()) ? undefined : `${path} is ${show(at())}`;
    case 'isNotEmpty':
      return !isEmpty(at()) ? undefined : `${path} is empty`;
    case 'isKind':
      return doc['kind'] === a.args['of'] ? undefined : `kind is ${show(doc['kind'])}, expected ${show(a.args['of'])}`;
    case 'isAPIVersion':
      return doc['apiVersion'] === a.args['of'] ? undefined : `apiVersion is ${show(doc['apiVersion'])}, expected ${show(a.args['of'])}`;
    case 'contains':
    case 'notContains': {
      const v = at();
      if (!Array.isArray(v)) return a.type === 'notContains' ? undefined : `${path} is ${show(v)}, not a list`;
      const content = a.args['content'];
      const hits = v.filter((x) => (a.args['any'] === true ? isSubset(content, x) : deepEqual(x, content))).length;
      const count = a.args['count'];
      const ok = a.type === 'contains' ? (typeof count === 'number' ? hits === count : hits > 0) : hits === 0;
      return ok ? undefined : `${path} ${a.type === 'contains' ? 'does not contain' : 'contains'} ${show(content)}${typeof count === 'number' ? ` ${count} times (found ${hits})` : ''}`;
    }
    case 'isSubset': {
      const v = at();
      return isSubset(a.args['content'], v) ? undefined : `${show(a.args['content'])} is not a subset of ${path} (${show(v)})`;
    }
    case 'lengthEqual': {
      const paths = Array.isArray(a.args['paths']) ? (a.args['paths'] as string[]) : [path];
      for (const p of paths) {
        const v = lookup(doc, p);
        const len = Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : -1;
        if (len !== Number(a.args['count'])) return `${p} has length ${len}, expected ${String(a.args['count'])}`;
      }
      return undefined;
    }
    case 'matchRegex':
    case 'notMatchRegex': {
      const v = at();
      const re = new RegExp(String(a.args['pattern'] ?? ''));
      const m = typeof v === 'string' && re.test(v);
      return m === (a.type === 'matchRegex') ? undefined : `${path} is ${show(v)}, ${a.type === 'matchRegex' ? 'not matching' : 'matching'} /${re.source}/`;
    }
    default:
      return 'skip';
  }
}
