/**
 * `scan --helm-binary PATH`: render a chart with the user's own `helm template`
 * instead of the in-process engine (for charts using what we do not implement).
 * The binary is the user's, given on the command line, and must lie outside the
 * scan root — a binary from the scanned repository is never run. Output is split
 * on helm's `# Source: <chart>/templates/x.yaml` comments; findings map to the
 * first line of that template (helm gives no line map).
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { LineIndex } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import { renderedPath, type RenderedFile, type RenderOutput, type RenderProblem } from '../types.js';
import { loadCharts } from './chart.js';

export interface BinaryOptions {
  binary: string;
  /** Scan root (absolute): the binary must not be inside it. */
  root: string;
  /** Per chart folder: values files (absolute) and --set / --set-string expressions. */
  args: (chartDir: string) => string[];
  timeoutMs?: number;
}

const MAX_OUTPUT = 64 * 1024 * 1024;

export function renderWithHelmBinary(inputs: readonly SourceFile[], o: BinaryOptions): RenderOutput {
  const { topLevel } = loadCharts(inputs);
  const files: RenderedFile[] = [];
  const problems: RenderProblem[] = [];
  const consumed: string[] = [];
  let binary: string;
  try {
    binary = realpathSync(o.binary);
  } catch {
    binary = '';
  }
  const rootReal = (() => {
    try {
      return realpathSync(o.root);
    } catch {
      return o.root;
    }
  })();
  const inside = binary !== '' && !relative(rootReal, binary).startsWith('..') && !isAbsolute(relative(rootReal, binary));
  for (const chart of topLevel) {
    const at = chart.chartFile.lines.lineLocation(chart.chartFile.path, 1);
    if (binary === '' || inside) {
      problems.push({ at, message: binary === '' ? `--helm-binary ${o.binary}: no such file` : `--helm-binary ${o.binary} is inside the scanned repository; a binary from the repository is never run`, ruleId: 'core/render-error' });
      continue;
    }
    const r = spawnSync(binary, ['template', 'release-name', dirname(chart.chartFile.absPath), ...o.args(chart.dir)], { encoding: 'utf8', timeout: o.timeoutMs ?? 120_000, maxBuffer: MAX_OUTPUT, shell: false });
    if (r.status !== 0) {
      problems.push({ at, message: `helm template failed for ${chart.dir || '.'}: ${(r.stderr || String(r.error ?? '')).trim().split('\n').slice(0, 3).join(' ')}`, ruleId: 'core/render-error' });
      continue;
    }
    const byName = new Map<string, SourceFile>();
    for (const [rel, f] of chart.templates) {
      byName.set(`${chart.name}/${rel}`, f);
      consumed.push(f.path);
    }
    for (const [source, text] of splitBySource(r.stdout)) {
      const file = byName.get(source) ?? chart.chartFile;
      const lines = new LineIndex(text);
      files.push({
        path: renderedPath('helm', `${chart.dir === '' ? '' : `${chart.dir}/`}${source.slice(chart.name.length + 1)}`),
        absPath: file.absPath,
        kind: 'kubernetes',
        text,
        lines,
        origin: { renderer: 'helm', source: chart.dir || '.', toSource: () => file.lines.lineLocation(file.path, 1) },
      });
    }
  }
  return { files, consumed, problems };
}

/** helm's output: documents each preceded by `# Source: name`; documents of one template joined again. */
function splitBySource(out: string): Map<string, string> {
  const by = new Map<string, string>();
  for (const doc of out.split(/^---[ \t]*$/m)) {
    const m = /^# Source: (\S+)[ \t]*$/m.exec(doc);
    if (!m) continue;
    const prev = by.get(m[1]!);
    by.set(m[1]!, prev === undefined ? doc : `${prev}\n---${doc}`);
  }
  return by;
}
