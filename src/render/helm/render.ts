/**
 * Renders every top-level chart of the scan as `helm template` would: values
 * coalesced over the chart and its enabled subcharts, one template set for the
 * whole tree, each manifest template executed with its chart's objects. A
 * template that fails (unknown function, `fail`, `required`, a parse error)
 * is reported under `core/render-error` and the others still render; a chart
 * whose Chart.yaml or values.yaml is broken is reported and not rendered.
 */
import { LineIndex, type Location } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import { GoStruct, TemplateAbort, TemplateError, UnknownFunctionError, type FuncMap, type GoMap, type TemplateSet, type Value } from '../gotemplate/types.js';
import { renderedPath, type RenderedFile, type RenderOutput, type RenderProblem } from '../types.js';
// Static, as in discovery: the package is CommonJS, and the bundle already holds it.
import ignore from 'ignore';
import { join, loadCharts, missingArchives, type Chart } from './chart.js';
import { capabilitiesObject, chartObject, filesObject, releaseObject, templateObject, type CapabilityOptions, type ReleaseOptions } from './objects.js';
import { SpanMap } from './spans.js';
import { coalesceGlobals, coalesceTables, deepCopy, isTable, lookupPath, valuesKey, type LoadedValues } from './values.js';

export interface HelmEngine {
  parseTemplates(files: Array<{ name: string; text: string }>, funcs: FuncMap): TemplateSet;
  funcs(): FuncMap;
}

/** Per-chart settings (`.shipshape.yml` `helm.charts.<dir>`, `scan --values/--set`). */
export interface ChartSettings {
  /** User values in precedence order (later wins), already merged from files and --set. */
  values?: GoMap;
  /** Where user values files wrote each key (for related locations), highest precedence last. */
  valuesLines?: Array<LoadedValues['lines']>;
  release?: ReleaseOptions;
  capabilities?: CapabilityOptions;
  /** Values files read for these settings (kept by the scan for code frames of related locations). */
  read?: SourceFile[];
}

export interface HelmRenderOptions {
  settings?: (chartDir: string) => ChartSettings | undefined;
  /** Reads a chart file discovery did not (values.schema.json), with the scan's checks. */
  read?: (path: string) => SourceFile | undefined;
  exists?: (path: string) => boolean;
  /** Reads a binary file of the chart (a vendored `.tgz` dependency) with the scan's checks. */
  readBytes?: (path: string) => { bytes: Uint8Array; absPath: string } | { skipped: string } | undefined;
  /** Sees each manifest template as executed (for scripts comparing with Go's renderer); `output` undefined when it failed. */
  observe?: (run: { template: string; data: Value; output?: string; error?: string; set: ReadonlyArray<{ name: string; text: string }> }) => void;
}

/** Bounds for hostile charts: a template's output and work are capped, so a scan cannot hang or exhaust memory. */
export const LIMITS = { maxOutputBytes: 8 * 1024 * 1024, maxSteps: 2_000_000, maxIncludeDepth: 1000 } as const;

/** A chart as rendered: the chart and the name its parent knows it by (its alias). */
interface Instance {
  chart: Chart;
  name: string;
  /** Names from the top-level chart down, excluding it. */
  path: string[];
  subs: Instance[];
}

/** Archives inside archives are unpacked too, this many levels deep. */
const MAX_ARCHIVE_DEPTH = 4;

export async function renderCharts(inputs: readonly SourceFile[], engine: HelmEngine, options: HelmRenderOptions = {}): Promise<RenderOutput> {
  const read = new Map<string, SourceFile>();
  // Vendored `.tgz` dependencies become folders of virtual files under the archive's path, then everything loads as usual.
  const all = [...inputs];
  const archiveProblems = new Map<string, string>();
  const exists = options.exists ?? (() => false);
  let loaded = loadCharts(all, exists, archiveProblems);
  // Charts are loaded again only when an archive added files (archives inside archives too, a few levels deep).
  const tried = new Set<string>();
  for (let depth = 0; options.readBytes && depth < MAX_ARCHIVE_DEPTH; depth++) {
    const wanted = missingArchives(loaded.all, exists).filter((a) => !tried.has(a));
    if (wanted.length === 0) break;
    const { unpackChartArchive } = await import('./archive.js');
    for (const archive of wanted) {
      tried.add(archive);
      const got = options.readBytes(archive);
      if (!got || 'skipped' in got) {
        archiveProblems.set(archive, `${archive} was not unpacked: ${got ? got.skipped : 'it could not be read'}`);
        continue;
      }
      const u = unpackChartArchive(got.bytes, archive, got.absPath);
      if ('problem' in u) archiveProblems.set(archive, u.problem);
      else for (const f of u.files) {
        all.push(f);
        read.set(f.path, f);
      }
    }
    loaded = loadCharts(all, exists, archiveProblems);
  }
  const { topLevel } = loaded;
  // `.helmignore` (gitignore syntax, paths relative to the chart): Helm leaves matching files out of the chart, templates and `.Files` alike.
  const byPath = new Map(all.map((f) => [f.path, f]));
  for (const c of loaded.all) {
    const path = join(c.dir, '.helmignore');
    const text = byPath.get(path)?.text ?? options.read?.(path)?.text;
    if (!text) continue;
    const ig = ignore().add(text);
    for (const m of [c.templates, c.files]) for (const rel of [...m.keys()]) if (ig.ignores(rel)) m.delete(rel);
  }
  const files: RenderedFile[] = [];
  const consumed: string[] = [];
  const problems: RenderProblem[] = [];
  for (const top of topLevel) {
    const settings = options.settings?.(top.dir) ?? {};
    for (const f of settings.read ?? []) read.set(f.path, f);
    const r = await renderChart(top, engine, settings, options.read, options.observe);
    files.push(...r.files);
    consumed.push(...r.consumed);
    problems.push(...r.problems);
  }
  return { files, consumed, problems, read: [...read.values()] };
}

async function renderChart(top: Chart, engine: HelmEngine, settings: ChartSettings, read: HelmRenderOptions['read'], observe?: HelmRenderOptions['observe']): Promise<RenderOutput> {
  const problems: RenderProblem[] = [];
  const schemaFiles: SourceFile[] = [];
  const renderError = (at: Location, message: string) => problems.push({ at, message, ruleId: 'core/render-error' });
  const tree = instances(top, top.name, []);
  for (const c of allCharts(tree)) for (const p of c.problems) renderError(p.at, p.message);
  if (allCharts(tree).some((c) => c.problems.some((p) => p.fatal))) {
    return { files: [], consumed: [], problems };
  }

  // Helm decides conditions and tags on the values coalesced with every subchart, then coalesces again with the enabled ones.
  const user = (): GoMap => deepCopy(settings.values ?? {}) as GoMap;
  const all = coalesce(tree, user());
  prune(tree, all, isTable(all.tags) ? all.tags : {});
  const values = coalesce(tree, user());

  await checkSchemas(tree, values, settings, read, renderError, (f) => schemaFiles.push(f));

  const release = releaseObject(settings.release);
  const capabilities = capabilitiesObject(settings.capabilities);
  const byName = new Map<string, SourceFile>();
  const owner = new Map<string, Instance>();
  for (const inst of walk(tree)) {
    for (const [rel, f] of inst.chart.templates) {
      byName.set(`${prefix(top, inst)}/${rel}`, f);
      owner.set(`${prefix(top, inst)}/${rel}`, inst);
    }
  }
  // Helm's order (engine.sortTemplates: sort.Reverse(byPathLen)): deepest paths first, and among paths of the
  // same depth, reverse alphabetical. It parses in this order (a later `define` of the same name wins, so a
  // parent's beats a subchart's) and executes in it with one shared values map, so a template that changes
  // values (`unset` in an `include`d checksum) affects the templates after it, as in Helm.
  const names = [...byName.keys()].sort((a, b) => depth(b) - depth(a) || (a < b ? 1 : a > b ? -1 : 0));
  const set = parseAll(names, byName, engine, renderError);
  const consumed = [...new Set([...byName.values()].map((f) => f.path))];
  if (!set) return { files: [], consumed, problems };

  const readerFor = (inst: Instance) => read && ((n: string) => read(inst.chart.dir === '' ? n : `${inst.chart.dir}/${n}`));
  // `.Subcharts.<name>`: each subchart's own dot (Chart, Files, Release, Capabilities, Values, Subcharts; no Template), as Helm 3 builds it.
  const subchartCache = new Map<Instance, GoMap>();
  const subchartsOf = (inst: Instance): GoMap => {
    let m = subchartCache.get(inst);
    if (m) return m;
    m = {};
    subchartCache.set(inst, m);
    for (const sub of inst.subs) {
      m[sub.name] = new GoStruct('chartutil.Values', {
        Chart: chartObject(sub.chart.meta, sub.name),
        Files: filesObject(sub.chart.files, readerFor(sub)),
        Release: release,
        Capabilities: capabilities,
        Values: valuesAt(values, sub.path),
        Subcharts: subchartsOf(sub),
      });
    }
    return m;
  };
  const out: RenderedFile[] = [];
  const parsed = observe ? names.filter((n) => set.names.includes(n)).map((n) => ({ name: n, text: byName.get(n)!.text })) : [];
  for (const name of names) {
    const inst = owner.get(name)!;
    const file = byName.get(name)!;
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (inst.chart.library || base.startsWith('_') || base === 'NOTES.txt' || !set.names.includes(name)) continue;
    const data = dataFor(top, inst, name, valuesAt(values, inst.path), release, capabilities, readerFor(inst), subchartsOf(inst));
    // Templates may change the values they are given (`unset`, `set`): an observer gets them as they were before.
    const before = observe ? snapshot(data) : data;
    let result;
    try {
      result = set.execute(name, data, { missingKey: 'zero', ...LIMITS });
    } catch (e) {
      const err = e as Error;
      observe?.({ template: name, data: before, error: err.message, set: parsed });
      const at = e instanceof TemplateError && e.pos ? posLocation(e.pos.template, e.pos.line, e.pos.col, byName, file) : abortLocation(err, [...byName.values()]) ?? file.lines.lineLocation(file.path, 1);
      renderError(at, `${name} could not be rendered, so it was not evaluated: ${err.message}`);
      continue;
    }
    observe?.({ template: name, data: before, output: result.text, set: parsed });
    const text = result.text.replace(/<no value>/g, '');
    if (text.trim() === '') continue;
    // `<no value>` stripped above shifts offsets; only map exactly when nothing was stripped.
    const spans = text.length === result.text.length ? result.spans : [];
    const lines = new LineIndex(text);
    const map = new SpanMap(lines, spans, byName, file, valuesOrigin(tree, inst, settings));
    out.push({
      path: renderedPath('helm', renderedName(top, name)),
      absPath: file.absPath,
      kind: 'kubernetes',
      text,
      lines,
      origin: { renderer: 'helm', source: top.dir === '' ? '.' : top.dir, toSource: (at) => map.toSource(at), related: (at) => map.related(at) },
    });
  }
  return { files: out, consumed, problems, read: schemaFiles };
}

/** Each rendered chart's values.schema.json against the values that chart sees; violations at the values line. */
async function checkSchemas(tree: Instance, values: GoMap, settings: ChartSettings, read: HelmRenderOptions['read'], report: (at: Location, m: string) => void, keep: (f: SourceFile) => void): Promise<void> {
  if (!read) return;
  for (const inst of walk(tree)) {
    const dir = inst.chart.dir;
    const schemaFile = read(dir === '' ? 'values.schema.json' : `${dir}/values.schema.json`);
    if (!schemaFile) continue;
    keep(schemaFile);
    const { validateValues } = await import('./schema.js');
    const r = await validateValues(schemaFile, valuesAt(values, inst.path));
    if (r.error) report(schemaFile.lines.lineLocation(schemaFile.path, 1), r.error);
    const origin = valuesOrigin(tree, inst, settings);
    const fallback = inst.chart.valuesFile ?? inst.chart.chartFile;
    for (const v of r.violations) {
      // The deepest key of the path that some values file wrote.
      let at: Location | undefined;
      for (let n = v.path.length; n > 0 && !at; n--) at = origin(v.path.slice(0, n));
      report(at ?? fallback.lines.lineLocation(fallback.path, 1), `values of chart "${inst.name}" do not match ${schemaFile.path}: ${v.message}`);
    }
  }
}

function instances(chart: Chart, name: string, path: string[]): Instance {
  const subs: Instance[] = [];
  for (const sub of chart.subcharts) {
    const deps = chart.dependencies.filter((d) => d.name === sub.name);
    // One instance per dependency entry (each alias is its own copy); a vendored chart no entry names still renders.
    const asNames = deps.length === 0 ? [sub.name] : deps.map((d) => d.alias ?? d.name);
    for (const n of new Set(asNames)) subs.push(instances(sub, n, [...path, n]));
  }
  return { chart, name, path, subs };
}

function* walk(i: Instance): Generator<Instance> {
  yield i;
  for (const s of i.subs) yield* walk(s);
}

function allCharts(i: Instance): Chart[] {
  return [...new Set([...walk(i)].map((x) => x.chart))];
}

/** `coalesce(chart, dest)`: the chart's defaults under the user values, then each subchart under its name with the globals. */
function coalesce(inst: Instance, dest: GoMap): GoMap {
  coalesceTables(dest, withImports(inst));
  for (const sub of inst.subs) {
    if (!isTable(dest[sub.name])) dest[sub.name] = {};
    const child = dest[sub.name] as GoMap;
    coalesceGlobals(child, dest);
    coalesce(sub, child);
  }
  return dest;
}

/**
 * The chart's defaults with its dependencies' `import-values` merged in: a
 * subchart's table copied to a parent path, the parent's own values winning
 * (Helm 3's precedence). The short form `- data` imports `exports.data` to the root.
 */
function withImports(inst: Instance): GoMap {
  const own = deepCopy(inst.chart.values.values) as GoMap;
  for (const sub of inst.subs) {
    const dep = inst.chart.dependencies.find((d) => (d.alias ?? d.name) === sub.name);
    for (const imp of dep?.imports ?? []) {
      const value = lookupPath(sub.chart.values.values, imp.child.split('.').filter((s) => s !== ''));
      if (!isTable(value)) continue;
      const path = imp.parent.split('.').filter((s) => s !== '');
      let target: GoMap = own;
      for (const seg of path) {
        if (!isTable(target[seg])) target[seg] = {};
        target = target[seg] as GoMap;
      }
      coalesceTables(target, deepCopy(value) as GoMap);
    }
  }
  return own;
}

/** Drops subcharts whose `condition` is false or whose `tags` are all off (conditions win over tags, as in Helm). */
function prune(inst: Instance, top: GoMap, tags: GoMap): void {
  const deps = inst.chart.dependencies;
  inst.subs = inst.subs.filter((sub) => {
    const dep = deps.find((d) => (d.alias ?? d.name) === sub.name);
    if (!dep) return true;
    if (dep.condition) {
      for (const c of dep.condition.split(',')) {
        const v = lookupPath(top, [...inst.path, ...c.trim().split('.')]);
        if (typeof v === 'boolean') return v;
      }
    }
    const set = dep.tags.map((t) => tags[t]).filter((v): v is boolean => typeof v === 'boolean');
    if (set.length === 0) return true;
    return set.some((v) => v);
  });
  for (const s of inst.subs) prune(s, top, tags);
}

function valuesAt(values: GoMap, path: readonly string[]): GoMap {
  let cur: GoMap = values;
  for (const p of path) cur = isTable(cur[p]) ? (cur[p] as GoMap) : {};
  if (!isTable(cur.global)) cur.global = {};
  return cur;
}

function prefix(top: Chart, inst: Instance): string {
  return [top.name, ...inst.path.flatMap((n) => ['charts', n])].join('/');
}

function depth(name: string): number {
  let n = 0;
  for (const c of name) if (c === '/') n++;
  return n;
}

/** `helm:<chart dir>/templates/x.yaml`, subcharts under `<chart dir>/charts/<alias>/...` (the real path when not aliased). */
function renderedName(top: Chart, name: string): string {
  const rest = name.slice(top.name.length + 1);
  return top.dir === '' ? rest : `${top.dir}/${rest}`;
}

function parseAll(names: string[], byName: Map<string, SourceFile>, engine: HelmEngine, renderError: (at: Location, m: string) => void): TemplateSet | undefined {
  const funcs = engine.funcs();
  const left = [...names];
  // Each failed parse drops the template at fault and tries again: bounded by the number of templates.
  for (let attempt = 0; attempt <= names.length; attempt++) {
    try {
      return engine.parseTemplates(left.map((n) => ({ name: n, text: byName.get(n)!.text })), funcs);
    } catch (e) {
      const pos = e instanceof TemplateError ? e.pos : undefined;
      const bad = pos ? left.indexOf(pos.template) : -1;
      const first = byName.get(left[0] ?? '');
      const file = pos ? byName.get(pos.template) ?? first : first;
      if (!file) return undefined;
      const at = pos ? posLocation(pos.template, pos.line, pos.col, byName, file) : file.lines.lineLocation(file.path, 1);
      const why = e instanceof UnknownFunctionError ? `it calls the function "${e.functionName}", which is not one Helm or Sprig defines (or not one this renderer implements)` : (e as Error).message;
      renderError(at, `${pos?.template ?? file.path} could not be parsed, so it was not evaluated: ${why}`);
      if (bad === -1) return undefined;
      left.splice(bad, 1);
    }
  }
  return undefined;
}

/**
 * A `fail`/`required` abort the engine reports without a position: the action whose
 * string literal is the message (in the chart's own templates), else undefined.
 */
function abortLocation(err: Error, files: readonly SourceFile[]): Location | undefined {
  if (!(err instanceof TemplateAbort) || err.message === '') return undefined;
  const needle = JSON.stringify(err.message);
  for (const f of files) {
    const i = f.text.indexOf(needle);
    if (i === -1) continue;
    const open = f.text.lastIndexOf('{{', i);
    const close = f.text.indexOf('}}', i);
    return f.lines.location(f.path, open === -1 ? i : open, close === -1 ? i + needle.length : close + 2);
  }
  return undefined;
}

function posLocation(template: string, line: number, col: number, byName: ReadonlyMap<string, SourceFile>, fallback: SourceFile): Location {
  const f = byName.get(template) ?? fallback;
  const text = f.lines.lineText(line);
  const c = Math.max(1, Math.min(col, text.length + 1));
  const close = text.indexOf('}}', c - 1);
  return { path: f.path, startLine: line, startColumn: c, endLine: line, endColumn: close === -1 ? text.length + 1 : close + 3 };
}

/** The dot of a template with its `.Values` copied (the rest is immutable), for observers. */
function snapshot(data: Value): Value {
  if (!(data instanceof GoStruct)) return deepCopy(data);
  return new GoStruct(data.typeName, { ...data.fields, Values: deepCopy(data.fields['Values'] ?? null) }, data.methods);
}

function dataFor(top: Chart, inst: Instance, name: string, values: GoMap, release: GoStruct, capabilities: GoStruct, read: ((name: string) => SourceFile | undefined) | undefined, subcharts: GoMap): Value {
  return new GoStruct('chartutil.Values', {
    Values: values,
    Release: release,
    Chart: chartObject(inst.chart.meta, inst.name),
    Capabilities: capabilities,
    Template: templateObject(name, `${prefix(top, inst)}/templates`),
    Files: filesObject(inst.chart.files, read),
    Subcharts: subcharts,
  });
}

/** Where a `.Values` path of one instance was written: user files first, then the top chart down to the instance's own values.yaml. */
function valuesOrigin(tree: Instance, inst: Instance, settings: ChartSettings) {
  const chain: Instance[] = [];
  let cur: Instance | undefined = tree;
  chain.push(cur);
  for (const n of inst.path) {
    cur = cur?.subs.find((s) => s.name === n);
    if (cur) chain.push(cur);
  }
  return (p: readonly (string | number)[]): Location | undefined => {
    const full = [...inst.path, ...p];
    for (const lines of [...(settings.valuesLines ?? [])].reverse()) {
      const l = lines.get(valuesKey(full)) ?? (p[0] === 'global' ? lines.get(valuesKey(p)) : undefined);
      if (l) return l;
    }
    for (let i = 0; i < chain.length; i++) {
      const lines = chain[i]!.chart.values.lines;
      const l = lines.get(valuesKey(full.slice(i))) ?? (p[0] === 'global' ? lines.get(valuesKey(p)) : undefined);
      if (l) return l;
    }
    return undefined;
  };
}
