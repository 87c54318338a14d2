/**
 * `.shipshape.yml` `helm:` and `scan --values/--set/--set-string`: the values,
 * release and cluster a chart is rendered with. Config keys name a chart by its
 * folder relative to the scan root (`.` for the root); values files are paths
 * relative to the scan root, read with the scan's own checks. Command-line
 * values apply to every chart and win over the config's, as `helm -f/--set` do.
 * The section's schema is in rules/core/_helm-settings.ts.
 */
import type { SourceFile } from '../../base/source-file.js';
import type { GoMap } from '../gotemplate/types.js';
import type { RenderContext } from '../types.js';
import type { ChartSettings } from './render.js';
import { parseSet, StrvalsError } from './strvals.js';
import { loadValues, mergeUserValues, toValue, type LoadedValues } from './values.js';

interface ChartConfig {
  values?: string[];
  set?: Record<string, unknown>;
  release?: { name?: string; namespace?: string };
  kubeVersion?: string;
  apiVersions?: string[];
}

export interface SettingsProblem {
  path: string;
  message: string;
}

/** The settings for one chart folder, with the problems (unreadable values files, bad --set) found building them. */
export function chartSettings(helm: Record<string, unknown> | undefined, chartDir: string, ctx: RenderContext | undefined, problems: SettingsProblem[]): ChartSettings {
  const charts = (helm?.charts ?? {}) as Record<string, ChartConfig>;
  const cfg = charts[chartDir === '' ? '.' : chartDir] ?? charts[`${chartDir}/`] ?? {};
  const cli = (helm?.cli ?? {}) as { values?: string[]; set?: string[]; setString?: string[] };
  let values: GoMap = {};
  const valuesLines: Array<LoadedValues['lines']> = [];
  const read: SourceFile[] = [];
  const readValues = (path: string) => {
    const r = ctx?.read(path);
    if (!r || !('file' in r)) {
      problems.push({ path, message: `Helm values file ${path} (for ${chartDir || '.'}) could not be read${r && 'skipped' in r ? `: ${r.skipped}` : ': no such file in the scan root'}` });
      return;
    }
    read.push(r.file);
    const loaded = loadValues(r.file.path, r.file.text);
    if (loaded.error) problems.push({ path, message: loaded.error.message });
    values = mergeUserValues(values, loaded.values);
    valuesLines.push(loaded.lines);
  };
  const applySet = (expr: string, asString: boolean) => {
    try {
      values = parseSet(expr, values, asString);
    } catch (e) {
      if (!(e instanceof StrvalsError)) throw e;
      problems.push({ path: chartDir || '.', message: e.message });
    }
  };
  for (const p of cfg.values ?? []) readValues(p);
  for (const [k, v] of Object.entries(cfg.set ?? {})) {
    // A config `set` value is already typed YAML: assign it at the strvals path.
    const holder = parseSet(`${k}=x`, {}, true);
    values = mergeUserValues(values, replaceLeaf(holder, toValue(v)));
  }
  for (const p of cli.values ?? []) readValues(p);
  for (const s of cli.set ?? []) applySet(s, false);
  for (const s of cli.setString ?? []) applySet(s, true);
  return {
    values,
    valuesLines,
    read,
    ...(cfg.release ? { release: cfg.release } : {}),
    capabilities: { ...(cfg.kubeVersion ? { kubeVersion: cfg.kubeVersion } : {}), ...(cfg.apiVersions ? { apiVersions: cfg.apiVersions } : {}) },
  };
}

/** The one leaf `parseSet("k=x")` created, replaced by `v`. */
function replaceLeaf(m: GoMap, v: ReturnType<typeof toValue>): GoMap {
  const walk = (node: unknown): unknown => {
    if (node === 'x') return v;
    if (Array.isArray(node)) return node.map((n) => (n === null ? null : walk(n)));
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node as GoMap).map(([k, x]) => [k, walk(x)]));
    return node;
  };
  return walk(m) as GoMap;
}
