/**
 * Charts as Helm loads them, from the scan's files: a folder with a Chart.yaml,
 * its values.yaml, every file under templates/, the other files (`.Files`),
 * and the subcharts vendored as folders under charts/. A chart under another
 * chart's charts/ is that chart's subchart, judged through its parent; any
 * other chart is top-level.
 */
import { parseDocument } from 'yaml';
import type { Location } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import type { GoMap } from '../gotemplate/types.js';
import { isTable, loadValues, toValue, type LoadedValues } from './values.js';

export interface Dependency {
  name: string;
  alias?: string;
  condition?: string;
  tags: string[];
  /** `import-values`: child path → parent path (`exports.<name>` → root for the short string form). */
  imports: Array<{ child: string; parent: string }>;
  repository?: string;
  version?: string;
  at: Location;
}

export interface ChartProblem {
  at: Location;
  message: string;
  /** Helm would refuse the chart (broken Chart.yaml or values.yaml): it is not rendered. */
  fatal?: boolean;
}

export interface Chart {
  /** Folder relative to the scan root, '' for the root. */
  dir: string;
  chartFile: SourceFile;
  meta: GoMap;
  name: string;
  library: boolean;
  values: LoadedValues;
  valuesFile?: SourceFile;
  /** Every file under templates/, relative name `templates/x.yaml` → file. */
  templates: Map<string, SourceFile>;
  /** `.Files`: the chart's other files the scan holds, relative names. */
  files: Map<string, SourceFile>;
  subcharts: Chart[];
  dependencies: Dependency[];
  problems: ChartProblem[];
}

const dirOf = (p: string) => (p.lastIndexOf('/') === -1 ? '' : p.slice(0, p.lastIndexOf('/')));
export const join = (dir: string, rel: string) => (dir === '' ? rel : `${dir}/${rel}`);

/** Files Helm never hands to templates as `.Files`. */
function isChartInternal(rel: string): boolean {
  return rel === 'Chart.yaml' || rel === 'values.yaml' || rel === 'values.schema.json' || rel === 'Chart.lock' || rel === 'requirements.yaml' || rel === 'requirements.lock' || rel.startsWith('templates/') || rel.startsWith('charts/');
}

/** `exists`: whether the scan root holds a path discovery did not read (a vendored `.tgz`). */
/** The vendored archives (`charts/<name>-<version>.tgz`) of dependencies no folder provides, for the renderer to unpack. */
export function missingArchives(charts: readonly Chart[], exists: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const c of charts) {
    for (const dep of c.dependencies) {
      if (c.subcharts.some((s) => s.name === dep.name) || !dep.version) continue;
      const archive = join(c.dir, `charts/${dep.name}-${dep.version}.tgz`);
      if (exists(archive)) out.push(archive);
    }
  }
  return out;
}

export function loadCharts(files: readonly SourceFile[], exists: (path: string) => boolean = () => false, archiveProblems: ReadonlyMap<string, string> = new Map()): { topLevel: Chart[]; all: Chart[] } {
  const chartFiles = files.filter((f) => f.kind === 'helm-chart');
  const dirs = new Set(chartFiles.map((f) => dirOf(f.path)));
  // Deepest chart first claims a file, so a subchart's files are not its parent's.
  const owner = (path: string): string | undefined => {
    let d = dirOf(path);
    for (;;) {
      if (dirs.has(d)) return d;
      if (d === '') return undefined;
      d = dirOf(d);
    }
  };
  const byDir = new Map<string, Chart>();
  for (const f of chartFiles) byDir.set(dirOf(f.path), readChart(f));
  for (const f of files) {
    if (f.kind === 'helm-chart') continue;
    const d = owner(f.path);
    if (d === undefined) continue;
    const chart = byDir.get(d)!;
    const rel = f.path.slice(d === '' ? 0 : d.length + 1);
    if (rel.startsWith('templates/')) chart.templates.set(rel, f);
    else if (rel === 'values.yaml') {
      chart.valuesFile = f;
      chart.values = loadValues(f.path, f.text);
      if (chart.values.error) chart.problems.push({ ...chart.values.error, fatal: true });
    } else if (!isChartInternal(rel)) chart.files.set(rel, f);
  }
  const topLevel: Chart[] = [];
  for (const [dir, chart] of byDir) {
    // `<parent>/charts/<name>`: a vendored subchart when <parent> is a chart.
    const m = /^(?:(.*)\/)?charts\/[^/]+$/.exec(dir);
    const parent = m ? byDir.get(m[1] ?? '') : undefined;
    if (parent && parent !== chart) parent.subcharts.push(chart);
    else topLevel.push(chart);
  }
  for (const c of byDir.values()) {
    c.subcharts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const dep of c.dependencies) {
      if (!c.subcharts.some((s) => s.name === dep.name)) {
        const where = dep.repository ? ` from ${dep.repository}` : '';
        const archive = join(c.dir, `charts/${dep.name}-${dep.version ?? ''}.tgz`);
        if (dep.version && exists(archive)) {
          const why = archiveProblems.get(archive) ?? 'it holds no chart of that name';
          c.problems.push({ at: dep.at, message: `Helm dependency "${dep.name}" is vendored as ${archive}, but ${why.replace(`${archive} was not unpacked: `, '')}: it is not rendered, the rest of the chart is` });
          continue;
        }
        c.problems.push({ at: dep.at, message: `Helm dependency "${dep.name}"${where} is not vendored under ${join(c.dir, 'charts/')} (run \`helm dependency build\`): it is not rendered, the rest of the chart is` });
      }
    }
  }
  topLevel.sort((a, b) => (a.dir < b.dir ? -1 : 1));
  return { topLevel, all: [...byDir.values()] };
}

function readChart(f: SourceFile): Chart {
  const dir = dirOf(f.path);
  const problems: ChartProblem[] = [];
  const doc = parseDocument(f.text, { prettyErrors: false });
  let meta: GoMap = {};
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = f.lines.position(e.pos[0]);
    problems.push({ at: { path: f.path, startLine: p.line, startColumn: p.column, endLine: p.line, endColumn: p.column + 1 }, message: `${f.path} is not valid YAML: ${e.message.split('\n')[0]}; the chart is not rendered`, fatal: true });
  } else {
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 100 });
    } catch {
      js = undefined;
    }
    const v = toValue(js);
    if (isTable(v)) meta = v;
    else problems.push({ at: f.lines.lineLocation(f.path, 1), message: `${f.path} must be a mapping (name, version, ...); the chart is not rendered`, fatal: true });
  }
  const folder = dir.slice(dir.lastIndexOf('/') + 1) || 'chart';
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : folder;
  if (problems.length === 0 && (typeof meta.name !== 'string' || meta.name === '')) {
    problems.push({ at: f.lines.lineLocation(f.path, 1), message: `${f.path} has no "name": Helm refuses the chart (rendered here as "${folder}")` });
  }
  const dependencies: Dependency[] = [];
  const deps = Array.isArray(meta.dependencies) ? meta.dependencies : [];
  deps.forEach((d, i) => {
    if (!isTable(d) || typeof d.name !== 'string') return;
    dependencies.push({
      name: d.name,
      ...(typeof d.alias === 'string' && d.alias !== '' ? { alias: d.alias } : {}),
      ...(typeof d.condition === 'string' && d.condition !== '' ? { condition: d.condition } : {}),
      tags: Array.isArray(d.tags) ? d.tags.filter((t): t is string => typeof t === 'string') : [],
      imports: (Array.isArray(d['import-values']) ? d['import-values'] : []).flatMap((iv) =>
        typeof iv === 'string' ? [{ child: `exports.${iv}`, parent: '' }] : isTable(iv) && typeof iv.child === 'string' && typeof iv.parent === 'string' ? [{ child: iv.child, parent: iv.parent }] : [],
      ),
      ...(typeof d.repository === 'string' ? { repository: d.repository } : {}),
      ...(typeof d.version === 'string' ? { version: d.version } : {}),
      at: dependencyLocation(f, i, d.name),
    });
  });
  return {
    dir,
    chartFile: f,
    meta,
    name,
    library: meta.type === 'library',
    values: { values: {}, lines: new Map() },
    templates: new Map(),
    files: new Map(),
    subcharts: [],
    dependencies,
    problems,
  };
}

/** The `- name: X` line of the i-th dependency (found by text: Chart.yaml is small and the name is on that line). */
function dependencyLocation(f: SourceFile, index: number, name: string): Location {
  let seen = -1;
  let inDeps = false;
  for (let line = 1; line <= f.lines.lineCount; line++) {
    const t = f.lines.lineText(line);
    if (!inDeps) {
      inDeps = t.startsWith('dependencies:');
      continue;
    }
    if (/^\S/.test(t) && !t.startsWith('-')) break;
    const trimmed = t.trimStart();
    if (trimmed.startsWith('- ')) seen++;
    if (seen === index && t.includes(name)) return f.lines.lineLocation(f.path, line);
  }
  return f.lines.lineLocation(f.path, 1);
}
