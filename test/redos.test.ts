/**
 * Every regular expression in src/ and rules/ runs on text from scanned files,
 * which an attacker may write. This test finds each regex literal (and each
 * `new RegExp('literal')`) with the TypeScript parser and has recheck decide
 * whether its matching time is linear. Anything not `safe` (vulnerable, or
 * unknown because recheck timed out) fails unless redos-allow.json names it
 * (file and source) with a reason its input is bounded or its matching linear.
 *
 * recheck's pure-JS backend is used so the test needs neither Java nor the
 * native binary (RECHECK_BACKEND is read at each call).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { check } from 'recheck';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface FoundRegex {
  file: string;
  line: number;
  source: string;
  flags: string;
}

interface AllowEntry {
  file: string;
  source: string;
  why: string;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function isStringLike(n: ts.Node | undefined): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return !!n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n));
}

function extractRegexes(path: string, text: string): FoundRegex[] {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const file = relative(ROOT, path).split('\\').join('/');
  const out: FoundRegex[] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const lit = n.getText(sf);
      const end = lit.lastIndexOf('/');
      out.push({ file, line: lineOf(n), source: lit.slice(1, end), flags: lit.slice(end + 1) });
    } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
      const [src, flags] = n.arguments ?? [];
      if (isStringLike(src)) out.push({ file, line: lineOf(n), source: src.text, flags: isStringLike(flags) ? flags.text : '' });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const allow: AllowEntry[] = JSON.parse(readFileSync(join(ROOT, 'test', 'redos-allow.json'), 'utf8'));

describe('regular expressions are linear (recheck)', () => {
  it('every regex in src/ and rules/ is safe or allow-listed with a reason', { timeout: 240_000 }, async () => {
    process.env['RECHECK_BACKEND'] = 'pure';
    const found = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'rules'))].flatMap((p) => extractRegexes(p, readFileSync(p, 'utf8')));
    assert.ok(found.length > 100, `only ${found.length} regexes found: is the extraction broken?`);

    // The same source+flags checked once; most helpers repeat small patterns.
    const verdicts = new Map<string, Promise<{ status: string; detail: string }>>();
    const verdict = (source: string, flags: string) => {
      const key = `${flags}/${source}`;
      let v = verdicts.get(key);
      if (!v) {
        // `d` (match indices) changes what a match reports, not how it matches; recheck does not know it.
        v = check(source, flags.replace('d', ''), { timeout: 10_000 }).then(
          (d) => ({
            status: d.status,
            detail: d.status === 'vulnerable' ? `${d.complexity.summary}; attack ${d.attack.pattern}` : d.status === 'unknown' ? String(d.error?.kind ?? d.error) : '',
          }),
          (e: unknown) => ({ status: 'unknown', detail: String(e) }),
        );
        verdicts.set(key, v);
      }
      return v;
    };

    const failures: string[] = [];
    const usedAllow = new Set<AllowEntry>();
    for (const r of found) {
      // An allow-listed regex is not analysed: its entry already says why it is bounded (and
      // recheck may need its whole timeout to give up on it).
      const entry = allow.find((a) => a.file === r.file && a.source === r.source);
      if (entry && entry.why.trim().length > 20) {
        usedAllow.add(entry);
        continue;
      }
      const v = await verdict(r.source, r.flags);
      if (v.status === 'safe') continue;
      failures.push(`${r.file}:${r.line} /${r.source}/${r.flags} is ${v.status}${v.detail ? ` (${v.detail})` : ''}`);
    }
    const stale = allow.filter((a) => !usedAllow.has(a)).map((a) => `${a.file}: /${a.source}/`);
    assert.deepEqual(failures, [], `regexes that are not linear and not allow-listed in test/redos-allow.json:\n${failures.join('\n')}`);
    assert.deepEqual(stale, [], `allow-list entries that match no regex any more (remove them):\n${stale.join('\n')}`);
  });
});
