/**
 * Renders every top-level chart under the given folders, as a scan would, with
 * its default values and then with each `ci/*.yaml`, and prints per chart and
 * values set: documents rendered, render errors and time. For corpus runs
 * (../shared/corpus/charts), not a test: project tests never read ../shared.
 *
 *   node --import tsx scripts/helm-render-corpus.ts ../shared/corpus/charts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineIndex } from '../src/base/location.js';
import type { SourceFile } from '../src/base/source-file.js';
import { readChartTree } from './chart-tree.js';
import { parseTemplates } from '../src/render/gotemplate/engine.js';
import { helmFuncs } from '../src/render/gotemplate/funcs/index.js';
import { loadCharts } from '../src/render/helm/chart.js';
import { renderCharts, type HelmEngine } from '../src/render/helm/render.js';
import { loadValues } from '../src/render/helm/values.js';
import { GoStruct, type Value } from '../src/render/gotemplate/types.js';
import { oracleAvailable, renderWithOracle } from '../test/support/go-oracle.js';

/** Our data objects as the oracle's JSON (GoStructs to their fields, int64 to numbers, .Files to name → text). */
function toOracle(v: Value): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toOracle);
  if (v instanceof GoStruct) {
    // The files the chart holds, name → text (the oracle builds Helm's `files` type from them).
    if (v.typeName === 'chart.Files') return Object.fromEntries(Object.entries(v.mapEntries ?? {}).map(([k, b]) => [k, new TextDecoder().decode(b as Uint8Array)]));
    if (v.typeName === 'chartutil.VersionSet') return toOracle(v.fields.list ?? []);
    return Object.fromEntries(Object.entries(v.fields).map(([k, x]) => [k, toOracle(x)]));
  }
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toOracle(x)]));
  return v;
}

/** Documents as Helm's manifest splitter sees them: on `---` lines, blank ones dropped. */
const documents = (text: string) => text.split(/^---[ \t]*$/m).map((d) => d.replace(/<no value>/g, '').trim()).filter((d) => d !== '');

const noOracle = process.env.NO_ORACLE ? 'NO_ORACLE set' : oracleAvailable();
if (noOracle) console.log(`(Go oracle not used: ${noOracle})`);

const engine: HelmEngine = { parseTemplates, funcs: helmFuncs };

for (const root of process.argv.slice(2)) {
  const { files, paths: byPath } = readChartTree(root);
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
      const runs: Array<{ template: string; data: Value; output?: string; error?: string }> = [];
      let set: ReadonlyArray<{ name: string; text: string }> = [];
      const t0 = performance.now();
      const out = await renderCharts(inside, engine, {
        settings: () => ({ values: userValues }),
        read,
        exists: (p) => byPath.has(p),
        observe: noOracle ? undefined : (r) => { runs.push(r); set = r.set; },
      });
      const ms = performance.now() - t0;
      let compared = '';
      if (!noOracle && runs.length > 0) {
        // Files are left out of the oracle's data (the oracle gets names → text; ours only holds what the scan read).
        const results = renderWithOracle([...set], runs.map((r) => ({ template: r.template, data: toOracle(r.data) })));
        let same = 0;
        const diffs: string[] = [];
        results.forEach((g, i) => {
          const ours = runs[i]!;
          const equal = g.error !== undefined ? ours.error !== undefined : ours.output !== undefined && JSON.stringify(documents(ours.output)) === JSON.stringify(documents(g.output));
          if (!equal && process.env.HELM_CORPUS_DUMP && ours.template.endsWith(process.env.HELM_CORPUS_DUMP)) {
            // Debugging aid: both renders of a differing template, side by side in the temp folder.
            writeFileSync(join(tmpdir(), 'helm-dump-ours.yaml'), ours.output ?? ours.error ?? '');
            writeFileSync(join(tmpdir(), 'helm-dump-go.yaml'), g.output ?? g.error ?? '');
          }
          if (equal) same++;
          else diffs.push(`${ours.template}: ${g.error !== undefined ? `go error: ${g.error.slice(0, 200)}` : ours.error !== undefined ? `ours error: ${ours.error.slice(0, 200)}` : firstDifference(documents(ours.output!), documents(g.output))}`);
        });
        compared = `, oracle: ${same}/${results.length} templates identical`;
        for (const d of diffs.slice(0, 3)) console.log(`    differs ${d}`);
      }
      const docs = out.files.reduce((n, f) => n + f.text.split(/^---\s*$/m).filter((d) => d.replace(/#.*$/gm, '').trim()).length, 0);
      console.log(`${chart.dir || '.'} ${variant}: ${out.files.length} templates, ${docs} documents, ${out.problems.length} errors, ${ms.toFixed(0)} ms${compared}`);
      for (const p of out.problems.slice(0, 5)) console.log(`    ${p.at.path}:${p.at.startLine}: ${p.message.slice(0, 600)}`);
      if (out.problems.length > 5) console.log(`    ... ${out.problems.length - 5} more`);
    }
  }
}

function firstDifference(a: string[], b: string[]): string {
  if (a.length !== b.length) return `${a.length} documents, go ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!.split('\n');
    const y = b[i]!.split('\n');
    for (let j = 0; j < Math.max(x.length, y.length); j++) {
      if (x[j] !== y[j]) return `document ${i + 1} line ${j + 1}: ours ${JSON.stringify(x[j]?.slice(0, 120))}, go ${JSON.stringify(y[j]?.slice(0, 120))}`;
    }
  }
  return 'same documents';
}
