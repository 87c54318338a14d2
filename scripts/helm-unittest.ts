/**
 * Runs a chart's helm-unittest suites (`unittests/**\/*_test.yaml`) against our
 * renderer and prints, per suite and in all, the assertions that passed,
 * failed (with why) and were skipped. For corpus runs, not a test:
 *
 *   node --import tsx scripts/helm-unittest.ts ../shared/corpus/charts/prometheus-community__helm-charts/charts/kube-prometheus-stack
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex } from '../src/base/location.js';
import type { SourceFile } from '../src/base/source-file.js';
import { classifyPath } from '../src/discover/kinds.js';
import { runSuite } from '../test/support/helm-unittest.js';
import { ourRender } from '../test/support/helm-unittest-render.js';

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && statSync(p).size < 2 * 1024 * 1024) out.push(p);
  }
}

let total = { passed: 0, failed: 0, skipped: 0, tests: 0, failingTests: 0 };
for (const chartDir of process.argv.slice(2)) {
  const abs: string[] = [];
  walk(chartDir, abs);
  const rel = abs.map((a) => relative(chartDir, a).split('\\').join('/'));
  const roots = new Set(rel.filter((p) => p === 'Chart.yaml' || p.endsWith('/Chart.yaml')).map((p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '')));
  const files: SourceFile[] = [];
  rel.forEach((path, i) => {
    const kind = classifyPath(path, roots);
    if (kind !== 'helm-chart' && kind !== 'helm-template' && kind !== 'helm-values') return;
    const text = readFileSync(abs[i]!, 'utf8');
    files.push({ path, absPath: abs[i]!, kind, text, lines: new LineIndex(text) });
  });
  const byRel = new Map(rel.map((p, i) => [p, abs[i]!]));
  const render = ourRender(files, (p) => (byRel.has(p) ? readFileSync(byRel.get(p)!, 'utf8') : undefined));
  const suites = rel.filter((p) => p.startsWith('unittests/') && p.endsWith('_test.yaml')).sort();
  for (const s of suites) {
    const results = await runSuite(readFileSync(byRel.get(s)!, 'utf8'), s.slice(0, s.lastIndexOf('/')), render);
    const failed = results.filter((r) => r.failures.length > 0);
    const passed = results.reduce((n, r) => n + r.passed, 0);
    const fails = results.reduce((n, r) => n + r.failures.length, 0);
    const skipped = results.reduce((n, r) => n + r.skipped.length, 0);
    total = { passed: total.passed + passed, failed: total.failed + fails, skipped: total.skipped + skipped, tests: total.tests + results.length, failingTests: total.failingTests + failed.length };
    console.log(`${s}: ${results.length} tests, ${passed} assertions passed, ${fails} failed, ${skipped} skipped`);
    for (const r of failed) for (const f of r.failures.slice(0, 3)) console.log(`    ${r.it}: ${f.slice(0, 300)}`);
  }
}
console.log(`in all: ${total.tests} tests (${total.failingTests} with a failure), ${total.passed} assertions passed, ${total.failed} failed, ${total.skipped} skipped`);
