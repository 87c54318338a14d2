/**
 * The engine's entry point: parse a set of template files (Helm parses a chart and its subcharts
 * as one set) and execute any template in it by name.
 */
import type { Node, Tree } from './ast.js';
import { Executor, type TreeSource } from './exec.js';
import { parseFile } from './parser.js';
import { TemplateError, type ExecOptions, type FuncMap, type RenderResult, type TemplateSet, type Value } from './types.js';

export function parseTemplates(files: { name: string; text: string }[], funcs: FuncMap): TemplateSet {
  const trees = new Map<string, Tree>();
  const hasFunc = (n: string): boolean => Object.prototype.hasOwnProperty.call(funcs, n);
  for (const f of files) {
    for (const t of parseFile(f.name, f.text, hasFunc)) addTree(trees, t);
  }
  return new Set_(trees, funcs, hasFunc);
}

/** Go keeps an existing definition when the new one is empty (only whitespace text): AddParseTree/IsEmptyTree. */
function addTree(trees: Map<string, Tree>, t: Tree): void {
  const old = trees.get(t.name);
  if (old && isEmpty(t.root) && !isEmpty(old.root)) return;
  trees.set(t.name, t);
}

function isEmpty(list: Node[]): boolean {
  return list.every((n) => n.kind === 'text' && n.text.trim() === '');
}

class Set_ implements TemplateSet, TreeSource {
  constructor(
    private readonly trees: Map<string, Tree>,
    readonly funcs: FuncMap,
    private readonly hasFunc: (n: string) => boolean,
  ) {}

  get names(): readonly string[] {
    return [...this.trees.keys()];
  }

  lookup(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  parseTpl(name: string, text: string): Map<string, Tree> {
    const [main, ...defs] = parseFile(name, text, this.hasFunc);
    const m = new Map<string, Tree>();
    for (const d of defs) addTree(m, d);
    m.set('\0main', main!);
    return m;
  }

  execute(name: string, data: Value, options?: ExecOptions): RenderResult {
    const tree = this.trees.get(name);
    if (!tree) throw new TemplateError(`template: no template ${JSON.stringify(name)} associated with template set`);
    return new Executor(this, name, options).run(tree, data);
  }
}
