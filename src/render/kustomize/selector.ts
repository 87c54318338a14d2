/**
 * Patch targets: `group`, `version`, `kind`, `name`, `namespace` (anchored
 * regular expressions in kustomize, so `api-.*` and `web|worker` work),
 * `labelSelector` and `annotationSelector` (Kubernetes label selector
 * syntax). The expressions come from the scanned repository, so only a
 * bounded subset is compiled: no quantified groups, no backreferences, no
 * lookaround, short patterns, few quantifiers. Names are at most 253
 * characters, so what is left runs in bounded time.
 */
import { annotationsOf, groupVersion, kindOf, labelsOf, namespaceOf, type Res } from './resource.js';
import { get, str, type KNode } from './tree.js';

export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export class SelectorError extends Error {}

export function readTarget(n: KNode | undefined): Target {
  const t: Target = {};
  for (const k of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    const v = str(get(n, k));
    if (v !== undefined) t[k] = v;
  }
  return t;
}

export type Matcher = (r: Res) => boolean;

/** The matcher a `target:`/`select:` node describes, or why it cannot be used (for the caller's problem message). */
export function targetMatcher(n: KNode | undefined): Matcher | { refused: string } {
  try {
    return compileTarget(readTarget(n));
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
    return { refused: e.message };
  }
}

export function compileTarget(t: Target): Matcher {
  const group = t.group !== undefined ? pattern(t.group) : undefined;
  const version = t.version !== undefined ? pattern(t.version) : undefined;
  const kind = t.kind !== undefined ? pattern(t.kind) : undefined;
  const name = t.name !== undefined ? pattern(t.name) : undefined;
  const namespace = t.namespace !== undefined ? pattern(t.namespace) : undefined;
  const labels = t.labelSelector !== undefined ? labelSelector(t.labelSelector) : undefined;
  const annotations = t.annotationSelector !== undefined ? labelSelector(t.annotationSelector) : undefined;
  return (r) => {
    const gv = groupVersion(r);
    if (group && !group(gv.group)) return false;
    if (version && !version(gv.version)) return false;
    if (kind && !kind(kindOf(r))) return false;
    // The current name or any earlier one: an overlay's patch names the base's resource as the base wrote it.
    if (name && !r.names.some(name)) return false;
    if (namespace && !namespace(namespaceOf(r) ?? '')) return false;
    if (labels && !labels(labelsOf(r))) return false;
    if (annotations && !annotations(annotationsOf(r))) return false;
    return true;
  };
}

const LITERAL = /^[\w.-]*$/;
const MAX_PATTERN = 200;
const MAX_QUANTIFIERS = 3;

/** An anchored matcher for a kustomize target field: equality for plain names, a checked regular expression otherwise. */
export function pattern(p: string): (s: string) => boolean {
  if (p === '') return () => true;
  if (LITERAL.test(p)) return (s) => s === p;
  refuseUnbounded(p);
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${p})$`);
  } catch (e) {
    throw new SelectorError(`target "${p}" is not a valid regular expression: ${(e as Error).message}`);
  }
  return (s) => s.length <= 253 && re.test(s);
}

function refuseUnbounded(p: string): void {
  if (p.length > MAX_PATTERN) throw new SelectorError(`target pattern is longer than ${MAX_PATTERN} characters: not evaluated`);
  let quantifiers = 0;
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1] ?? '';
      if (n >= '1' && n <= '9') throw new SelectorError(`target "${p}" uses a backreference: not evaluated`);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(' && p[i + 1] === '?' && p[i + 2] !== ':') throw new SelectorError(`target "${p}" uses lookaround or named groups: not evaluated`);
    else if (c === ')' && '*+?{'.includes(p[i + 1] ?? '')) throw new SelectorError(`target "${p}" repeats a group: not evaluated (its matching time is unbounded)`);
    else if ('*+?{'.includes(c)) quantifiers++;
  }
  if (quantifiers > MAX_QUANTIFIERS) throw new SelectorError(`target "${p}" has more than ${MAX_QUANTIFIERS} repetitions: not evaluated`);
}

type Requirement = (labels: ReadonlyMap<string, string>) => boolean;

/** `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, comma-separated (all must hold). */
export function labelSelector(text: string): (labels: ReadonlyMap<string, string>) => boolean {
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const s = part.trim();
    if (s === '') continue;
    reqs.push(requirement(s));
  }
  return (labels) => reqs.every((r) => r(labels));
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function requirement(s: string): Requirement {
  if (s.startsWith('!')) {
    const key = s.slice(1).trim();
    return (l) => !l.has(key);
  }
  const ne = s.indexOf('!=');
  if (ne !== -1) {
    const key = s.slice(0, ne).trim();
    const value = s.slice(ne + 2).trim();
    return (l) => l.get(key) !== value;
  }
  const eq = s.indexOf('=');
  if (eq !== -1) {
    const key = s.slice(0, eq).trim();
    const value = s.slice(s[eq + 1] === '=' ? eq + 2 : eq + 1).trim();
    return (l) => l.get(key) === value;
  }
  const open = s.indexOf('(');
  if (open !== -1 && s.endsWith(')')) {
    const head = s.slice(0, open).trim();
    const sp = head.lastIndexOf(' ');
    const key = head.slice(0, sp).trim();
    const op = head.slice(sp + 1);
    const values = new Set(s.slice(open + 1, -1).split(',').map((v) => v.trim()));
    if (op === 'in') return (l) => l.has(key) && values.has(l.get(key)!);
    if (op === 'notin') return (l) => !l.has(key) || !values.has(l.get(key)!);
    throw new SelectorError(`selector "${s}": unknown operator "${op}"`);
  }
  return (l) => l.has(s);
}
