/**
 * Runs a chart's helm-unittest suites (`unittests/**\/*_test.yaml`) against our
 * renderer and prints, per suite and in all, the assertions that passed,
 * failed (with why) and were skipped. For corpus runs, not a test:
 *
 *   node --import tsx scripts/helm-unittest.ts ../shared/corpus/charts/prometheus-community__helm-charts/charts/kube-prometheus-stack
 */
import { readFileSync } from 'node:fs';
import { readChartTree } from './chart-tree.js';
import { runSuite } from '../test/support/helm-unittest.js';
import { ourRender } from '../test/support/helm-unittest-render.js';

let total = { passed: 0, failed: 0, skipped: 0, tests: 0, failingTests: 0 };
for (const chartDir of process.argv.slice(2)) {
  const { files, paths: byRel } = readChartTree(chartDir);
  const rel = [...byRel.keys()];
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
