/**
 * kustomization.yaml: which files are patches (partial resources, not
 * evaluated as complete ones) and which images it retags or pins at build
 * time (so the manifests' references are placeholders). Runs before the
 * manifests module, which needs both.
 */
import type { BuildState } from './state.js';

export async function lift(state: BuildState): Promise<void> {
  const { model, of } = state;
  const files = of('kustomization');
  if (files.length === 0) return;
  const y = await state.yaml();
  for (const f of files) {
    for (const d of y.parse(f, '1.1')) {
      const v = y.plain(f, d) as Record<string, unknown> | undefined;
      for (const p of kustomizePatchPaths(v)) state.patchFiles.add(joinRel(f.path, p));
      for (const item of y.parser.YNode.root(d, f)?.get('images')?.items() ?? []) {
        const name = item.get('name')?.str();
        if (!name) continue;
        const setsDigest = item.has('digest');
        model.imageOverrides.push({ name, setsTag: setsDigest || item.has('newTag'), setsDigest, source: 'kustomize', location: item.location });
      }
    }
  }
}

function kustomizePatchPaths(v: Record<string, unknown> | undefined): string[] {
  if (!v) return [];
  const out: string[] = [];
  for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
    const list = v[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (typeof item === 'string') out.push(item);
      else if (item && typeof item === 'object' && typeof (item as { path?: unknown }).path === 'string') out.push((item as { path: string }).path);
    }
  }
  return out;
}

/** `rel` resolved against the kustomization's folder, normalised (`..` and `.` removed). */
export function joinRel(kustomizationPath: string, rel: string): string {
  const dir = kustomizationPath.includes('/') ? kustomizationPath.slice(0, kustomizationPath.lastIndexOf('/')) : '';
  const parts = (dir ? `${dir}/${rel}` : rel).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '.' || p === '') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}
