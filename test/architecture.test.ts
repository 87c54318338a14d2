/**
 * The import rules of docs/architecture.md, read from the code itself with the
 * TypeScript pre-processor (every import, `import type` included):
 * - no import cycles;
 * - src/base/ (shared words) imports nothing of ours but itself;
 * - parsers import only base and their packages: they own their output types;
 * - rules read the model and the rule API: never a parser, a lifter, discovery
 *   or a parser package, and never another domain's folder.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from './helpers.js';

/** Packages that parse artifact text; only parsers and lifters may load them. */
const PARSER_PACKAGES = ['yaml', 'dockerfile-ast', 'libpg-query', 'toml-eslint-parser', '@pgsql/types'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Edge {
  to: string;
  /** A package name for bare specifiers, else a project-relative .ts path. */
  external: boolean;
}

function importGraph(): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  for (const file of [...tsFiles(join(PROJECT_ROOT, 'src')), ...tsFiles(join(PROJECT_ROOT, 'rules'))]) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const edges = info.importedFiles.map(({ fileName }): Edge => {
      if (fileName.startsWith('.')) return { to: relative(PROJECT_ROOT, resolve(dirname(file), fileName.replace(/\.js$/, '.ts'))), external: false };
      const parts = fileName.split('/');
      return { to: fileName.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!, external: true };
    });
    graph.set(relative(PROJECT_ROOT, file), edges);
  }
  return graph;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(graph: Map<string, Edge[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const { to: w, external } of graph.get(v) ?? []) {
      if (external || !graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const graph = importGraph();

function violations(from: (file: string) => boolean, bad: (edge: Edge, file: string) => boolean): string[] {
  const out: string[] = [];
  for (const [file, edges] of graph) if (from(file)) for (const e of edges) if (bad(e, file)) out.push(`${file} imports ${e.to}`);
  return out;
}

describe('import rules', () => {
  it('the graph was read (the checks below can see imports)', () => {
    assert.ok(graph.size > 100, `${graph.size} modules`);
    assert.ok(graph.get('src/api.ts')?.some((e) => e.to === 'src/engine/scan.ts'), 'api.ts imports engine/scan.ts');
  });

  it('has no import cycles', () => {
    assert.deepEqual(cycles(graph), []);
  });

  it('src/base imports only node builtins and itself', () => {
    assert.deepEqual(violations((f) => f.startsWith('src/base/'), (e) => (e.external ? !e.to.startsWith('node:') : !e.to.startsWith('src/base/'))), []);
  });

  it('parsers import only src/base and packages, never the model or the engine', () => {
    assert.deepEqual(violations((f) => f.startsWith('src/parsers/'), (e) => !e.external && !e.to.startsWith('src/base/') && !e.to.startsWith('src/parsers/') && !e.to.startsWith('src/util/')), []);
  });

  it('the render stage imports only src/base and itself: renderers produce files, never model entities', () => {
    assert.deepEqual(violations((f) => f.startsWith('src/render/'), (e) => !e.external && !e.to.startsWith('src/base/') && !e.to.startsWith('src/render/')), []);
  });

  it('rules never import a parser, a lifter, discovery, the model builder or a parser package', () => {
    const bad = (e: Edge) =>
      e.external ? PARSER_PACKAGES.includes(e.to) : /^src\/(parsers|discover|cli|report|render)\//.test(e.to) || /^src\/model\/(lift-|kinds\/|build\.ts|link\.ts)/.test(e.to);
    assert.deepEqual(violations((f) => f.startsWith('rules/'), bad), []);
  });

  it("rules never import another domain's folder", () => {
    const domainOf = (p: string) => p.split('/')[1];
    const bad = (e: Edge, file: string) => !e.external && e.to.startsWith('rules/') && domainOf(e.to) !== domainOf(file);
    assert.deepEqual(violations((f) => f.startsWith('rules/') && f !== 'rules/index.ts', bad), []);
  });
});
