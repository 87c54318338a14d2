/**
 * fly.toml apps and systemd services as Workloads, so runtime rules ("runs as
 * root", "no privilege-escalation guard", literal secrets) cover them too.
 */
import { parseImageRef } from './image-ref.js';
import { looksLikeSecretName, isPlaceholderValue } from './secret-names.js';
import type { Container, EnvVar, Field, Probe, SecretValue, SystemdUnit, TomlDocument, Workload } from './types.js';
import { fileStart } from './location.js';

function baseWorkload(partial: Pick<Workload, 'id' | 'platform' | 'kind' | 'name' | 'file' | 'location' | 'anchor'>): Workload {
  return {
    ...partial,
    labels: {},
    podLabels: {},
    annotations: {},
    podSecurity: { capAdd: [], capDrop: [] },
    containers: [],
    initContainers: [],
    volumes: [],
    services: [],
    pdbs: [],
    hpas: [],
  };
}

function container(w: Workload, name: string, rest: Partial<Container>): Container {
  return {
    name,
    workload: w,
    init: false,
    security: { capAdd: [], capDrop: [] },
    probes: {},
    ports: [],
    env: [],
    envFrom: [],
    volumeMounts: [],
    location: w.anchor,
    logicalPath: w.id,
    ...rest,
  };
}

export function liftFly(doc: TomlDocument, secrets: SecretValue[]): Workload {
  const v = doc.value;
  const app = typeof v['app'] === 'string' ? (v['app'] as string) : doc.file.path;
  const appLoc = doc.locate('app');
  const anchor = appLoc ? { ...appLoc.key, endLine: appLoc.value.endLine, endColumn: appLoc.value.endColumn } : fileStart(doc.file.path);
  const w = baseWorkload({ id: `fly:${app}`, platform: 'fly', kind: 'FlyApp', name: app, file: doc.file, location: anchor, anchor });
  const build = (v['build'] ?? {}) as Record<string, unknown>;
  const dir = doc.file.path.includes('/') ? doc.file.path.slice(0, doc.file.path.lastIndexOf('/')) : '';
  const imageLoc = doc.locate('build.image');
  if (typeof build['image'] !== 'string') {
    w.build = { context: dir || '.', dockerfile: typeof build['dockerfile'] === 'string' ? (build['dockerfile'] as string) : undefined, location: doc.locate('build')?.key ?? anchor };
  }
  const env: EnvVar[] = [];
  for (const [name, value] of Object.entries((v['env'] ?? {}) as Record<string, unknown>)) {
    const loc = doc.locate(`env.${name}`);
    if (typeof value !== 'string' || !loc) continue;
    env.push({ name, source: 'literal', value, location: loc.key, valueLocation: loc.value });
    if (looksLikeSecretName(name) && !isPlaceholderValue(value)) secrets.push({ name, value, origin: 'toml', location: loc.value });
  }
  const probes: Container['probes'] = {};
  const http = v['http_service'] as Record<string, unknown> | undefined;
  w.flyDeploy = flyDeploy(doc, http);
  const checks = (http?.['checks'] as Array<Record<string, unknown>> | undefined) ?? [];
  if (checks.length > 0) {
    const c = checks[0]!;
    const loc = doc.locate('http_service.checks.0') ?? doc.locate('http_service');
    const probe: Probe = { type: 'readiness', kind: 'http', path: c['path'] as string | undefined, port: http?.['internal_port'] as number | undefined, location: loc?.key ?? anchor };
    probes.readiness = probe;
  }
  w.containers.push(
    container(w, app, {
      image: typeof build['image'] === 'string' && imageLoc ? parseImageRef(build['image'] as string, imageLoc.value) : undefined,
      env,
      probes,
    }),
  );
  return w;
}

const TRUE = /^(1|yes|true|on)$/i;

export function liftSystemdService(unit: SystemdUnit, secrets: SecretValue[]): Workload | undefined {
  if (!unit.file.path.endsWith('.service')) return undefined;
  const service = unit.sections['Service'];
  const anchor = unit.sectionLocations['Service'] ?? fileStart(unit.file.path);
  const name = unit.file.path.slice(unit.file.path.lastIndexOf('/') + 1);
  const w = baseWorkload({ id: `systemd:${name}`, platform: 'systemd', kind: 'SystemdService', name, file: unit.file, location: anchor, anchor });
  const last = (k: string): Field<string> | undefined => {
    const list = service?.[k];
    return list?.[list.length - 1];
  };
  const directives: Record<string, Field<string>> = {};
  for (const [k, list] of Object.entries(service ?? {})) directives[k] = list[list.length - 1]!;
  w.directives = directives;

  const security = { capAdd: [] as Field<string>[], capDrop: [] as Field<string>[] } as Container['security'];
  const user = last('User');
  if (user) {
    if (/^\d+$/.test(user.value)) security.runAsUser = { value: Number(user.value), location: user.location };
    else if (user.value === 'root') security.runAsUser = { value: 0, location: user.location };
    else security.userName = user;
  }
  const dynamic = last('DynamicUser');
  if (dynamic && TRUE.test(dynamic.value)) security.runAsNonRoot = { value: true, location: dynamic.location };
  const nnp = last('NoNewPrivileges');
  if (nnp) security.allowPrivilegeEscalation = { value: !TRUE.test(nnp.value), location: nnp.location };
  for (const f of service?.['AmbientCapabilities'] ?? []) {
    for (const cap of f.value.split(/\s+/).filter(Boolean)) security.capAdd.push({ value: cap.replace(/^CAP_/, ''), location: f.location });
  }
  const ro = last('ProtectSystem');
  if (ro) security.readOnlyRootFilesystem = { value: /^(strict|full)$/i.test(ro.value), location: ro.location };

  const env: EnvVar[] = [];
  for (const f of service?.['Environment'] ?? []) {
    for (const [key, value] of environmentAssignments(f.value)) {
      env.push({ name: key, source: 'literal', value, location: f.location, valueLocation: f.location });
      if (looksLikeSecretName(key) && !isPlaceholderValue(value)) secrets.push({ name: key, value, origin: 'systemd-env', location: f.location });
    }
  }
  const exec = last('ExecStart');
  w.containers.push(container(w, name, { security, env, command: exec ? { value: [exec.value], location: exec.location } : undefined }));
  return w;
}

/**
 * `Environment=` assignments: whitespace-separated words, a word in double
 * quotes may hold spaces (`"A=b c" D=e`). One pass over the value; a global
 * regex with a bare-word alternative rescanned long words from every position.
 */
function environmentAssignments(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const n = value.length;
  let i = 0;
  while (i < n) {
    while (i < n && /\s/.test(value[i]!)) i++;
    if (i >= n) break;
    let word: string;
    if (value[i] === '"') {
      const close = value.indexOf('"', i + 1);
      const end = close === -1 ? n : close;
      word = value.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      while (i < n && !/\s/.test(value[i]!)) i++;
      word = value.slice(start, i);
    }
    const eq = word.indexOf('=');
    if (eq > 0) out.push([word.slice(0, eq), word.slice(eq + 1)]);
  }
  return out;
}

/** `[deploy] strategy` and `[http_service] min_machines_running`, with locations. */
function flyDeploy(doc: TomlDocument, http: Record<string, unknown> | undefined): Workload['flyDeploy'] {
  const strategy = (doc.value['deploy'] as Record<string, unknown> | undefined)?.['strategy'];
  const sLoc = doc.locate('deploy.strategy');
  const min = http?.['min_machines_running'];
  const mLoc = doc.locate('http_service.min_machines_running');
  return {
    strategy: typeof strategy === 'string' && sLoc ? { value: strategy, location: sLoc.value } : undefined,
    minMachinesRunning: typeof min === 'number' && mLoc ? { value: min, location: mLoc.value } : undefined,
  };
}
