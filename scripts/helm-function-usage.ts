/**
 * Counts the function names Helm chart templates call, so the function library implements what
 * real charts use. Usage: node --import tsx scripts/helm-function-usage.ts <dir>...
 *
 * A chart template is any file under a `templates/` folder of a folder holding `Chart.yaml`.
 * Inside each `{{ ... }}` action, every bare identifier that is not a keyword, a field (`.x`),
 * a variable (`$x`) or inside a string literal counts once per use. Not a parser: it is a
 * measurement; a bare word in an action is a function call in text/template.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'nil', 'true', 'false', 'break', 'continue']);

function chartTemplates(dir: string, out: string[], depth = 0): void {
  if (depth > 30) return;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  if (entries.includes('Chart.yaml') && entries.includes('templates')) collectFiles(join(dir, 'templates'), out, 0);
  for (const e of entries) {
    if (e === '.git' || e === 'node_modules') continue;
    const p = join(dir, e);
    try {
      if (statSync(p).isDirectory()) chartTemplates(p, out, depth + 1);
    } catch {
      /* unreadable: skip */
    }
  }
}

function collectFiles(dir: string, out: string[], depth: number): void {
  if (depth > 30 || !existsSync(dir)) return;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const s = statSync(p);
    if (s.isDirectory()) collectFiles(p, out, depth + 1);
    else if (s.isFile()) out.push(p);
  }
}

/** Bare identifiers inside the actions of one template text; a character scanner, linear. */
export function functionNames(text: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    const close = actionEnd(text, open + 2);
    if (close < 0) break;
    scanAction(text.slice(open + 2, close), names);
    i = close + 2;
  }
  return names;
}

/** Index of the `}}` closing an action that starts at `from`, skipping string literals (`{{ "}}" }}`). */
function actionEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) return -1;
      i = end + 1;
    } else if (c === '}' && text[i + 1] === '}') return i;
    else i++;
  }
  return -1;
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdent(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

function scanAction(a: string, names: string[]): void {
  if (a.startsWith('/*') || a.startsWith('- /*')) return;
  let i = 0;
  while (i < a.length) {
    const c = a[i]!;
    if (c === '"') {
      i++;
      while (i < a.length && a[i] !== '"') i += a[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '`') {
      const end = a.indexOf('`', i + 1);
      i = end < 0 ? a.length : end + 1;
    } else if (c === "'") {
      i++;
      while (i < a.length && a[i] !== "'") i += a[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '.' || c === '$') {
      i++;
      while (i < a.length && (isIdent(a[i]!) || a[i] === '.')) i++;
    } else if (isIdentStart(c)) {
      const start = i;
      while (i < a.length && isIdent(a[i]!)) i++;
      const word = a.slice(start, i);
      if (!KEYWORDS.has(word)) names.push(word);
    } else if (c >= '0' && c <= '9') {
      while (i < a.length && (isIdent(a[i]!) || a[i] === '.')) i++;
    } else i++;
  }
}

function main(dirs: string[]): void {
  const files: string[] = [];
  for (const d of dirs) chartTemplates(d, files);
  const counts = new Map<string, { uses: number; files: number }>();
  for (const f of files) {
    const seen = new Set<string>();
    for (const n of functionNames(readFileSync(f, 'utf8'))) {
      const c = counts.get(n) ?? { uses: 0, files: 0 };
      c.uses++;
      if (!seen.has(n)) {
        c.files++;
        seen.add(n);
      }
      counts.set(n, c);
    }
  }
  const rows = [...counts].sort((a, b) => b[1].uses - a[1].uses || a[0].localeCompare(b[0]));
  console.log(`${files.length} template files, ${rows.length} distinct functions`);
  for (const [n, c] of rows) console.log(`${n}\t${c.uses}\t${c.files}`);
}

if (process.argv[1]?.endsWith('helm-function-usage.ts')) main(process.argv.slice(2));
