/**
 * Our Helm renderer as a helm-unittest `Render`: the chart's files (already
 * read), the suite's values files, `set:` overlay, release and capabilities,
 * and the output of each of the top-level chart's templates. Shared by the
 * in-repo test (test/helm-unittest.test.ts) and scripts/helm-unittest.ts.
 */
import type { SourceFile } from '../../src/base/source-file.js';
import { parseTemplates } from '../../src/render/gotemplate/engine.js';
import { helmFuncs } from '../../src/render/gotemplate/funcs/index.js';
import type { GoMap } from '../../src/render/gotemplate/types.js';
import { renderCharts } from '../../src/render/helm/render.js';
import { loadValues, mergeUserValues, toValue } from '../../src/render/helm/values.js';
import type { Render, RenderResult } from './helm-unittest.js';

/**
 * `files`: the chart's files with chart-relative paths (`Chart.yaml`, `templates/x.yaml`, `charts/sub/...`);
 * `read`: any other chart file by chart-relative path (values files named by suites).
 */
export function ourRender(files: readonly SourceFile[], read: (path: string) => string | undefined): Render {
  return async (req): Promise<RenderResult> => {
    let values: GoMap = {};
    for (const f of req.valuesFiles) {
      const text = read(f);
      if (text === undefined) return { error: `values file ${f} not found` };
      values = mergeUserValues(values, loadValues(f, text).values);
    }
    values = mergeUserValues(values, toValue(req.values) as GoMap);
    const outputs = new Map<string, string>();
    const errors: string[] = [];
    const capabilities = req.capabilities ?? {};
    const kube = capabilities.majorVersion !== undefined ? `v${capabilities.majorVersion}.${capabilities.minorVersion ?? 0}.0` : undefined;
    await renderCharts(files, { parseTemplates, funcs: helmFuncs }, {
      settings: () => ({
        values,
        release: { ...(req.release?.name ? { name: req.release.name } : {}), ...(req.release?.namespace ? { namespace: req.release.namespace } : {}) },
        capabilities: { ...(kube ? { kubeVersion: kube } : {}), ...(capabilities.apiVersions ? { apiVersions: capabilities.apiVersions } : {}) },
      }),
      exists: (p) => files.some((f) => f.path === p) || read(p) !== undefined,
      observe: (run) => {
        // `<chart>/templates/x.yaml` of the top-level chart only (subcharts are `<chart>/charts/<sub>/...`).
        const rel = run.template.slice(run.template.indexOf('/') + 1);
        if (!rel.startsWith('templates/')) return;
        if (run.output !== undefined) outputs.set(rel, run.output);
        else if (req.templates.includes(rel)) errors.push(run.error ?? 'render failed');
      },
    });
    return errors.length > 0 ? { error: errors.join('\n') } : { outputs };
  };
}
