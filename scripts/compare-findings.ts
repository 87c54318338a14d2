/**
 * Compares the findings of two JSON reports (`shipshape scan -f json`) by
 * rule, path, line, column and message, and prints what was added and what
 * went away. Used to show a refactor changes nothing a user sees:
 *
 *   scripts/compare-revisions.sh REV DIR    # scans DIR with REV and with the working tree
 *   node --import tsx scripts/compare-findings.ts before.json after.json
 *
 * Exits 1 when the sets differ.
 */
import { readFileSync } from 'node:fs';

interface Report {
  findings: Array<{ ruleId: string; message: string; location: { path: string; startLine: number; startColumn: number } }>;
}

function keys(file: string): Map<string, number> {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Report;
  const out = new Map<string, number>();
  for (const f of doc.findings) {
    const k = `${f.location.path}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.message}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

// `compare-findings … | head`: stop quietly when the reader goes away.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  process.stderr.write('usage: compare-findings.ts BEFORE.json AFTER.json\n');
  process.exit(2);
}
const before = keys(beforeFile);
const after = keys(afterFile);
const diff = (a: Map<string, number>, b: Map<string, number>) => [...a].flatMap(([k, n]) => Array<string>(Math.max(0, n - (b.get(k) ?? 0))).fill(k)).sort();
const gone = diff(before, after);
const added = diff(after, before);
const total = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + n, 0);
process.stdout.write(`${total(before)} findings before, ${total(after)} after; ${gone.length} gone, ${added.length} added\n`);
for (const k of gone) process.stdout.write(`- ${k}\n`);
for (const k of added) process.stdout.write(`+ ${k}\n`);
process.exitCode = gone.length || added.length ? 1 : 0;
