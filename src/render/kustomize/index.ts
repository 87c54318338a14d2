/**
 * The Kustomize renderer: every kustomization no other kustomization of the
 * scan refers to (a top-level overlay) is built in process, as
 * `kustomize build` would, and judged as its own rendered set. Bases,
 * components and patches are never judged alone: they are consumed by the
 * overlays that use them. The heavy parts load only when the scan holds a
 * kustomization.
 */
import type { Renderer } from '../types.js';

export const kustomizeRenderer: Renderer = {
  name: 'kustomize',
  select(files) {
    const kustomizations = files.filter((f) => f.kind === 'kustomization');
    if (kustomizations.length === 0) return [];
    // One job for the whole scan: which kustomizations are top-level is decided from all of them together.
    const source = kustomizations.length === 1 ? kustomizations[0]!.path : `${kustomizations.length} kustomizations`;
    return [{ source, inputs: [...kustomizations, ...files.filter((f) => f.kind !== 'kustomization')] }];
  },
  async render(job, ctx) {
    const { renderKustomizations } = await import('./render.js');
    return renderKustomizations(job.inputs, ctx);
  },
};
