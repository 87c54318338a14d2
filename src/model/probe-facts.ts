/**
 * Probe and graceful-shutdown facts, computed once for the probes rules:
 * which workloads run for good (and so are probed), whether a Service sends
 * them traffic and how they roll out, what a probe's handler is (to compare
 * liveness with readiness) and which declared port it names, how long a
 * preStop hook sleeps against the termination grace period, whether the image
 * a container runs has a shell, and the health checks of compose, fly and
 * Dockerfile `HEALTHCHECK`.
 */
import { stageLineage } from './stages.js';
import { evidencedBuild } from './image-use.js';
import type { BuildStage, Container, Field, ImageBuild, ImageRef, Location, Model, Probe, TomlDocument, Workload } from './types.js';
import { dirOf } from '../base/repo-path.js';

// ---------------------------------------------------------------- workloads

/** Kubernetes kinds whose pods run until replaced: they are probed. Jobs and CronJobs run to completion. */
const LONG_RUNNING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);

/**
 * A Kubernetes workload whose pods are meant to keep running: Deployments,
 * StatefulSets, DaemonSets, Argo Rollouts (and ReplicaSets), and bare Pods
 * whose `restartPolicy` is `Always` (the default). Jobs, CronJobs, one-off
 * Pods (`restartPolicy: Never`/`OnFailure`) and CRDs of unknown meaning are not.
 */
export function isLongRunning(w: Workload): boolean {
  if (w.platform !== 'kubernetes') return false;
  if (w.kind === 'Pod') return (w.restartPolicy?.value ?? 'Always') === 'Always';
  return LONG_RUNNING_KINDS.has(w.kind);
}

/** Init containers with `restartPolicy: Always`: native sidecars, which run beside the app containers. */
export function isSidecar(c: Container): boolean {
  return c.init && c.restartPolicy?.value === 'Always';
}

/**
 * The containers whose probes the kubelet runs: the app containers and
 * native sidecars. Ordinary init containers are never probed (Kubernetes
 * rejects probes on them).
 */
export function probedContainers(w: Workload): Container[] {
  return [...w.initContainers.filter(isSidecar), ...w.containers];
}

/**
 * Services that select the workload's pods (linked by the model), one per
 * name, those in the workload's own file first (the ones a message names).
 */
export function selectingServices(w: Workload): Workload['services'] {
  const seen = new Set<string>();
  const ordered = [...w.services.filter((s) => s.object.file === w.file), ...w.services.filter((s) => s.object.file !== w.file)];
  return ordered.filter((s) => {
    const k = `${s.namespace ?? ''}/${s.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The app containers that serve traffic: those declaring ports, or, when a
 * Service selects the pod and no container declares any, the only container.
 * Idle containers (`sleep infinity`) are left out.
 */
export function servingContainers(w: Workload): Container[] {
  const active = w.containers.filter((c) => !isIdleContainer(c));
  const withPorts = active.filter((c) => c.ports.length > 0);
  if (withPorts.length > 0) return withPorts;
  return w.services.length > 0 && w.containers.length === 1 ? active : [];
}

/**
 * A container that only idles (`sleep infinity`, `tail -f /dev/null`, a
 * shell loop of sleeps): a client or toolbox pod kept alive for `kubectl
 * exec`. Probing it checks nothing.
 */
export function isIdleContainer(c: Container): boolean {
  const argv = [...(c.command?.value ?? []), ...(c.args?.value ?? [])];
  if (argv.length === 0) return false;
  const prog = basename(argv[0]);
  if (prog === 'sleep') return true;
  if (prog === 'tail' && argv.includes('/dev/null')) return true;
  if (isShell(argv[0])) {
    const c = argv.indexOf('-c');
    const script = (c === -1 ? argv.slice(1) : argv.slice(c + 1)).join(' ');
    // Every command of the script sleeps (loop keywords aside): `sleep 3600`, `while true; do sleep 30; done`.
    let commands = 0;
    for (const words of scriptCommands(script)) {
      const rest = words.filter((w) => !LOOP_WORDS.has(w));
      if (rest.length === 0) continue;
      commands++;
      if (rest[0] !== 'sleep' && !(rest[0] === 'tail' && rest.includes('/dev/null'))) return false;
    }
    return commands > 0;
  }
  return false;
}

const LOOP_WORDS = new Set(['while', 'true', 'do', 'done', ':', 'exec']);

/** Words of each simple command of a script, split at `;`, `&`, `|` and newlines (quotes dropped). */
function scriptCommands(script: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let cur = '';
  const endWord = () => {
    if (cur) words.push(cur);
    cur = '';
  };
  for (const ch of script) {
    if (ch === ';' || ch === '&' || ch === '|' || ch === '\n') {
      endWord();
      if (words.length) out.push(words);
      words = [];
    } else if (ch === ' ' || ch === '\t') endWord();
    else if (ch !== '"' && ch !== "'") cur += ch;
  }
  endWord();
  if (words.length) out.push(words);
  return out;
}

export type RolloutStrategy = 'RollingUpdate' | 'Recreate' | 'OnDelete' | 'Canary' | 'BlueGreen' | 'other';

/**
 * How new pods replace old ones: the strategy as written, else the kind's
 * default (RollingUpdate for Deployments, StatefulSets, DaemonSets; canary
 * for a Rollout). Bare Pods and other kinds have none.
 */
export function rolloutStrategy(w: Workload): RolloutStrategy | undefined {
  if (w.platform !== 'kubernetes') return undefined;
  const written = w.strategy?.type.value;
  if (written) {
    const known: RolloutStrategy[] = ['RollingUpdate', 'Recreate', 'OnDelete', 'Canary', 'BlueGreen'];
    return known.find((k) => k.toLowerCase() === written.toLowerCase()) ?? 'other';
  }
  if (w.kind === 'Deployment' || w.kind === 'StatefulSet' || w.kind === 'DaemonSet' || w.kind === 'DeploymentConfig') return 'RollingUpdate';
  if (w.kind === 'Rollout') return 'Canary';
  return undefined;
}

/** Pods are replaced while old ones still serve (rolling, canary, blue-green): readiness decides when traffic moves. */
export function rollsGradually(w: Workload): boolean {
  const s = rolloutStrategy(w);
  return s === 'RollingUpdate' || s === 'Canary' || s === 'BlueGreen';
}

// ---------------------------------------------------------------- probe handlers

export type ResolvedPort =
  /** A number: `declared` when the container lists it in `ports`. */
  | { kind: 'number'; port: number; declared: boolean }
  /** A name: `port` is the containerPort it names, undefined when no port of the container has that name. */
  | { kind: 'named'; name: string; port?: number };

/** The port an httpGet / tcpSocket / grpc probe connects to, against the container's declared ports. */
export function resolveProbePort(probe: Pick<Probe, 'port'>, c: Container): ResolvedPort | undefined {
  const p = probe.port;
  if (p === undefined || p === '') return undefined;
  if (typeof p === 'number' || isDigits(p)) {
    const port = Number(p);
    return { kind: 'number', port, declared: c.ports.some((d) => d.containerPort === port) };
  }
  const named = c.ports.find((d) => d.name === p);
  return { kind: 'named', name: p, port: named?.containerPort };
}

/**
 * The probe's handler as one comparable string: `http <path> <port>`,
 * `tcp <port>`, `grpc <port>`, `exec <argv>`. Named ports are resolved to
 * their number, so `port: http` and `port: 8080` compare equal; a missing
 * httpGet path is `/`, as the kubelet requests it.
 */
export function probeHandler(probe: Probe, c: Container): string | undefined {
  if (probe.kind === 'unknown') return undefined;
  if (probe.kind === 'exec') return probe.command && probe.command.length > 0 ? `exec ${probe.command.join('\u0000')}` : undefined;
  const r = resolveProbePort(probe, c);
  const port = r === undefined ? '' : r.kind === 'number' ? String(r.port) : r.port !== undefined ? String(r.port) : r.name;
  if (probe.kind === 'http') return `http ${normalPath(probe.path)} ${port}`;
  if (probe.kind === 'grpc') return `grpc ${port} ${probe.grpcService ?? ''}`;
  return `${probe.kind} ${port}`;
}

function normalPath(path: string | undefined): string {
  const p = (path ?? '/').trim() || '/';
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (const ch of s) if (ch < '0' || ch > '9') return false;
  return true;
}

/** The value of a probe timing field or the Kubernetes default. */
export function probeTiming(probe: Probe): { initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number; failureThreshold: number } {
  return {
    initialDelaySeconds: probe.initialDelaySeconds?.value ?? 0,
    periodSeconds: probe.periodSeconds?.value ?? 10,
    timeoutSeconds: probe.timeoutSeconds?.value ?? 1,
    failureThreshold: probe.failureThreshold?.value ?? 3,
  };
}

// ---------------------------------------------------------------- shutdown

/** The pod's `terminationGracePeriodSeconds`, else the Kubernetes default of 30 s. */
export function terminationGrace(w: Workload): { seconds: number; field?: Field<number> } {
  const f = w.terminationGracePeriodSeconds;
  return f ? { seconds: f.value, field: f } : { seconds: 30 };
}

/**
 * How long the container's preStop hook sleeps before the kubelet sends
 * SIGTERM: the `sleep` action, exec `sleep N` (or `/bin/sleep N`), or a shell
 * (`sh -c "sleep N && …"`) whose first command is `sleep N`. Undefined when
 * there is no preStop or its delay cannot be read.
 */
export function preStopSleep(c: Container): { seconds: number; location: Location } | undefined {
  const h = c.lifecycle?.preStopHandler;
  if (!h) return undefined;
  if (h.kind === 'sleep') return h.sleepSeconds ? { seconds: h.sleepSeconds.value, location: h.sleepSeconds.location } : undefined;
  if (h.kind !== 'exec' || !h.command) return undefined;
  const argv = h.command.value;
  const seconds = sleepSeconds(argv) ?? (isShell(argv[0]) ? shellScriptSleep(argv) : undefined);
  return seconds === undefined ? undefined : { seconds, location: h.command.location };
}

/** True when the container has a preStop hook of any kind (it delays SIGTERM or drains the app). */
export function hasPreStop(c: Container): boolean {
  return c.lifecycle?.preStop !== undefined;
}

function basename(p: string | undefined): string {
  if (!p) return '';
  const i = p.lastIndexOf('/');
  return i === -1 ? p : p.slice(i + 1);
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

function isShell(p: string | undefined): boolean {
  return SHELLS.has(basename(p));
}

/** `["sleep", "15"]`, `["/bin/sleep", "5s"]`. */
function sleepSeconds(argv: readonly string[]): number | undefined {
  if (basename(argv[0]) !== 'sleep' || argv.length !== 2) return undefined;
  return durationSeconds(argv[1]!);
}

function durationSeconds(t: string): number | undefined {
  let s = t.trim();
  if (s.endsWith('s')) s = s.slice(0, -1);
  if (!s || !/^\d+(?:\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** `sh -c "sleep 10; nginx -s quit"`: the script's first command when it is `sleep N`. */
function shellScriptSleep(argv: readonly string[]): number | undefined {
  const c = argv.indexOf('-c');
  const script = c === -1 ? undefined : argv[c + 1];
  if (!script) return undefined;
  const words = firstCommandWords(script);
  return sleepSeconds(words);
}

/** Words of a script's first simple command (up to `;`, `&`, `|` or a newline). */
function firstCommandWords(script: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const ch of script) {
    if (ch === ';' || ch === '&' || ch === '|' || ch === '\n') break;
    if (ch === ' ' || ch === '\t') {
      if (cur) words.push(cur);
      cur = '';
    } else if (ch !== '"' && ch !== "'") cur += ch;
  }
  if (cur) words.push(cur);
  return words;
}

// ---------------------------------------------------------------- images without a shell

/**
 * Why a stage's image has no shell: it is built `FROM scratch`, a distroless
 * image (not a `:debug` tag), or a Chainguard `static` image, and nothing in
 * its lineage copies a shell (busybox, `/bin/sh`) into it. Undefined when
 * the image has a shell or we cannot tell.
 */
export function stageWithoutShell(stage: BuildStage): { base: ImageRef | undefined; scratch: boolean; at: Location } | undefined {
  const lineage = stageLineage(stage);
  const root = lineage[0]!;
  const base = root.base;
  if (!base) return undefined;
  const shellless = base.scratch || isShellessImage(base);
  if (!shellless || !base.resolved) return undefined;
  for (const s of lineage) {
    for (const cp of s.copies) {
      const texts = [...cp.sources.map((w) => w.text), cp.destination?.text ?? '', cp.from?.value ?? ''];
      if (texts.some((t) => t.includes('busybox') || basename(t) === 'sh' || t.endsWith('/bin') || t.endsWith('/bin/'))) return undefined;
    }
  }
  return { base: base.scratch ? undefined : base, scratch: base.scratch, at: root.from.location };
}

/** An image reference known to have no shell (distroless, Chainguard static), judged from its name alone. */
export function imageWithoutShell(ref: ImageRef): boolean {
  return ref.resolved && !ref.scratch && isShellessImage(ref);
}

function isShellessImage(ref: ImageRef): boolean {
  const repo = ref.repository.toLowerCase();
  const tag = (ref.tag ?? '').toLowerCase();
  if (tag.includes('debug')) return false;
  const segments = repo.split('/');
  if (ref.registry === 'gcr.io' || ref.registry?.endsWith('.gcr.io') || ref.registry === 'mcr.microsoft.com') {
    if (segments.includes('distroless')) return true;
  }
  if (segments.some((s) => s === 'distroless' || s.startsWith('distroless-'))) return true;
  if (ref.registry === 'cgr.dev' && segments[segments.length - 1] === 'static') return true;
  return false;
}

/** The stage a container runs when its image is built in this repository (set by the linker). */
export function containerStage(c: Container): BuildStage | undefined {
  return c.imageStage ?? c.imageBuild?.finalStage;
}

/**
 * The stage a container runs when the link to its Dockerfile rests on evidence (compose `build:`,
 * a build tagging its image, skaffold), for facts that clear a finding: a folder name that
 * happens to match the image name must not.
 */
export function evidencedContainerStage(c: Container): BuildStage | undefined {
  return evidencedBuild(c) ? containerStage(c) : undefined;
}

/** Programs a probe or healthcheck command needs that a shell-less image lacks. */
const TOOLS = new Set(['curl', 'wget', 'nc', 'netcat', 'ncat', 'pgrep', 'ps', 'cat', 'test', 'ls', 'grep', 'pidof']);

/**
 * The shell or tool an exec probe (argv) needs that only a full image has:
 * `sh` for shell scripts, `curl` for `["curl", "-f", …]`. Undefined when it
 * runs a program of its own (`/app/healthcheck`, `grpc_health_probe`).
 */
export function neededTool(argv: readonly string[], viaShell = false): string | undefined {
  if (viaShell) return 'sh';
  const prog = basename(argv[0]);
  if (SHELLS.has(prog)) return prog;
  if (TOOLS.has(prog)) return prog;
  return undefined;
}

/** A tool the image's own files may provide: a COPY into the lineage whose destination or source names it. */
export function stageCopiesTool(stage: BuildStage, tool: string): boolean {
  for (const s of stageLineage(stage)) {
    for (const cp of s.copies) {
      for (const t of [...cp.sources.map((w) => w.text), cp.destination?.text ?? '']) if (basename(t) === tool || t.includes(`/${tool}`)) return true;
    }
  }
  return false;
}

/** Path segments of a liveness path that name a readiness or deep check. */
const DEPENDENCY_SEGMENTS = new Set(['ready', 'readyz', 'readiness', 'deep', 'db', 'database', 'dependencies', 'deps']);

/** The segment of an HTTP probe path that makes it a readiness or dependency check (`/health/ready` → `ready`), if any. */
export function dependencyCheckSegment(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const q = path.indexOf('?');
  const bare = (q === -1 ? path : path.slice(0, q)).toLowerCase();
  return bare.split('/').find((s) => DEPENDENCY_SEGMENTS.has(s));
}

// ---------------------------------------------------------------- Dockerfile HEALTHCHECK and compose healthcheck

export interface DockerHealthcheck {
  /** `HEALTHCHECK NONE` turns an inherited check off. */
  none: boolean;
  form: 'shell' | 'exec';
  /** Exec form: the argv; shell form: one element, the script. */
  argv: string[];
  location: Location;
}

/** The HEALTHCHECK in force for a stage: its own, else the nearest stage it is built on. */
export function stageHealthcheck(stage: BuildStage): DockerHealthcheck | undefined {
  const lineage = stageLineage(stage).reverse();
  const s = lineage.find((x) => x.healthcheck);
  return s?.healthcheck ? parseHealthcheck(s.healthcheck.argsText, s.healthcheck.location) : undefined;
}

function parseHealthcheck(args: string, location: Location): DockerHealthcheck {
  let rest = args.trim();
  // Options come first: --interval=30s --timeout=3s ...
  while (rest.startsWith('--')) {
    const sp = firstSpace(rest);
    rest = sp === -1 ? '' : rest.slice(sp).trim();
  }
  if (rest.toUpperCase() === 'NONE') return { none: true, form: 'exec', argv: [], location };
  if (rest.slice(0, 3).toUpperCase() === 'CMD') rest = rest.slice(3).trim();
  if (rest.startsWith('[')) {
    try {
      const v = JSON.parse(rest) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { none: false, form: 'exec', argv: v as string[], location };
    } catch {
      // Not JSON: Docker runs it as a shell command.
    }
  }
  return { none: false, form: 'shell', argv: [rest], location };
}

function firstSpace(s: string): number {
  for (let i = 0; i < s.length; i++) if (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') return i;
  return -1;
}

/** A compose healthcheck's command: `CMD` argv (exec), or `CMD-SHELL` / a string (run by `/bin/sh -c`). */
export function composeHealthcheckCommand(probe: Probe): { viaShell: boolean; argv: string[] } | undefined {
  const cmd = probe.command ?? [];
  if (probe.testForm === 'CMD') return { viaShell: false, argv: cmd.slice(1) };
  if (probe.testForm === 'CMD-SHELL') return { viaShell: true, argv: cmd[0] === 'CMD-SHELL' ? cmd.slice(1) : cmd };
  return undefined;
}

/** A compose service's health check: its own `healthcheck`, else the HEALTHCHECK of the image it builds in this repository. */
export function composeHasHealthcheck(w: Workload): boolean {
  const c = w.containers[0];
  if (!c) return false;
  if (c.probes.liveness) return true;
  if (w.healthcheckDisabled) return false;
  const stage = evidencedContainerStage(c);
  const hc = stage && stageHealthcheck(stage);
  return hc !== undefined && !hc.none;
}

/** A Dockerfile whose image runs somewhere (linked by the model): the final stage's HEALTHCHECK, if any. */
export function buildHealthcheck(b: ImageBuild): DockerHealthcheck | undefined {
  return b.finalStage ? stageHealthcheck(b.finalStage) : undefined;
}

/**
 * A compose service that names neither `image` nor `build`: a fragment of an
 * override file (`docker-compose.override.yml` adding ports), merged by
 * compose into the service of the same name in another file.
 */
export function isComposeFragment(w: Workload): boolean {
  return w.platform === 'compose' && !w.build && !w.containers[0]?.image;
}


/**
 * The services of the compose project a service is in, by name: its own
 * file's, and those of the other compose files in the same directory (the
 * override files compose merges), each name mapped to every definition.
 */
export function composeSiblings(model: Model, w: Workload): Map<string, Workload[]> {
  const out = new Map<string, Workload[]>();
  const dir = dirOf(w.file.path);
  for (const o of model.workloads) {
    if (o.platform !== 'compose' || dirOf(o.file.path) !== dir) continue;
    const list = out.get(o.name) ?? [];
    if (o.file === w.file) list.unshift(o);
    else list.push(o);
    out.set(o.name, list);
  }
  return out;
}

/** A service with a healthcheck in any of its merged definitions (see composeSiblings). */
export function composeProjectHasHealthcheck(model: Model, w: Workload): boolean {
  return (composeSiblings(model, w).get(w.name) ?? [w]).some(composeHasHealthcheck);
}

// ---------------------------------------------------------------- fly.toml

export interface FlyServiceChecks {
  /** `http_service` or `services[0]`. */
  label: string;
  location: Location;
  checks: number;
}

/**
 * The services a fly.toml routes traffic to (`[http_service]`, `[[services]]`)
 * and how many health checks each declares (`http_service.checks`,
 * `services.http_checks` / `tcp_checks`); `machineChecks` counts top-level
 * `[checks]`, which gate deploys but not routing.
 */
export function flyChecks(doc: TomlDocument): { services: FlyServiceChecks[]; machineChecks: number } {
  const v = doc.value;
  const out: FlyServiceChecks[] = [];
  const count = (x: unknown) => (Array.isArray(x) ? x.length : x && typeof x === 'object' ? 1 : 0);
  const http = v['http_service'];
  if (http && typeof http === 'object' && !Array.isArray(http)) {
    const loc = doc.locate('http_service');
    if (loc) out.push({ label: '[http_service]', location: loc.key, checks: count((http as Record<string, unknown>)['checks']) });
  }
  const services = v['services'];
  if (Array.isArray(services)) {
    services.forEach((s, i) => {
      if (!s || typeof s !== 'object') return;
      const r = s as Record<string, unknown>;
      const loc = doc.locate(`services.${i}`) ?? doc.locate('services');
      if (loc) out.push({ label: `[[services]] #${i + 1}`, location: loc.key, checks: count(r['http_checks']) + count(r['tcp_checks']) + count(r['script_checks']) });
    });
  }
  const machine = v['checks'];
  const machineChecks = machine && typeof machine === 'object' && !Array.isArray(machine) ? Object.keys(machine).length : 0;
  return { services: out, machineChecks };
}

/** The fly.toml document a fly workload was lifted from. */
export function flyDocument(model: Model, w: Workload): TomlDocument | undefined {
  return w.platform === 'fly' ? model.toml.find((d) => d.file === w.file) : undefined;
}
