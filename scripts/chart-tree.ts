/**
 * A folder of Helm charts read from disk the way discovery classifies it, for
 * the corpus scripts (helm-render-corpus.ts, helm-unittest.ts): the chart
 * files as SourceFiles with root-relative paths, and every file's absolute path.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex } from '../src/base/location.js';
import type { SourceFile } from '../src/base/source-file.js';
import { classifyPath } from '../src/discover/kinds.js';

export interface ChartTree {
  /** Chart.yaml, templates and values files, as discovery would hand them to the renderer. */
  files: SourceFile[];
  /** Every file under the root (root-relative path → absolute path), sorted. */
  paths: Map<string, string>;
}

export function readChartTree(root: string): ChartTree {
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
  return { files, paths: new Map(rel.map((p, i) => [p, abs[i]!])) };
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && statSync(p).size < 2 * 1024 * 1024) out.push(p);
  }
}
