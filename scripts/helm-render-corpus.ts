/**
 * Renders every top-level chart under the given folders, as a scan would, with
 * its default values and then with each `ci/*.yaml`, and prints per chart and
 * values set: documents rendered, render errors and time. For corpus runs
 * (../shared/corpus/charts), not a test: project tests never read ../shared.
 *
 *   node --import tsx scripts/helm-render-corpus.ts ../shared/corpus/charts
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex } from '../src/base/location.js';
import type { SourceFile } from '../src/base/source-file.js';
import { classifyPath } from '../src/discover/kinds.js';
import { parseTemplates } from '../src/render/gotemplate/engine.js';
import { helmFuncs } from '../src/render/gotemplate/funcs/index.js';
import { loadCharts } from '../src/render/helm/chart.js';
import { renderCharts, type HelmEngine } from '../src/render/helm/render.js';
import { loadValues } from '../src/render/helm/values.js';

const engine: HelmEngine = { parseTemplates, funcs: helmFuncs };

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && statSync(p).size < 2 * 1024 * 1024) out.push(p);
  }
}

for (const root of process.argv.slice(2)) {
  const abs: string[] = [];
  walk(root, abs);
  const rel = abs.map((a) => relative(root, a).split('\\').join('/'));
  const chartRoots = new Set(rel.filter((p) => p === 'Chart.yaml' || p.endsWith('/Chart.yaml')).map((p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '')));
  const files: SourceFile[] = [];
  rel.forEach((path, i) => {
    const kind = classifyPath(path, chartRoots);
    if (kind !== 'helm-chart' && kind !== 'helm-template' && kind !== 'helm-values') return;
    const text = readFileSync(abs[i]!, 'utf8');
    files.push({ path, absPath: abs[i]!, kind, text, lines: new LineIndex(text) });
  });
  const byPath = new Map(rel.map((p, i) => [p, abs[i]!]));
  const read = (path: string): SourceFile | undefined => {
    const a = byPath.get(path);
    if (!a) return undefined;
    const text = readFileSync(a, 'utf8');
    return { path, absPath: a, kind: 'yaml', text, lines: new LineIndex(text) };
  };
  const { topLevel } = loadCharts(files);
  for (const chart of topLevel) {
    const inside = files.filter((f) => chart.dir === '' || f.path.startsWith(`${chart.dir}/`));
    const ciDir = join(root, chart.dir, 'ci');
    const ci = existsSync(ciDir) ? readdirSync(ciDir).filter((n) => /\.ya?ml$/.test(n)).sort() : [];
    for (const variant of ['(defaults)', ...ci]) {
      const userValues = variant === '(defaults)' ? {} : loadValues(variant, readFileSync(join(ciDir, variant), 'utf8')).values;
      const t0 = performance.now();
      const out = await renderCharts(inside, engine, { settings: () => ({ values: userValues }), read, exists: (p) => byPath.has(p) });
      const ms = performance.now() - t0;
      const docs = out.files.reduce((n, f) => n + f.text.split(/^---\s*$/m).filter((d) => d.replace(/#.*$/gm, '').trim()).length, 0);
      console.log(`${chart.dir || '.'} ${variant}: ${out.files.length} templates, ${docs} documents, ${out.problems.length} errors, ${ms.toFixed(0)} ms`);
      for (const p of out.problems.slice(0, 5)) console.log(`    ${p.at.path}:${p.at.startLine}: ${p.message.slice(0, 600)}`);
      if (out.problems.length > 5) console.log(`    ... ${out.problems.length - 5} more`);
    }
  }
}
