/**
 * The objects Helm hands every template besides `.Values`, built as `helm
 * template` builds them: `.Release` (name "release-name", namespace
 * "default", an install at revision 1), `.Chart` (Chart.yaml with Go's field
 * names), `.Capabilities` (Helm's defaults unless configured), `.Template`
 * and `.Files` (the chart's files other than Chart.yaml, values, templates/
 * and charts/ — only those the scan read).
 */
import type { SourceFile } from '../../base/source-file.js';
import { GoStruct, type GoMap, type Value } from '../gotemplate/types.js';
import { toYaml } from '../gotemplate/funcs/helm.js';
import { isTable } from './values.js';

export interface ReleaseOptions {
  name?: string;
  namespace?: string;
}

export interface CapabilityOptions {
  /** `v1.31.0` or `1.31`. */
  kubeVersion?: string;
  /** Extra API versions `.Capabilities.APIVersions.Has` answers true for (`monitoring.coreos.com/v1`). */
  apiVersions?: readonly string[];
}

export function releaseObject(o: ReleaseOptions = {}): GoStruct {
  return new GoStruct('chartutil.ReleaseOptions', {
    Name: o.name ?? 'release-name',
    Namespace: o.namespace ?? 'default',
    Revision: 1n,
    IsUpgrade: false,
    IsInstall: true,
    Service: 'Helm',
  });
}

/** Chart.yaml keys → chart.Metadata's Go field names (`appVersion` → AppVersion). */
const METADATA_FIELDS: ReadonlyArray<[string, string]> = [
  ['name', 'Name'], ['home', 'Home'], ['sources', 'Sources'], ['version', 'Version'], ['description', 'Description'],
  ['keywords', 'Keywords'], ['maintainers', 'Maintainers'], ['icon', 'Icon'], ['apiVersion', 'APIVersion'],
  ['condition', 'Condition'], ['tags', 'Tags'], ['appVersion', 'AppVersion'], ['deprecated', 'Deprecated'],
  ['annotations', 'Annotations'], ['kubeVersion', 'KubeVersion'], ['dependencies', 'Dependencies'], ['type', 'Type'],
];

export function chartObject(meta: GoMap, name: string): GoStruct {
  const fields: Record<string, Value> = {};
  for (const [key, field] of METADATA_FIELDS) {
    const v = key === 'name' ? name : meta[key];
    // Go's zero values for fields Chart.yaml leaves out: "" for strings, false, nil for lists and maps.
    fields[field] = v === undefined ? (field === 'Deprecated' ? false : ['Sources', 'Keywords', 'Maintainers', 'Annotations', 'Dependencies'].includes(field) ? null : '') : typeof v === 'number' && key !== 'deprecated' ? String(v) : v;
  }
  return new GoStruct('*chart.Metadata', fields);
}

/** Kubernetes' built-in API group versions (what Helm's DefaultVersionSet answers without a cluster). */
const BUILTIN_API_VERSIONS = [
  'v1', 'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1', 'apps/v1',
  'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1',
  'certificates.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1', 'networking.k8s.io/v1', 'node.k8s.io/v1', 'policy/v1',
  'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1',
];

export const DEFAULT_KUBE_VERSION = 'v1.31.0';
export const HELM_VERSION = 'v3.16.0';

export function capabilitiesObject(o: CapabilityOptions = {}): GoStruct {
  const raw = o.kubeVersion ?? DEFAULT_KUBE_VERSION;
  const m = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?/.exec(raw);
  const major = m?.[1] ?? '1';
  const minor = m?.[2] ?? '31';
  const version = `v${major}.${minor}.${m?.[3] ?? '0'}`;
  const kube = new GoStruct('*chartutil.KubeVersion', { Version: version, Major: major, Minor: minor, GitVersion: version });
  const set = new Set([...BUILTIN_API_VERSIONS, ...(o.apiVersions ?? [])]);
  const has = (v: Value): Value => {
    if (typeof v !== 'string') return false;
    if (set.has(v)) return true;
    // `apps/v1/Deployment`: a kind of a known group version.
    const i = v.lastIndexOf('/');
    return i > 0 && set.has(v.slice(0, i)) && /^[A-Z]/.test(v.slice(i + 1));
  };
  const apis = new GoStruct('chartutil.VersionSet', { list: [...set].sort() }, { Has: has });
  const helm = new GoStruct('version.BuildInfo', { Version: HELM_VERSION, GitCommit: '', GitTreeState: 'clean', GoVersion: 'go1.22' });
  return new GoStruct('*chartutil.Capabilities', { KubeVersion: kube, APIVersions: apis, HelmVersion: helm });
}

export function templateObject(name: string, basePath: string): GoStruct {
  return new GoStruct('chartutil.Template', { Name: name, BasePath: basePath });
}

const MAX_GLOB = 256;

/** Helm's `.Files` (a map of relative name → bytes) with its helper methods. */
export function filesObject(files: ReadonlyMap<string, SourceFile>, read?: (name: string) => SourceFile | undefined): GoStruct {
  const names = [...files.keys()].sort();
  // A file discovery did not read (`files/app.conf`) is read on demand with the scan's checks; Glob sees only the read ones.
  const lookup = (n: string): SourceFile | undefined => files.get(n) ?? (read && !n.startsWith('templates/') && !n.startsWith('charts/') && !n.split('/').includes('..') ? read(n) : undefined);
  const text = (n: Value) => (typeof n === 'string' ? lookup(n)?.text ?? '' : '');
  const self = (subset: string[]): GoStruct => filesObject(new Map(subset.map((n) => [n, files.get(n)!])));
  return new GoStruct('chart.Files', {}, {
    Get: (n) => text(n),
    GetBytes: (n) => new TextEncoder().encode(text(n)),
    // Helm drops one trailing newline before splitting; a missing file has no lines.
    Lines: (n) => (typeof n === 'string' && lookup(n) ? text(n).replace(/\n$/, '').split('\n') : []),
    Glob: (p) => self(typeof p === 'string' && p.length <= MAX_GLOB ? names.filter((n) => globMatch(p, n)) : []),
    AsConfig: () => yamlMap(names.map((n) => [baseName(n), files.get(n)!.text])),
    AsSecrets: () => yamlMap(names.map((n) => [baseName(n), Buffer.from(files.get(n)!.text).toString('base64')])),
  }, fileEntries(names, files));
}

/** `files` is a `map[string][]byte` in Helm: `range $path, $bytes := .Files.Glob "x/*"` iterates it. */
function fileEntries(names: readonly string[], files: ReadonlyMap<string, SourceFile>): GoMap {
  const out: GoMap = Object.create(null) as GoMap;
  for (const n of names) out[n] = new TextEncoder().encode(files.get(n)!.text);
  return out;
}

const baseName = (n: string) => n.slice(n.lastIndexOf('/') + 1);

/** What Helm's AsConfig/AsSecrets print: `toYaml` of base name → content (sorted keys, Helm's YAML emitter). */
function yamlMap(entries: Array<[string, string]>): string {
  if (entries.length === 0) return '';
  const m: GoMap = {};
  for (const [k, v] of entries) m[k] = v;
  return toYaml(m);
}

/**
 * Go's `path.Match`-like glob as Helm's `.Files.Glob` uses (gobwas/glob with `/`
 * separators): `*` and `?` stay within a segment, `**` crosses them. Dynamic
 * programming over (pattern, name): O(|p|·|n|), no backtracking.
 */
export function globMatch(pattern: string, name: string): boolean {
  const p = pattern;
  let prev = new Array<boolean>(name.length + 1).fill(false);
  prev[0] = true;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    const star2 = c === '*' && p[i + 1] === '*';
    const cur = new Array<boolean>(name.length + 1).fill(false);
    if (c === '*') {
      // cur[j]: prefix of pattern through this star matches name[0..j).
      for (let j = 0; j <= name.length; j++) cur[j] = prev[j]! || (j > 0 && cur[j - 1]! && (star2 || name[j - 1] !== '/'));
      if (star2) i++;
    } else {
      for (let j = 1; j <= name.length; j++) cur[j] = prev[j - 1]! && (c === '?' ? name[j - 1] !== '/' : c === name[j - 1]);
    }
    prev = cur;
  }
  return prev[name.length]!;
}

export function valuesWithGlobal(v: GoMap): GoMap {
  if (!isTable(v.global)) v.global = {};
  return v;
}
