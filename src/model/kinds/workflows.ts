/** GitHub Actions workflows and composite actions → Pipeline (YAML 1.2, as GitHub reads them). */
import { liftWorkflow } from '../lift-workflow.js';
import type { BuildState } from './state.js';

export async function lift(state: BuildState): Promise<void> {
  const y = await state.yaml();
  for (const kind of ['github-workflow', 'github-action'] as const) {
    for (const f of state.of(kind)) {
      for (const d of y.parse(f, '1.2')) {
        if (y.plain(f, d) === undefined && d.contents) continue;
        const p = liftWorkflow(d, f, kind === 'github-workflow' ? 'workflow' : 'composite-action');
        if (p) state.model.pipelines.push(p);
      }
    }
  }
}
