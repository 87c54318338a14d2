/**
 * Helm chart files that no renderer turned into manifests: templates are
 * noted as not evaluated (a Go-templated file judged as a resource floods
 * users with false positives); Chart.yaml and values files are parsed so
 * their YAML errors are reported and their documents are in `model.yaml`.
 */
import type { BuildState } from './state.js';

export async function lift(state: BuildState): Promise<void> {
  const { model, of } = state;
  for (const f of of('helm-template')) model.notEvaluated.push({ path: f.path, reason: 'Helm template (Go templating): not rendered yet' });
  const data = [...of('helm-values'), ...of('helm-chart')];
  if (data.length === 0) return;
  const y = await state.yaml();
  for (const f of data) y.parse(f, '1.1');
}
