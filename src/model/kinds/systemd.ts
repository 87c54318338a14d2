/** systemd units → SystemdUnit, and service units → Workload. */
import { parseSystemd } from '../../parsers/systemd.js';
import { liftSystemdService } from '../lift-fly-systemd.js';
import type { BuildState } from './state.js';

export function lift({ model, of }: BuildState): void {
  for (const f of of('systemd')) {
    const unit = parseSystemd(f);
    model.systemdUnits.push(unit);
    const w = liftSystemdService(unit, model.secrets);
    if (w) model.workloads.push(w);
  }
}
