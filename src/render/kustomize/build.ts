/**
 * `kustomize build` of one overlay, in process. The order is kustomize's:
 * resources (files, and folders built recursively), generators, components
 * (each applied to everything accumulated so far), then the transformers —
 * strategic merge patches, `patches`, namespace, name prefix and suffix,
 * labels, annotations, JSON6902 patches, replicas, images, replacements. Content hashes
 * are added to generated names once, at the top, and name references are
 * updated after that.
 *
 * Whatever kustomize would fail on (a missing file, a cycle, a patch that
 * matches nothing, invalid YAML) is a problem at the line that asked for it;
 * the rest of the overlay still renders. Nothing is fetched and nothing runs:
 * remote resources, Helm charts and plugins are problems too.
 */
import type { Location } from '../../base/location.js';
import { LineIndex } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import { dirOf, resolveRel, type FileSet } from './files.js';
import { contentHash, generate, readOptions, type GeneratorOptions } from './generators.js';
import { applyJsonPatch, JsonPatchError, readOps } from './json6902.js';
import { loadYaml, type Place } from './load-yaml.js';
import { groupVersion, idOf, kindOf, nameOf, namespaceOf, type Res } from './resource.js';
import { targetMatcher, type Matcher } from './selector.js';
import { applyReplacements } from './replacements.js';
import { strategicMerge } from './strategic-merge.js';
import { addAnnotations, addLabels, addNameAffixes, fixNameReferences, setImages, setNamespace, setReplicas, type ImageSetting, type Pair } from './transformers.js';
import { clone, get, isMap, isScalar, isSeq, path, scalar, set, str, type KMap, type KNode, type KScalar } from './tree.js';

export interface Problem {
  at: Location;
  message: string;
}

export interface OverlayBuild {
  resources: Res[];
  problems: Problem[];
  /** Every file the build read: judged through the render from now on. */
  used: Set<string>;
  /** The overlay's own kustomization did not load: nothing was rendered. */
  failed: boolean;
}

/** Kustomizations nested deeper than this are refused (a real tree is a few levels deep). */
const MAX_DEPTH = 24;
/** Resources one overlay may produce before the rest is refused. */
const MAX_RESOURCES = 10_000;

export function buildOverlay(kustomization: SourceFile, files: FileSet): OverlayBuild {
  const b = new Builder(files);
  const acc: Res[] = [];
  if (!b.accumulate(kustomization, acc, 'Kustomization', [])) return { resources: [], problems: b.problems, used: b.used, failed: true };
  // Last, as kustomize does: hashes of the final content, then references follow the new names.
  for (const r of acc) {
    if (!r.needsHash) continue;
    const nameNode = path(r.node, 'metadata', 'name');
    const hashed = `${nameOf(r)}-${contentHash(r.node)}`;
    set(get(r.node, 'metadata') as KMap, 'name', scalar(hashed, nameNode?.at ?? r.at));
    r.names.push(hashed);
  }
  fixNameReferences(acc);
  return { resources: acc, problems: b.problems, used: b.used, failed: false };
}

type TargetKind = 'Kustomization' | 'Component';

class Builder {
  readonly problems: Problem[] = [];
  readonly used = new Set<string>();

  constructor(private readonly files: FileSet) {}

  problem(at: Location, message: string): void {
    this.problems.push({ at, message });
  }

  /** Adds what kustomization `kf` produces to `acc` (a Component transforms `acc` as it stands). */
  accumulate(kf: SourceFile, acc: Res[], as: TargetKind, stack: string[]): boolean {
    const dir = dirOf(kf.path);
    const top = stack.length === 0;
    const k = this.loadKustomization(kf, !top);
    if (!k) {
      // A base that does not load is reported here and not lifted again on its own.
      if (!top) this.used.add(kf.path);
      return false;
    }
    this.used.add(kf.path);
    const kind = str(get(k, 'kind')) ?? 'Kustomization';
    if (kind !== as) {
      this.problem(get(k, 'kind')?.at ?? k.at, as === 'Component' ? `${kf.path} is a ${kind}, and only a Component can be listed under components:` : `${kf.path} is a Component: list it under components:, not resources:`);
      return true;
    }
    const inner = [...stack, dir];
    this.unsupported(k);

    for (const key of ['resources', 'bases']) {
      for (const entry of list(get(k, key))) this.resource(dir, entry, acc, inner);
    }
    const global = readOptions(get(k, 'generatorOptions'));
    for (const [key, genKind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
      for (const entry of list(get(k, key))) if (isMap(entry)) this.generator(genKind, entry, global, kf, acc);
    }
    for (const entry of list(get(k, 'components'))) {
      const target = this.folder(dir, entry, 'component', inner);
      if (target) this.accumulate(target, acc, 'Component', inner);
    }
    this.transform(kf, k, acc);
    return true;
  }

  /** The kustomization's fields; its YAML errors are reported when `report` (an overlay's own are reported where it is lifted instead). */
  private loadKustomization(kf: SourceFile, report: boolean): KMap | undefined {
    const r = loadYaml(kf.text, filePlace(kf));
    if (report) for (const e of r.errors) this.problem(e.at, `${e.message}. ${kf.path} was not rendered`);
    if (r.errors.length > 0) return undefined;
    const doc = r.docs.find((d) => d.node !== undefined)?.node;
    if (doc === undefined) return map0(kf);
    if (!isMap(doc)) {
      this.problem(doc.at, `${kf.path} is not a map of kustomization fields: not rendered`);
      return undefined;
    }
    return doc;
  }

  /** Fields whose output depends on something a scan never does: fetch, template, run. */
  private unsupported(k: KMap): void {
    for (const e of k.entries) {
      if (e.key === 'helmCharts' || e.key === 'helmChartInflationGenerator') {
        this.problem(e.keyAt, `${e.key} not rendered: kustomize would inflate the charts with helm; scan the chart itself (its own renderer judges it)`);
      } else if (e.key === 'generators' || e.key === 'transformers' || e.key === 'validators') {
        if (list(e.value).length > 0) this.problem(e.keyAt, `${e.key} not rendered: kustomize plugins (exec and KRM functions) are programs, and a scan never runs them; the overlay is rendered without them`);
      }
    }
  }

  /** A `resources:` entry: a file of manifests, or a folder holding a kustomization. */
  private resource(dir: string, entry: KNode, acc: Res[], stack: string[]): void {
    const s = str(entry);
    if (!s) return;
    if (isRemote(s)) {
      this.problem(entry.at, `remote resource "${s}" not rendered: a scan never fetches (no network); the overlay is rendered without it`);
      return;
    }
    const p = resolveRel(dir, s);
    if (p === undefined) {
      this.problem(entry.at, `resource "${s}" is outside the scan root: not rendered`);
      return;
    }
    const ks = this.files.kustomizationsIn(p);
    if (ks.length > 0) {
      const kf = this.nested(p, ks, entry, stack);
      if (kf) {
        const sub: Res[] = [];
        this.accumulate(kf, sub, 'Kustomization', stack);
        for (const r of sub) this.add(acc, r);
      }
      return;
    }
    const f = this.files.file(p);
    if ('problem' in f) {
      this.problem(entry.at, f.problem === 'no such file' ? `resource "${s}" not found: no file or kustomization folder at ${p}` : `resource "${s}" not read: ${f.problem}`);
      return;
    }
    this.used.add(f.path);
    for (const r of this.resourcesOf(f)) this.add(acc, r);
  }

  private folder(dir: string, entry: KNode, what: string, stack: string[]): SourceFile | undefined {
    const s = str(entry);
    if (!s) return undefined;
    if (isRemote(s)) {
      this.problem(entry.at, `remote ${what} "${s}" not rendered: a scan never fetches (no network); the overlay is rendered without it`);
      return undefined;
    }
    const p = resolveRel(dir, s);
    const ks = p === undefined ? [] : this.files.kustomizationsIn(p);
    if (p === undefined || ks.length === 0) {
      this.problem(entry.at, `${what} "${s}" not found: no kustomization in ${p ?? s}`);
      return undefined;
    }
    return this.nested(p, ks, entry, stack);
  }

  private nested(p: string, ks: SourceFile[], entry: KNode, stack: string[]): SourceFile | undefined {
    if (ks.length > 1) this.problem(entry.at, `${p} holds more than one kustomization file (${ks.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)).join(', ')}); kustomize refuses it, ${ks[0]!.path} is used`);
    if (stack.includes(p)) {
      this.problem(entry.at, `cycle: ${[...stack, p].map((d) => d || '.').join(' → ')}; not rendered again`);
      return undefined;
    }
    if (stack.length >= MAX_DEPTH) {
      this.problem(entry.at, `kustomizations nested more than ${MAX_DEPTH} deep: ${p} not rendered`);
      return undefined;
    }
    return ks[0];
  }

  private add(acc: Res[], r: Res): void {
    if (acc.length >= MAX_RESOURCES) {
      if (acc.length === MAX_RESOURCES) this.problem(r.at, `more than ${MAX_RESOURCES} resources in one overlay: the rest is not rendered`);
      return;
    }
    const dup = acc.find((x) => kindOf(x) === kindOf(r) && nameOf(x) === nameOf(r) && namespaceOf(x) === namespaceOf(r) && groupVersion(x).group === groupVersion(r).group);
    if (dup) {
      this.problem(r.at, `${idOf(r)} is already in this build (from ${dup.at.path}:${dup.at.startLine}); kustomize refuses the second copy`);
      return;
    }
    acc.push(r);
  }

  /** The resources of a manifest file: each document, `kind: *List` items each on their own. */
  private resourcesOf(f: SourceFile): Res[] {
    const out: Res[] = [];
    const loaded = loadYaml(f.text, filePlace(f));
    for (const e of loaded.errors) this.problem(e.at, `${e.message}. This YAML document was not checked`);
    for (const d of loaded.docs) {
      if (!d.node || (isScalar(d.node) && d.node.v === null)) continue;
      if (!isMap(d.node)) {
        this.problem(d.at, `${f.path}: a document that is not a map is not a resource; kustomize refuses it`);
        continue;
      }
      const kind = str(get(d.node, 'kind')) ?? '';
      const items = get(d.node, 'items');
      const docs = kind.endsWith('List') && isSeq(items) ? items.items : [d.node];
      for (const n of docs) {
        if (!isMap(n)) continue;
        const name = str(path(n, 'metadata', 'name'));
        if (!str(get(n, 'kind')) || !name) {
          this.problem(n.at, `${f.path}: a resource needs kind and metadata.name; kustomize refuses this document`);
          continue;
        }
        out.push({ node: n, names: [name], needsHash: false, at: n.at });
      }
    }
    return out;
  }

  private generator(kind: 'ConfigMap' | 'Secret', entry: KMap, global: GeneratorOptions, kf: SourceFile, acc: Res[]): void {
    const dir = dirOf(kf.path);
    const g = generate(kind, entry, global, {
      kustomization: kf,
      problem: (at, message) => this.problem(at, message),
      file: (rel, at) => {
        const p = resolveRel(dir, rel);
        if (p === undefined) {
          this.problem(at, `"${rel}" is outside the scan root: not read`);
          return undefined;
        }
        const f = this.files.file(p);
        if ('problem' in f) {
          if (f.binary) return 'binary';
          this.problem(at, `${kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'} input "${rel}" not read: ${f.problem}`);
          return undefined;
        }
        return f;
      },
    });
    if (!g) return;
    for (const p of g.files) this.used.add(p);
    if (g.behavior === 'create') {
      this.add(acc, g.res);
      return;
    }
    const name = nameOf(g.res);
    const ns = namespaceOf(g.res);
    const existing = acc.find((r) => kindOf(r) === kind && r.names.includes(name) && (ns === undefined || namespaceOf(r) === ns));
    if (!existing) {
      this.problem(g.res.at, `behavior: ${g.behavior}, but no ${kind} ${name} comes from the resources to ${g.behavior === 'merge' ? 'merge into' : 'replace'}`);
      return;
    }
    if (g.behavior === 'replace') {
      // The new content under the existing resource's name and namespace.
      const metadata = get(existing.node, 'metadata') as KMap;
      const fresh = clone(g.res.node);
      set(fresh, 'metadata', clone(metadata));
      existing.node = fresh;
    } else {
      const target = existing.node;
      for (const key of ['data', 'binaryData', 'stringData']) {
        const add = get(g.res.node, key);
        if (!isMap(add)) continue;
        const cur = get(target, key);
        if (isMap(cur)) for (const e of add.entries) set(cur, e.key, e.value, e.keyAt);
        else set(target, key, add);
      }
      for (const key of ['labels', 'annotations']) {
        const add = path(g.res.node, 'metadata', key);
        if (!isMap(add)) continue;
        const meta = get(target, 'metadata') as KMap;
        const cur = get(meta, key);
        if (isMap(cur)) for (const e of add.entries) set(cur, e.key, e.value, e.keyAt);
        else set(meta, key, add);
      }
    }
    existing.needsHash = g.res.needsHash;
  }

  private transform(kf: SourceFile, k: KMap, acc: Res[]): void {
    const dir = dirOf(kf.path);
    for (const entry of list(get(k, 'patchesStrategicMerge'))) {
      const content = this.patchContent(kf, dir, entry);
      if (content) for (const doc of content.docs) this.smpById(acc, doc, content.at);
    }
    for (const entry of list(get(k, 'patches'))) {
      if (!isMap(entry)) continue;
      const content = this.patchContent(kf, dir, get(entry, 'path') ?? get(entry, 'patch'), entry);
      if (!content) continue;
      const targetNode = get(entry, 'target');
      const matcher = targetNode ? this.matcher(targetNode) : undefined;
      if (targetNode && !matcher) continue;
      const first = content.docs[0];
      if (first && isSeq(first)) this.jsonPatch(acc, first, matcher, targetNode ?? entry);
      else if (matcher) for (const doc of content.docs) this.smpByTarget(acc, doc, matcher, targetNode!);
      else for (const doc of content.docs) this.smpById(acc, doc, content.at);
    }

    const ns = get(k, 'namespace');
    if (str(ns)) setNamespace(acc, str(ns)!, ns!.at);
    const prefix = get(k, 'namePrefix');
    const suffix = get(k, 'nameSuffix');
    addNameAffixes(acc, str(prefix) ? { value: str(prefix)!, at: prefix!.at } : undefined, str(suffix) ? { value: str(suffix)!, at: suffix!.at } : undefined);

    addLabels(acc, pairs(get(k, 'commonLabels')), new Set(['metadata', 'templates', 'selectors'] as const));
    for (const l of list(get(k, 'labels'))) {
      const include = new Set<'metadata' | 'templates' | 'selectors'>(['metadata']);
      if (isTrue(get(l, 'includeSelectors'))) include.add('selectors').add('templates');
      if (isTrue(get(l, 'includeTemplates'))) include.add('templates');
      addLabels(acc, pairs(get(l, 'pairs')), include);
    }
    addAnnotations(acc, pairs(get(k, 'commonAnnotations')));

    for (const entry of list(get(k, 'patchesJson6902'))) {
      if (!isMap(entry)) continue;
      const targetNode = get(entry, 'target');
      if (!targetNode) {
        this.problem(entry.at, 'a patchesJson6902 entry needs a target');
        continue;
      }
      const matcher = this.matcher(targetNode);
      const content = this.patchContent(kf, dir, get(entry, 'path') ?? get(entry, 'patch'), entry);
      const first = content?.docs[0];
      if (!matcher || !content || !first) continue;
      this.jsonPatch(acc, first, matcher, targetNode);
    }

    for (const r of list(get(k, 'replicas'))) {
      const name = str(get(r, 'name'));
      const count = get(r, 'count');
      if (!name || !count || !isScalar(count)) continue;
      if (!setReplicas(acc, name, count)) this.problem(get(r, 'name')!.at, `replicas: no Deployment, ReplicaSet, StatefulSet or ReplicationController named ${name} in this build`);
    }

    const images: ImageSetting[] = [];
    for (const i of list(get(k, 'images'))) {
      const name = str(get(i, 'name'));
      if (!name) continue;
      const newName = str(get(i, 'newName'));
      const newTag = str(get(i, 'newTag'));
      const digest = str(get(i, 'digest'));
      const decisive = get(i, 'digest') ?? get(i, 'newTag') ?? get(i, 'newName') ?? get(i, 'name')!;
      images.push({ name, newName, newTag, digest, at: decisive.at });
    }
    setImages(acc, images);

    // Last, as kustomize runs them: replacements see every other transformer's output.
    const replacements: KNode[] = [];
    for (const entry of list(get(k, 'replacements'))) {
      const file = isMap(entry) ? get(entry, 'path') : undefined;
      if (!file) {
        replacements.push(entry);
        continue;
      }
      const content = this.patchContent(kf, dir, file, entry as KMap);
      for (const doc of content?.docs ?? []) replacements.push(...(isSeq(doc) ? doc.items : [doc]));
    }
    for (const p of applyReplacements(acc, replacements)) this.problem(p.at, p.message);
  }

  private matcher(targetNode: KNode): Matcher | undefined {
    const m = targetMatcher(targetNode);
    if (typeof m === 'function') return m;
    this.problem(targetNode.at, `${m.refused}; the patch was not applied`);
    return undefined;
  }

  /** A patch's documents: from `path`, or the inline text (a string entry in patchesStrategicMerge may be either). */
  private patchContent(kf: SourceFile, dir: string, node: KNode | undefined, entry?: KMap): { docs: KNode[]; at: Location } | undefined {
    if (!node) {
      if (entry) this.problem(entry.at, 'a patch needs `path` or `patch`');
      return undefined;
    }
    if (isMap(node) || isSeq(node)) return { docs: [node], at: node.at };
    const text = str(node);
    if (text === undefined) return undefined;
    const isPath = entry ? get(entry, 'path') === node : !text.includes('\n') && !/^\s*(apiVersion|kind)\s*:/.test(text);
    if (isPath) {
      const p = resolveRel(dir, text);
      const f = p === undefined ? { problem: 'outside the scan root' } : this.files.file(p);
      if ('problem' in f) {
        this.problem(node.at, `patch "${text}" not read: ${f.problem === 'no such file' ? `no file at ${p}` : f.problem}`);
        return undefined;
      }
      this.used.add(f.path);
      return this.docsOf(f.text, filePlace(f), node.at, f.path);
    }
    return this.docsOf(text, inlinePlace(kf, node as KScalar, text), node.at, kf.path);
  }

  private docsOf(text: string, place: Place, at: Location, where: string): { docs: KNode[]; at: Location } | undefined {
    const r = loadYaml(text, place);
    for (const e of r.errors) this.problem(e.at, `${e.message}. The patch in ${where} was not applied`);
    if (r.errors.length > 0) return undefined;
    return { docs: r.docs.flatMap((d) => (d.node && !(isScalar(d.node) && d.node.v === null) ? [d.node] : [])), at };
  }

  /** A strategic merge patch applied to the resource it names (kind, name, namespace when given). */
  private smpById(acc: Res[], doc: KNode, at: Location): void {
    if (!isMap(doc)) {
      this.problem(doc.at, 'a strategic merge patch is a map (a partial resource)');
      return;
    }
    const kind = str(get(doc, 'kind'));
    const name = str(path(doc, 'metadata', 'name'));
    const ns = str(path(doc, 'metadata', 'namespace'));
    if (!kind || !name) {
      this.problem(doc.at, 'a strategic merge patch without a target names its resource: kind and metadata.name');
      return;
    }
    const group = groupOf(str(get(doc, 'apiVersion')));
    const hits = acc.filter((r) => kindOf(r) === kind && r.names.includes(name) && (ns === undefined || namespaceOf(r) === ns) && (group === undefined || groupVersion(r).group === group));
    if (hits.length === 0) {
      this.problem(get(doc, 'kind')?.at ?? doc.at, `patch for ${kind}/${name} matches no resource of this build; kustomize fails here (patch not applied)`);
      return;
    }
    for (const r of hits) this.merge(acc, r, doc);
  }

  private smpByTarget(acc: Res[], doc: KNode, matcher: Matcher, targetNode: KNode): void {
    if (!isMap(doc)) {
      this.problem(doc.at, 'a strategic merge patch is a map (a partial resource)');
      return;
    }
    const hits = acc.filter(matcher);
    if (hits.length === 0) {
      this.problem(targetNode.at, 'patch target matches no resource of this build: patch not applied');
      return;
    }
    for (const r of hits) this.merge(acc, r, doc);
  }

  private merge(acc: Res[], r: Res, doc: KMap): void {
    // The patch's identity fields say which resource it is for; they never rename the target.
    const patch: KMap = { ...doc, entries: doc.entries.filter((e) => e.key !== 'apiVersion' && e.key !== 'kind') };
    const meta = get(patch, 'metadata');
    if (isMap(meta)) {
      const i = patch.entries.findIndex((e) => e.key === 'metadata');
      patch.entries[i] = { ...patch.entries[i]!, value: { ...meta, entries: meta.entries.filter((e) => e.key !== 'name' && e.key !== 'namespace') } };
    }
    // A copy per target: one patch applied to several resources must not share nodes between them.
    const merged = strategicMerge(r.node, clone(patch));
    if (merged === undefined) acc.splice(acc.indexOf(r), 1);
    else r.node = merged;
  }

  private jsonPatch(acc: Res[], doc: KNode, matcher: Matcher | undefined, at: KNode): void {
    if (!matcher) {
      this.problem(at.at, 'a JSON6902 patch needs a target');
      return;
    }
    let ops;
    try {
      ops = readOps(doc);
    } catch (e) {
      if (!(e instanceof JsonPatchError)) throw e;
      this.problem(e.at, `${e.message}: patch not applied`);
      return;
    }
    const hits = acc.filter(matcher);
    if (hits.length === 0) {
      this.problem(at.at, 'patch target matches no resource of this build: patch not applied');
      return;
    }
    for (const r of hits) {
      try {
        const out = applyJsonPatch(r.node, ops);
        if (isMap(out)) r.node = out;
        else this.problem(at.at, `the JSON6902 patch turns ${idOf(r)} into something that is not a resource: not applied`);
      } catch (e) {
        if (!(e instanceof JsonPatchError)) throw e;
        this.problem(e.at, `${e.message} (in ${idOf(r)}): patch not applied`);
      }
    }
  }
}

function map0(kf: SourceFile): KMap {
  return { t: 'map', entries: [], at: kf.lines.lineLocation(kf.path, 1) };
}

function list(n: KNode | undefined): KNode[] {
  return isSeq(n) ? n.items : [];
}

function pairs(n: KNode | undefined): Pair[] {
  if (!isMap(n)) return [];
  return n.entries.map((e) => ({ key: e.key, value: str(e.value) ?? '', keyAt: e.keyAt, valueAt: e.value.at }));
}

function isTrue(n: KNode | undefined): boolean {
  return isScalar(n) && (n.v === true || n.v === 'true');
}

function groupOf(apiVersion: string | undefined): string | undefined {
  if (apiVersion === undefined) return undefined;
  const i = apiVersion.lastIndexOf('/');
  return i === -1 ? '' : apiVersion.slice(0, i);
}

/** URLs and the `host/org/repo//path?ref=` forms kustomize fetches. */
export function isRemote(s: string): boolean {
  return s.includes('://') || s.startsWith('git@') || s.includes('?ref=') || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(s);
}

function filePlace(f: SourceFile): Place {
  return (s, e) => f.lines.location(f.path, s, e);
}

/**
 * Positions inside an inline `patch: |` block, in kustomization.yaml: a
 * literal block keeps its lines, shifted down one line and right by its
 * indentation. Quoted or folded inline patches point at the scalar's start.
 */
function inlinePlace(kf: SourceFile, node: KScalar, text: string): Place {
  const line = kf.lines.lineText(node.at.startLine);
  const indicator = line[node.at.startColumn - 1];
  if (indicator !== '|') return () => node.at;
  let indent = 0;
  for (let n = node.at.startLine + 1; n <= kf.lines.lineCount; n++) {
    const t = kf.lines.lineText(n);
    if (t.trim() === '') continue;
    indent = t.length - t.trimStart().length;
    break;
  }
  const inner = new LineIndex(text);
  return (s, e) => {
    const a = inner.position(s);
    const b = inner.position(e);
    return { path: kf.path, startLine: node.at.startLine + a.line, startColumn: a.column + indent, endLine: node.at.startLine + b.line, endColumn: b.column + indent };
  };
}
