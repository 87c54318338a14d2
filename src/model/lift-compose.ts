/**
 * docker-compose → Workloads, one per service with one container. Compose
 * spellings are normalised to the Kubernetes-shaped security model:
 * `read_only` → readOnlyRootFilesystem, `security_opt: no-new-privileges` →
 * allowPrivilegeEscalation false, `network_mode: host` → hostNetwork, bind
 * mounts → host paths.
 */
import type { Document } from 'yaml';
import { YNode } from '../parsers/yaml.js';
import { parseImageRef } from './image-ref.js';
import { looksLikeSecretName, isPlaceholderValue } from './secret-names.js';
import type { Container, ContainerPort, EnvVar, Field, Location, Probe, SecretValue, SecurityContext, SourceFile, Volume, Workload } from './types.js';

export function isComposeDocument(doc: Document, file: SourceFile): boolean {
  const root = YNode.root(doc, file);
  const services = root?.get('services');
  if (!services?.isMap) return false;
  // A compose service has an image or a build; k8s-like docs have apiVersion.
  if (root!.has('apiVersion')) return false;
  return services.entries().some(([, s]) => s.isMap && (s.has('image') || s.has('build')));
}

export function liftCompose(doc: Document, file: SourceFile, secrets: SecretValue[]): Workload[] {
  const root = YNode.root(doc, file);
  const services = root?.get('services');
  if (!services?.isMap) return [];
  return services.entries().filter(([, s]) => s.isMap).map(([name, s]) => liftService(name, s, file, secrets));
}

function bool(n: YNode | undefined): Field<boolean> | undefined {
  const v = n?.bool();
  return n && v !== undefined ? { value: v, location: n.entryLocation } : undefined;
}

function liftService(name: string, s: YNode, file: SourceFile, secrets: SecretValue[]): Workload {
  const keyLoc = s.keyLocation ?? s.location;
  const security = securityOf(s);
  const w: Workload = {
    id: `compose:${name}`,
    platform: 'compose',
    kind: 'ComposeService',
    name,
    file,
    location: { ...keyLoc, endLine: s.location.endLine, endColumn: s.location.endColumn },
    anchor: keyLoc,
    replicas: replicas(s),
    labels: s.get('labels')?.isMap ? s.get('labels')!.stringMap() : {},
    podLabels: {},
    annotations: {},
    hostNetwork: hostMode(s.get('network_mode')),
    hostPID: hostMode(s.get('pid')),
    hostIPC: hostMode(s.get('ipc')),
    podSecurity: { capAdd: [], capDrop: [] },
    containers: [],
    initContainers: [],
    volumes: (s.get('volumes')?.items() ?? []).map(volume),
    build: build(s.get('build')),
    envFiles: envFileRefs(s.get('env_file')),
    composeDeploy: s.has('deploy') ? s.get('deploy')?.entryLocation ?? keyLoc : undefined,
    dependsOn: dependsOn(s.get('depends_on')),
    publishedPorts: (s.get('ports')?.items() ?? []).map((p) => p.location),
    healthcheckDisabled: healthcheckDisabled(s.get('healthcheck')),
    services: [],
    pdbs: [],
    hpas: [],
  };
  const imageNode = s.get('image');
  const image = imageNode?.str();
  const env = environment(s.get('environment'));
  for (const e of env) {
    if (e.source === 'literal' && e.value && looksLikeSecretName(e.name) && !isPlaceholderValue(e.value)) {
      secrets.push({ value: e.value, name: e.name, origin: 'compose-env', location: e.valueLocation ?? e.location });
    }
  }
  const container: Container = {
    name,
    workload: w,
    init: false,
    image: image && imageNode ? parseImageRef(image, imageNode.location) : undefined,
    security,
    probes: { liveness: healthcheck(s.get('healthcheck')) },
    ports: (s.get('ports')?.items() ?? []).flatMap(composePort),
    env,
    envFrom: [],
    command: s.get('command') ? { value: s.get('command')!.strings(), location: s.get('command')!.entryLocation } : undefined,
    args: undefined,
    volumeMounts: [],
    resources: composeResources(s),
    location: keyLoc,
    logicalPath: `compose:${name}`,
  };
  w.containers.push(container);
  return w;
}

function securityOf(s: YNode): SecurityContext {
  const sec: SecurityContext = { capAdd: [], capDrop: [] };
  const user = s.get('user');
  const userText = user?.str();
  if (user && userText !== undefined) {
    const [u] = userText.split(':');
    if (/^\d+$/.test(u ?? '')) sec.runAsUser = { value: Number(u), location: user.entryLocation };
    else sec.userName = { value: u ?? '', location: user.entryLocation };
  }
  sec.privileged = bool(s.get('privileged'));
  sec.readOnlyRootFilesystem = bool(s.get('read_only'));
  const caps = (k: string) => (s.get(k)?.items() ?? []).map((i) => ({ value: (i.str() ?? '').toUpperCase().replace(/^CAP_/, ''), location: i.location }));
  sec.capAdd = caps('cap_add');
  sec.capDrop = caps('cap_drop');
  for (const opt of s.get('security_opt')?.items() ?? []) {
    const t = (opt.str() ?? '').trim();
    const [key, value = 'true'] = t.split(/[:=]/, 2);
    if (key === 'no-new-privileges') sec.allowPrivilegeEscalation = { value: value !== 'true', location: opt.location };
    if (key === 'seccomp') sec.seccompProfile = { value: value === 'unconfined' ? 'Unconfined' : 'Localhost', location: opt.location };
  }
  sec.location = s.get('security_opt')?.anchor;
  return sec;
}

/** `deploy.resources` and the v2 keys (`mem_limit`, `cpus`, `mem_reservation`), Kubernetes-named (`memory`, `cpu`). */
function composeResources(s: YNode): Container['resources'] {
  const r = s.path('deploy', 'resources');
  const requests: Record<string, Field<string>> = {};
  const limits: Record<string, Field<string>> = {};
  const put = (out: Record<string, Field<string>>, key: string, n: YNode | undefined) => {
    const v = n?.str();
    if (n && v !== undefined && !out[key]) out[key] = { value: v, location: n.entryLocation };
  };
  put(limits, 'memory', r?.path('limits', 'memory'));
  put(limits, 'cpu', r?.path('limits', 'cpus'));
  put(requests, 'memory', r?.path('reservations', 'memory'));
  put(requests, 'cpu', r?.path('reservations', 'cpus'));
  put(limits, 'memory', s.get('mem_limit'));
  put(limits, 'cpu', s.get('cpus'));
  put(requests, 'memory', s.get('mem_reservation'));
  const at = r ?? s.get('mem_limit') ?? s.get('cpus') ?? s.get('mem_reservation');
  return at ? { requests, limits, location: at.anchor } : undefined;
}

function hostMode(n: YNode | undefined): Field<boolean> | undefined {
  const v = n?.str();
  return n && v !== undefined ? { value: v === 'host', location: n.entryLocation } : undefined;
}

function replicas(s: YNode): Field<number> | undefined {
  const n = s.path('deploy', 'replicas') ?? s.get('scale');
  const v = n?.num();
  return n && v !== undefined ? { value: v, location: n.entryLocation } : undefined;
}

function build(n: YNode | undefined): Workload['build'] {
  if (!n) return undefined;
  if (n.isScalar) return { context: n.str() ?? '.', location: n.entryLocation };
  return { context: n.get('context')?.str() ?? '.', dockerfile: n.get('dockerfile')?.str(), target: n.get('target')?.str(), location: n.entryLocation };
}

function volume(v: YNode): Volume {
  if (v.isScalar) {
    const text = v.str() ?? '';
    const parts = text.split(':');
    const source = parts.length > 1 ? parts[0]! : undefined;
    const target = parts.length > 1 ? parts[1] : parts[0];
    const readOnly = parts[2]?.split(',').includes('ro') ?? false;
    const isBind = source !== undefined && /^(\/|\.|~|\$)/.test(source);
    return { name: source ?? target ?? '', kind: isBind ? 'bind' : source ? 'named' : 'other', hostPath: isBind ? source : undefined, target, readOnly, location: v.location };
  }
  const type = v.get('type')?.str();
  const source = v.get('source')?.str();
  return {
    name: source ?? '',
    kind: type === 'bind' ? 'bind' : type === 'volume' ? 'named' : 'other',
    hostPath: type === 'bind' ? source : undefined,
    target: v.get('target')?.str(),
    readOnly: v.get('read_only')?.bool() ?? false,
    location: (v.get('source') ?? v).location,
  };
}

function environment(n: YNode | undefined): EnvVar[] {
  if (!n) return [];
  if (n.isMap) {
    return n.entries().map(([name, v]) => ({ name, source: 'literal' as const, value: v.str() ?? '', location: v.keyLocation ?? v.location, valueLocation: v.location }));
  }
  return n.items().map((i) => {
    const t = i.str() ?? '';
    const eq = t.indexOf('=');
    const loc = i.location;
    if (eq === -1) return { name: t, source: 'unknown' as const, location: loc };
    // Quoted items start one character before the text; the value starts after `=`.
    const start = i.node.range?.[0] ?? 0;
    const quote = /["']/.test(i.file.text[start] ?? '') ? 1 : 0;
    const valueLoc = i.file.lines.location(i.file.path, start + quote + eq + 1, start + quote + t.length);
    return { name: t.slice(0, eq), source: 'literal' as const, value: t.slice(eq + 1), location: loc, valueLocation: valueLoc };
  });
}

function healthcheck(n: YNode | undefined): Probe | undefined {
  if (!n || n.get('disable')?.bool() === true) return undefined;
  const test = n.get('test');
  const command = test?.strings() ?? [];
  if (command[0] === 'NONE') return undefined;
  const testForm = test?.isSeq ? (command[0] === 'CMD' ? 'CMD' : command[0] === 'CMD-SHELL' ? 'CMD-SHELL' : undefined) : test ? 'CMD-SHELL' : undefined;
  return { type: 'liveness', kind: 'exec', command, location: n.anchor, testForm, commandLocation: test?.entryLocation };
}

function healthcheckDisabled(n: YNode | undefined): Location | undefined {
  if (!n) return undefined;
  if (n.get('disable')?.bool() === true) return n.get('disable')!.entryLocation;
  const test = n.get('test');
  return test && test.strings()[0] === 'NONE' ? test.entryLocation : undefined;
}

/** `depends_on: [db]` (condition service_started) or `depends_on: { db: { condition: service_healthy } }`. */
function dependsOn(n: YNode | undefined): Workload['dependsOn'] {
  if (!n) return undefined;
  if (n.isSeq) return n.items().flatMap((i) => (i.str() ? [{ service: i.str()!, location: i.location }] : []));
  if (!n.isMap) return undefined;
  return n.entries().map(([service, v]) => {
    const c = v.get('condition');
    return { service, condition: c && c.str() !== undefined ? { value: c.str()!, location: c.entryLocation } : undefined, location: v.keyLocation ?? v.location };
  });
}

/** `env_file: .env`, `env_file: [a.env, b.env]` or `env_file: [{path: a.env, required: false}]`, as written (relative to the compose file). */
function envFileRefs(n: YNode | undefined): Workload['envFiles'] {
  if (!n) return undefined;
  const items = n.isSeq ? n.items() : [n];
  return items.flatMap((i) => {
    const node = i.isMap ? i.get('path') : i;
    const v = node?.str();
    return v ? [{ value: v, location: node!.location }] : [];
  });
}

/**
 * A compose `ports:` entry as the container side sees it: short syntax (`"22"`, `"2222:22"`,
 * `"127.0.0.1:5000-5010:5000-5010/udp"`, `"[::1]:6001:6001"`) or long syntax (`{target: 22, published: 2222}`).
 * The host side is left out on purpose: compose publishing is not a Kubernetes hostPort.
 */
function composePort(n: YNode): ContainerPort[] {
  if (n.isMap) {
    const target = n.get('target')?.num() ?? Number(n.get('target')?.str());
    return Number.isInteger(target) ? [{ containerPort: target, protocol: n.get('protocol')?.str() ?? 'tcp', location: n.location }] : [];
  }
  const raw = n.str() ?? (n.num() !== undefined ? String(n.num()) : undefined);
  if (!raw) return [];
  const slash = raw.lastIndexOf('/');
  const protocol = slash === -1 ? 'tcp' : raw.slice(slash + 1).toLowerCase();
  const spec = slash === -1 ? raw : raw.slice(0, slash);
  const target = spec.slice(spec.lastIndexOf(':') + 1);
  const dash = target.indexOf('-');
  const lo = Number(dash === -1 ? target : target.slice(0, dash));
  const hi = dash === -1 ? lo : Number(target.slice(dash + 1));
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || target === '') return [];
  return [{ containerPort: lo, ...(hi !== lo ? { containerPortEnd: hi } : {}), protocol, location: n.location }];
}
