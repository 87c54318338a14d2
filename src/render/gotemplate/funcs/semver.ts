/**
 * Masterminds semver v3 as Sprig uses it: `semver` (NewVersion, lenient: `v` prefix, missing
 * minor/patch) and `semverCompare` (constraints with `||`, comma/space-separated AND, `=`, `!=`, `>`,
 * `<`, `>=`, `<=`, `~`, `~>`, `^`, hyphen ranges, `x`/`X`/`*` wildcards; a prerelease version only
 * satisfies a comparison whose constraint has a prerelease, hence charts' `>=1.19-0`). Parsed by
 * character scanning, no regexes.
 */
import { GoStruct, TemplateError, type FuncMap } from '../types.js';
import { needString } from './values.js';

export interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  meta: string;
  original: string;
}

function isIdentChars(s: string): boolean {
  return s.length > 0 && [...s].every((c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '-');
}
function isNum(s: string): boolean {
  return s.length > 0 && [...s].every((c) => c >= '0' && c <= '9');
}

/** semver.NewVersion: `v?MAJOR(.MINOR)?(.PATCH)?(-PRE)?(+META)?`; errors in Masterminds' words. */
export function parseVersion(text: string): Version {
  let s = text;
  if (s.startsWith('v')) s = s.slice(1);
  let meta = '';
  const plus = s.indexOf('+');
  if (plus >= 0) {
    meta = s.slice(plus + 1);
    s = s.slice(0, plus);
    if (!meta.split('.').every(isIdentChars)) throw new TemplateError('Invalid Semantic Version');
  }
  let pre = '';
  const dash = s.indexOf('-');
  if (dash >= 0) {
    pre = s.slice(dash + 1);
    s = s.slice(0, dash);
    const ids = pre.split('.');
    if (!ids.every(isIdentChars)) throw new TemplateError('Invalid Semantic Version');
    if (ids.some((id) => isNum(id) && id.length > 1 && id[0] === '0')) throw new TemplateError('Version segment starts with 0');
  }
  const parts = s.split('.');
  if (parts.length > 3 || !parts.every(isNum)) throw new TemplateError('Invalid Semantic Version');
  const [ma, mi, pa] = parts;
  return { major: BigInt(ma!), minor: BigInt(mi ?? '0'), patch: BigInt(pa ?? '0'), pre, meta, original: text };
}

function cmpNum(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const pn = isNum(p);
    const qn = isNum(q);
    if (pn && qn) return cmpNum(BigInt(p), BigInt(q));
    if (pn) return -1;
    if (qn) return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/** Version.Compare: metadata ignored. */
export function compareVersions(a: Version, b: Version): number {
  return cmpNum(a.major, b.major) || cmpNum(a.minor, b.minor) || cmpNum(a.patch, b.patch) || comparePre(a.pre, b.pre);
}

interface Constraint {
  op: string;
  v: Version;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string | undefined) => s === 'x' || s === 'X' || s === '*';

function parseConstraint(text: string): Constraint {
  let i = 0;
  while (i < text.length && '=!<>~^'.includes(text[i]!)) i++;
  const op = text.slice(0, i);
  const known = ['', '=', '!=', '>', '<', '>=', '=>', '<=', '=<', '~', '~>', '^'];
  if (!known.includes(op)) throw new TemplateError(`improper constraint: ${text}`);
  let rest = text.slice(i).trim();
  if (rest.startsWith('v')) rest = rest.slice(1);
  let suffix = '';
  const cut = [rest.indexOf('-'), rest.indexOf('+')].filter((x) => x >= 0);
  if (cut.length > 0) {
    const at = Math.min(...cut);
    suffix = rest.slice(at);
    rest = rest.slice(0, at);
  }
  const parts = rest.split('.');
  if (parts.length > 3 || parts.some((p) => !isNum(p) && !isX(p))) throw new TemplateError(`improper constraint: ${text}`);
  // A wildcard or missing part makes the constraint "dirty": `1.2` and `1.2.x` both mean any patch of 1.2.
  let minorDirty = false;
  let patchDirty = false;
  if (isX(parts[0])) {
    minorDirty = patchDirty = true;
    parts[0] = '0';
  }
  if (parts[1] === undefined || isX(parts[1])) {
    minorDirty = patchDirty = true;
    parts[1] = '0';
  }
  if (parts[2] === undefined || isX(parts[2])) {
    patchDirty = true;
    parts[2] = '0';
  }
  const dirty = minorDirty || patchDirty;
  const v = parseVersion(parts.join('.') + suffix);
  // Masterminds: a fully specified version is not dirty; a missing part counts as a wildcard.
  return { op: op === '=>' ? '>=' : op === '=<' ? '<=' : op === '~>' ? '~' : op, v, dirty, minorDirty, patchDirty };
}

function check(c: Constraint, v: Version): boolean {
  if (v.pre !== '' && c.v.pre === '') return false;
  const con = c.v;
  switch (c.op) {
    case '':
    case '=':
      if (c.dirty) return tilde(c, v);
      return compareVersions(v, con) === 0;
    case '!=':
      if (c.dirty) {
        if (con.major !== v.major) return true;
        if (c.minorDirty) return false;
        if (con.minor !== v.minor) return true;
        return !c.patchDirty && con.patch !== v.patch;
      }
      return compareVersions(v, con) !== 0;
    case '>':
      if (!c.dirty) return compareVersions(v, con) > 0;
      if (v.major !== con.major) return v.major > con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return compareVersions(v, con) > 0;
    case '<':
      return compareVersions(v, con) < 0;
    case '>=':
      return compareVersions(v, con) >= 0;
    case '<=':
      if (!c.dirty) return compareVersions(v, con) <= 0;
      if (v.major > con.major) return false;
      if (v.major === con.major && v.minor > con.minor && !c.minorDirty) return false;
      return true;
    case '~':
      return tilde(c, v);
    case '^':
      if (compareVersions(v, con) < 0) return false;
      if (con.major > 0n || c.minorDirty) return v.major === con.major;
      if (con.minor > 0n || c.patchDirty) return v.major === 0n && v.minor === con.minor;
      return v.major === 0n && v.minor === 0n && v.patch === con.patch;
  }
  return false;
}

function tilde(c: Constraint, v: Version): boolean {
  const con = c.v;
  if (compareVersions(v, con) < 0) return false;
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  if (v.minor !== con.minor && !c.minorDirty) return false;
  return true;
}

/** Splits at runs of whitespace and commas. */
function splitFields(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (ch === ',' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (cur !== '') out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** One `||` alternative: AND of constraints separated by commas or spaces; `A - B` is `>= A, <= B`. */
function parseGroup(text: string): Constraint[] {
  const tokens = splitFields(text);
  const out: Constraint[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i + 1] === '-' && tokens[i + 2] !== undefined) {
      out.push(parseConstraint('>=' + tokens[i]), parseConstraint('<=' + tokens[i + 2]));
      i += 2;
      continue;
    }
    let t = tokens[i]!;
    // An operator written apart from its version (">= 1.2") joins the next token.
    if ([...t].every((ch) => '=!<>~^'.includes(ch)) && tokens[i + 1] !== undefined) t += tokens[++i];
    out.push(parseConstraint(t));
  }
  if (out.length === 0) throw new TemplateError(`improper constraint: ${text}`);
  return out;
}

export function satisfies(constraint: string, version: string): boolean {
  if (constraint.length > 10_000) throw new TemplateError('improper constraint: too long');
  const groups = constraint.split('||').map(parseGroup);
  const v = parseVersion(version);
  return groups.some((g) => g.every((c) => check(c, v)));
}

function versionStruct(v: Version): GoStruct {
  const str = `${v.major}.${v.minor}.${v.patch}${v.pre ? '-' + v.pre : ''}${v.meta ? '+' + v.meta : ''}`;
  return new GoStruct('*semver.Version', {}, {
    Major: () => v.major,
    Minor: () => v.minor,
    Patch: () => v.patch,
    Prerelease: () => v.pre,
    Metadata: () => v.meta,
    Original: () => v.original,
    String: () => str,
  });
}

export function semverFuncs(): FuncMap {
  return {
    semver: (_c, s) => versionStruct(parseVersion(needString('semver', s))),
    semverCompare: (_c, c, v) => satisfies(needString('semverCompare', c), needString('semverCompare', v)),
  };
}
