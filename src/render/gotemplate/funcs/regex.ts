/**
 * Sprig's regex functions with Go's regexp semantics: RE2 syntax and linear-time matching through
 * re2js (a pure-JS RE2 port), Go's rules for empty matches in FindAll/ReplaceAll/Split, and Go's
 * `$1`/`${name}` expansion. Only loaded with the Helm function library.
 */
import { RE2JS } from 're2js';
import { TemplateError, type FuncMap } from '../types.js';
import { needInt, needString } from './values.js';

const cache = new Map<string, RE2JS>();

/** regexp.Compile; a syntax error is Go's "error parsing regexp: ..." (wording from re2js). */
export function compile(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new TemplateError(`error parsing regexp: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

interface Match {
  start: number;
  end: number;
  groups: (string | null)[];
  named: Record<string, string | null>;
}

/** Go's FindAll loop: at most n matches (n < 0: all); an empty match right after the previous match is skipped. */
export function findAll(re: RE2JS, s: string, n: number): Match[] {
  const out: Match[] = [];
  if (n === 0) return out;
  const m = re.matcher(s);
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    if (!m.find(pos)) break;
    const start = m.start();
    const end = m.end();
    let accept = true;
    if (end === pos) {
      if (start === prevEnd) accept = false;
      pos += pos < s.length ? (s.codePointAt(pos)! > 0xffff ? 2 : 1) : 1;
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(capture(m, start, end));
  }
  return out;
}

function capture(m: ReturnType<RE2JS['matcher']>, start: number, end: number): Match {
  const groups: (string | null)[] = [];
  for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g));
  return { start, end, groups, named: m.getNamedGroups() };
}

/** Go's Regexp.Expand of a replacement template. */
export function expand(template: string, match: Match): string {
  let out = '';
  let t = template;
  for (;;) {
    const i = t.indexOf('$');
    if (i < 0) break;
    out += t.slice(0, i);
    t = t.slice(i + 1);
    if (t[0] === '$') {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const brace = t[0] === '{';
    let j = brace ? 1 : 0;
    const nameStart = j;
    while (j < t.length && isNameChar(t.codePointAt(j)!)) j += t.codePointAt(j)! > 0xffff ? 2 : 1;
    const name = t.slice(nameStart, j);
    if (name === '' || (brace && t[j] !== '}')) {
      out += '$';
      continue;
    }
    t = t.slice(brace ? j + 1 : j);
    let num = -1;
    if ([...name].every((c) => c >= '0' && c <= '9') && !(name[0] === '0' && name.length > 1) && name.length < 9) num = Number(name);
    if (num >= 0) out += match.groups[num] ?? '';
    else out += match.named[name] ?? '';
  }
  return out + t;
}

function isNameChar(cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  return ch === '_' || (ch >= '0' && ch <= '9') || ch.toLowerCase() !== ch.toUpperCase() || /\p{L}|\p{Nd}/u.test(ch);
}

/** Go's replaceAll loop: no replacement for an empty match right after the previous one; always advance. */
export function replaceAll(re: RE2JS, s: string, repl: (m: Match) => string): string {
  let out = '';
  let lastEnd = 0;
  let search = 0;
  const m = re.matcher(s);
  while (search <= s.length) {
    if (!m.find(search)) break;
    const start = m.start();
    const end = m.end();
    out += s.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += repl(capture(m, start, end));
    lastEnd = end;
    const width = search < s.length ? (s.codePointAt(search)! > 0xffff ? 2 : 1) : 1;
    if (search + width > end) search += width;
    else if (search + 1 > end) search++;
    else search = end;
  }
  return out + s.slice(lastEnd);
}

/** Go's Regexp.Split. */
export function split(re: RE2JS, pattern: string, s: string, n: number): string[] {
  // Go returns a nil slice for n == 0, which prints as [] like an empty one.
  if (n === 0) return [];
  if (pattern.length > 0 && s.length === 0) return [''];
  const matches = findAll(re, s, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m.start;
    if (m.end !== 0) out.push(s.slice(beg, end));
    beg = m.end;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

export function regexFuncs(): FuncMap {
  const find = (p: unknown, s: unknown) => {
    const r = findAll(compile(needString('regexFind', p as never)), needString('regexFind', s as never), 1);
    return r.length > 0 ? r[0]!.groups[0] ?? '' : '';
  };
  const findAllF = (p: unknown, s: unknown, n: unknown) => findAll(compile(needString('regexFindAll', p as never)), needString('regexFindAll', s as never), Number(needInt('regexFindAll', n as never))).map((m) => m.groups[0] ?? '');
  const repl = (p: unknown, s: unknown, r: unknown) => {
    const tmpl = needString('regexReplaceAll', r as never);
    return replaceAll(compile(needString('regexReplaceAll', p as never)), needString('regexReplaceAll', s as never), (m) => expand(tmpl, m));
  };
  const replLit = (p: unknown, s: unknown, r: unknown) => {
    const lit = needString('regexReplaceAllLiteral', r as never);
    return replaceAll(compile(needString('regexReplaceAllLiteral', p as never)), needString('regexReplaceAllLiteral', s as never), () => lit);
  };
  const splitF = (p: unknown, s: unknown, n: unknown) => {
    const pat = needString('regexSplit', p as never);
    return split(compile(pat), pat, needString('regexSplit', s as never), Number(needInt('regexSplit', n as never)));
  };
  const match = (p: unknown, s: unknown) => findAll(compile(needString('regexMatch', p as never)), needString('regexMatch', s as never), 1).length > 0;
  return {
    regexMatch: (_c, p, s) => {
      try {
        return match(p, s);
      } catch (e) {
        if (e instanceof TemplateError && e.message.startsWith('error parsing regexp')) return false;
        throw e;
      }
    },
    mustRegexMatch: (_c, p, s) => match(p, s),
    regexFind: (_c, p, s) => find(p, s),
    mustRegexFind: (_c, p, s) => find(p, s),
    regexFindAll: (_c, p, s, n) => findAllF(p, s, n),
    mustRegexFindAll: (_c, p, s, n) => findAllF(p, s, n),
    regexReplaceAll: (_c, p, s, r) => repl(p, s, r),
    mustRegexReplaceAll: (_c, p, s, r) => repl(p, s, r),
    regexReplaceAllLiteral: (_c, p, s, r) => replLit(p, s, r),
    mustRegexReplaceAllLiteral: (_c, p, s, r) => replLit(p, s, r),
    regexSplit: (_c, p, s, n) => splitF(p, s, n),
    mustRegexSplit: (_c, p, s, n) => splitF(p, s, n),
    regexQuoteMeta: (_c, s) => {
      let out = '';
      for (const ch of needString('regexQuoteMeta', s)) out += '\\.+*?()|[]{}^$'.includes(ch) ? '\\' + ch : ch;
      return out;
    },
  };
}
