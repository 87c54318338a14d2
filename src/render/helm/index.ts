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
    async render(job) {
      const e = await (engine ?? loadEngine)();
      // Without the engine the templates stay listed as not evaluated, as before the renderer existed.
      if (!e) return { files: [], consumed: [], problems: [] };
      const { renderCharts } = await import('./render.js');
      return renderCharts(job.inputs, e, options);
    },
  };
}

export const defaultHelmRenderer: Renderer = helmRenderer();
