/**
 * `configMapGenerator` and `secretGenerator`: ConfigMaps and Secrets from
 * literals, files and env files, with `generatorOptions`, `behavior`
 * (create / merge / replace) and kustomize's content-hash name suffix.
 *
 * Every generated value keeps the line that wrote it: a literal points at
 * its value in kustomization.yaml, an env-file entry at its line in the env
 * file, a file's content at the file. A Secret keeps its values, in
 * `stringData` (kustomize writes the same values base64-encoded in `data`),
 * so the secrets rules judge a generated Secret like a committed one, at the
 * literal's line, and say the values are in plain text, as they are there.
 */
import { createHash } from 'node:crypto';
import type { Location } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import type { Res } from './resource.js';
import { get, isMap, isSeq, map, scalar, str, type KEntry, type KMap, type KNode } from './tree.js';

export interface GeneratorInput {
  /** Reads a file named relative to the kustomization (reports why not itself); `binary` for a file kustomize would take as bytes. */
  file(rel: string, at: Location): SourceFile | 'binary' | undefined;
  problem(at: Location, message: string): void;
  /** The kustomization file, for exact columns of literals. */
  kustomization: SourceFile;
}

export interface GeneratorOptions {
  labels: KEntry[];
  annotations: KEntry[];
  disableNameSuffixHash: boolean;
  immutable?: KNode;
}

export function readOptions(n: KNode | undefined): GeneratorOptions {
  const labels = get(n, 'labels');
  const annotations = get(n, 'annotations');
  const disable = get(n, 'disableNameSuffixHash');
  return {
    labels: isMap(labels) ? labels.entries : [],
    annotations: isMap(annotations) ? annotations.entries : [],
    disableNameSuffixHash: disable?.t === 'scalar' && (disable.v === true || disable.v === 'true'),
    immutable: get(n, 'immutable'),
  };
}

export interface Generated {
  res: Res;
  behavior: 'create' | 'merge' | 'replace';
  /** Input files that are now part of this resource (consumed: judged through it). */
  files: string[];
}

/** One generator entry → a ConfigMap or Secret, or undefined (with a problem) when it cannot be built. */
export function generate(kind: 'ConfigMap' | 'Secret', entry: KMap, global: GeneratorOptions, input: GeneratorInput): Generated | undefined {
  const nameNode = get(entry, 'name');
  const name = str(nameNode);
  if (!name) {
    input.problem(entry.at, `a ${kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'} entry needs a name`);
    return undefined;
  }
  const at = nameNode!.at;
  const own = readOptions(get(entry, 'options'));
  const behaviorText = str(get(entry, 'behavior')) ?? 'create';
  const behavior = behaviorText === 'merge' || behaviorText === 'replace' ? behaviorText : 'create';
  if (behaviorText !== behavior) input.problem(get(entry, 'behavior')!.at, `unknown generator behavior "${behaviorText}" (create, merge or replace)`);

  const data: KEntry[] = [];
  const files: string[] = [];
  const add = (key: string, keyAt: Location, value: string, valueAt: Location) => {
    const i = data.findIndex((d) => d.key === key);
    if (i !== -1) input.problem(keyAt, `${kind} ${name}: key "${key}" is set twice`);
    const node = scalar(value, valueAt);
    if (i !== -1) data[i] = { key, keyAt, value: node };
    else data.push({ key, keyAt, value: node });
  };

  for (const lit of items(get(entry, 'literals'))) {
    const text = str(lit);
    if (text === undefined) continue;
    const eq = text.indexOf('=');
    if (eq <= 0) {
      input.problem(lit.at, `literal "${text}" is not KEY=VALUE`);
      continue;
    }
    const spans = literalSpans(input.kustomization, lit.at, eq, text.length);
    add(text.slice(0, eq), spans.key, unquote(text.slice(eq + 1)), spans.value);
  }
  const envs = [...items(get(entry, 'envs')), ...(get(entry, 'env') ? [get(entry, 'env')!] : [])];
  for (const e of envs) {
    const rel = str(e);
    if (!rel) continue;
    const f = input.file(rel, e.at);
    if (f === 'binary' || !f) continue;
    files.push(f.path);
    for (const kv of envFileEntries(f)) add(kv.key, kv.keyAt, kv.value, kv.valueAt);
  }
  for (const fe of items(get(entry, 'files'))) {
    const spec = str(fe);
    if (!spec) continue;
    const eq = spec.indexOf('=');
    const rel = eq === -1 ? spec : spec.slice(eq + 1);
    const key = eq === -1 ? rel.slice(rel.lastIndexOf('/') + 1) : spec.slice(0, eq);
    const f = input.file(rel, fe.at);
    if (f === 'binary' || !f) continue;
    files.push(f.path);
    const whole = f.lines.location(f.path, 0, f.text.length);
    add(key, fe.at, f.text, whole);
  }

  const metadata = map(at, [{ key: 'name', keyAt: at, value: scalar(name, at) }]);
  const ns = get(entry, 'namespace');
  if (str(ns)) metadata.entries.push({ key: 'namespace', keyAt: ns!.at, value: ns! });
  const labels = [...global.labels, ...own.labels];
  const annotations = [...global.annotations, ...own.annotations];
  if (labels.length) metadata.entries.push({ key: 'labels', keyAt: labels[0]!.keyAt, value: map(labels[0]!.keyAt, dedupe(labels)) });
  if (annotations.length) metadata.entries.push({ key: 'annotations', keyAt: annotations[0]!.keyAt, value: map(annotations[0]!.keyAt, dedupe(annotations)) });

  const node = map(at, [
    { key: 'apiVersion', keyAt: at, value: scalar('v1', at) },
    { key: 'kind', keyAt: at, value: scalar(kind, at) },
    { key: 'metadata', keyAt: at, value: metadata },
  ]);
  if (kind === 'Secret') {
    const type = get(entry, 'type');
    node.entries.push({ key: 'type', keyAt: type?.at ?? at, value: str(type) ? type! : scalar('Opaque', at) });
  }
  // A generated Secret's values stay readable (`stringData`, which the API folds into `data`): they are
  // written in plain text in the repository, and the secrets rules say so. The hash is kustomize's (of the base64).
  if (data.length > 0) node.entries.push({ key: kind === 'Secret' ? 'stringData' : 'data', keyAt: at, value: map(at, data) });
  const immutable = own.immutable ?? global.immutable;
  if (immutable && immutable.t === 'scalar' && (immutable.v === true || immutable.v === 'true')) node.entries.push({ key: 'immutable', keyAt: immutable.at, value: scalar(true, immutable.at) });

  const disable = own.disableNameSuffixHash || global.disableNameSuffixHash;
  return { res: { node, names: [name], needsHash: !disable, at }, behavior, files };
}

function items(n: KNode | undefined): KNode[] {
  return isSeq(n) ? n.items : [];
}

function dedupe(entries: KEntry[]): KEntry[] {
  const byKey = new Map<string, KEntry>();
  for (const e of entries) byKey.set(e.key, e);
  return [...byKey.values()];
}

/** kustomize strips one pair of matching quotes around a literal's value. */
function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/** Where the key and the value of a `KEY=VALUE` literal are written, when the scalar sits on one line (else the whole scalar). */
function literalSpans(f: SourceFile, at: Location, eq: number, length: number): { key: Location; value: Location } {
  if (at.startLine !== at.endLine) return { key: at, value: at };
  const line = f.lines.lineText(at.startLine);
  const q = line[at.startColumn - 1];
  const start = at.startColumn + (q === '"' || q === "'" ? 1 : 0);
  if (start + length > line.length + 2) return { key: at, value: at };
  return {
    key: { ...at, startColumn: start, endColumn: start + eq },
    value: { ...at, startColumn: start + eq + 1, endColumn: start + length },
  };
}

/** `KEY=VALUE` lines of an env file (comments and blank lines skipped), each placed on its line. */
export function envFileEntries(f: SourceFile): Array<{ key: string; value: string; keyAt: Location; valueAt: Location }> {
  const out: Array<{ key: string; value: string; keyAt: Location; valueAt: Location }> = [];
  for (let n = 1; n <= f.lines.lineCount; n++) {
    const raw = f.lines.lineText(n);
    const lead = raw.length - raw.trimStart().length;
    const line = raw.slice(lead);
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    // A bare KEY takes its value from kustomize's environment; a scan never reads that, so the key is left out.
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    out.push({
      key,
      value,
      keyAt: { path: f.path, startLine: n, endLine: n, startColumn: lead + 1, endColumn: lead + 1 + eq },
      valueAt: { path: f.path, startLine: n, endLine: n, startColumn: lead + eq + 2, endColumn: lead + 2 + line.length - 1 },
    });
  }
  return out;
}

/**
 * kustomize's name suffix: sha256 of the resource's JSON encoding (kind,
 * name, data; a Secret's type; keys sorted as Go's encoding/json sorts them,
 * `<`, `>`, `&` escaped as Go escapes them), first ten hex digits with
 * 0,1,3,a,e replaced by g,h,k,m,t (so no words or look-alikes appear).
 */
export function contentHash(node: KMap): string {
  const kind = str(get(node, 'kind')) ?? '';
  const name = str(get(get(node, 'metadata'), 'name')) ?? '';
  let data = stringEntries(get(node, 'data'));
  const plain = kind === 'Secret' ? stringEntries(get(node, 'stringData')) : null;
  if (plain) data = { ...(data ?? {}), ...Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')])) };
  const m: Record<string, unknown> = { kind, name, data };
  if (kind === 'ConfigMap') {
    const bin = stringEntries(get(node, 'binaryData'));
    if (bin && Object.keys(bin).length > 0) m['binaryData'] = bin;
  } else {
    m['type'] = str(get(node, 'type')) ?? '';
  }
  return encodeHash(createHash('sha256').update(goJson(m)).digest('hex'));
}

function stringEntries(n: KNode | undefined): Record<string, string> | null {
  if (!isMap(n)) return null;
  const o: Record<string, string> = {};
  for (const e of n.entries) o[e.key] = str(e.value) ?? '';
  return o;
}

/** encoding/json of maps and strings: sorted keys, HTML-safe escapes. */
export function goJson(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${goJson(k)}:${goJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function encodeHash(hex: string): string {
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}
