/**
 * Which kustomizations are built: those no other kustomization of the scan
 * lists under `resources`, `bases` or `components`. A base used only by
 * overlays is judged through each of them; a Component is never built alone
 * (kustomize cannot build one either).
 */
import type { SourceFile } from '../../base/source-file.js';
import { dirOf, resolveRel, type FileSet } from './files.js';
import { loadYaml } from './load-yaml.js';
import { get, isMap, isSeq, str } from './tree.js';

export function topLevelKustomizations(files: FileSet): SourceFile[] {
  const all = files.allKustomizations();
  const referenced = new Set<string>();
  const components = new Set<string>();
  for (const f of all) {
    const doc = loadYaml(f.text, () => f.lines.lineLocation(f.path, 1)).docs.find((d) => d.node)?.node;
    if (!isMap(doc)) continue;
    if (str(get(doc, 'kind')) === 'Component') components.add(f.path);
    const dir = dirOf(f.path);
    for (const key of ['resources', 'bases', 'components']) {
      const list = get(doc, key);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const s = str(item);
        const p = s === undefined ? undefined : resolveRel(dir, s);
        if (p !== undefined && p !== dir && files.kustomizationsIn(p).length > 0) referenced.add(p);
      }
    }
  }
  // One kustomization per folder: kustomize reads the first of its names and refuses the folder when there are several.
  const byDir = new Map<string, SourceFile>();
  for (const f of all) if (!byDir.has(dirOf(f.path))) byDir.set(dirOf(f.path), f);
  return [...byDir.entries()].filter(([dir, f]) => !referenced.has(dir) && !components.has(f.path)).map(([, f]) => f).sort((a, b) => (a.path < b.path ? -1 : 1));
}
