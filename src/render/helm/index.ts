/**
 * The Helm renderer: every top-level chart of the scan is rendered in process
 * (src/render/helm/render.ts) and its manifests judged as Kubernetes objects,
 * findings mapped back to template lines with the values.yaml line as a
 * related location. Subcharts are judged through the chart that vendors them.
 * The Go template engine and its functions load only when the scan holds a chart.
 */
import type { Renderer } from '../types.js';
import type { HelmEngine, HelmRenderOptions } from './render.js';

/** The engine loads only when a scan holds a chart; a load failure leaves templates not evaluated rather than failing the scan. */
async function loadEngine(): Promise<HelmEngine | undefined> {
  try {
    const { parseTemplates } = await import('../gotemplate/engine.js');
    const { helmFuncs } = await import('../gotemplate/funcs/index.js');
    return { parseTemplates, funcs: helmFuncs };
  } catch {
    return undefined;
  }
}

export function helmRenderer(engine?: () => Promise<HelmEngine | undefined>, options: HelmRenderOptions = {}): Renderer {
  return {
    name: 'helm',
    select(files) {
      const charts = files.filter((f) => f.kind === 'helm-chart');
      if (charts.length === 0) return [];
      // One job for the scan: which charts are top-level is decided from all of them together.
      const source = charts.length === 1 ? charts[0]!.path : `${charts.length} charts`;
      return [{ source, inputs: [...files] }];
    },
    async render(job, ctx) {
      const helm = ctx?.settings?.['helm'];
      const cli = (helm?.['cli'] ?? {}) as { binary?: string; root?: string; values?: string[]; set?: string[]; setString?: string[] };
      if (cli.binary) {
        const { renderWithHelmBinary } = await import('./binary.js');
        const root = cli.root ?? '.';
        return renderWithHelmBinary(job.inputs, {
          binary: cli.binary,
          root,
          args: () => [...(cli.values ?? []).flatMap((v) => ['-f', `${root}/${v}`]), ...(cli.set ?? []).flatMap((s) => ['--set', s]), ...(cli.setString ?? []).flatMap((s) => ['--set-string', s])],
        });
      }
      const e = await (engine ?? loadEngine)();
      // Without the engine the templates stay listed as not evaluated, as before the renderer existed.
      if (!e) return { files: [], consumed: [], problems: [] };
      const [{ renderCharts }, { chartSettings }] = await Promise.all([import('./render.js'), import('./settings.js')]);
      const settingsProblems: Array<{ dir: string; message: string }> = [];
      const out = await renderCharts(job.inputs, e, {
        exists: (path) => ctx?.read(path) !== undefined,
        readBytes: ctx?.readBytes ? (path) => ctx.readBytes!(path) : undefined,
        read: (path) => {
          const r = ctx?.read(path);
          return r && 'file' in r ? r.file : undefined;
        },
        settings: options.settings ?? ((dir) => {
          const found: Array<{ path: string; message: string }> = [];
          const s = chartSettings(helm, dir, ctx, found);
          for (const p of found) settingsProblems.push({ dir, message: p.message });
          return s;
        }),
      });
      // A values file or --set that cannot be used is reported at the chart it was meant for.
      for (const p of settingsProblems) {
        const chart = job.inputs.find((f) => f.path === (p.dir === '' ? 'Chart.yaml' : `${p.dir}/Chart.yaml`));
        if (chart) out.problems.push({ at: chart.lines.lineLocation(chart.path, 1), message: p.message, ruleId: 'core/render-error' });
      }
      return out;
    },
  };
}

export const defaultHelmRenderer: Renderer = helmRenderer();
