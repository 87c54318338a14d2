/**
 * Renders every top-level kustomization under the given folders, as a scan
 * would, and prints per overlay: resources emitted, problems and build time.
 * For corpus runs (../shared/corpus/real-world), not a test.
 *
 *   node --import tsx scripts/kustomize-render-corpus.ts ../shared/corpus/real-world
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex } from '../src/base/location.js';
import type { SourceFile } from '../src/base/source-file.js';
import { renderKustomizations } from '../src/render/kustomize/render.js';
import { isKustomizationPath } from '../src/render/kustomize/files.js';

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && (/\.(ya?ml|json|env|properties|txt|conf)$/.test(e.name) || isKustomizationPath(e.name)) && statSync(p).size < 5 * 1024 * 1024) out.push(p);
  }
}

for (const root of process.argv.slice(2)) {
  const paths: string[] = [];
  walk(root, paths);
  const files: SourceFile[] = paths.map((abs) => {
    const text = readFileSync(abs, 'utf8');
    const path = relative(root, abs).split('\\').join('/');
    return { path, absPath: abs, kind: isKustomizationPath(path) ? 'kustomization' : 'kubernetes', text, lines: new LineIndex(text) };
  });
  const t0 = performance.now();
  const out = renderKustomizations(files, undefined);
  const ms = performance.now() - t0;
  for (const f of out.files) {
    const docs = f.text.split(/^---$/m).filter((d) => d.trim()).length;
    console.log(`${f.origin.source}: ${docs} resources`);
  }
  for (const p of out.problems) console.log(`  problem ${p.at.path}:${p.at.startLine}: ${p.message}`);
  console.log(`${root}: ${out.files.length} overlays, ${out.problems.length} problems, ${ms.toFixed(0)} ms in all`);
}
