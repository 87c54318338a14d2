/**
 * Rollout and resource facts that several rules share: effective replica
 * counts, resolved rolling-update budgets, label-selector matching with
 * expressions, Service targetPort resolution, Kubernetes quantities and the
 * Istio DestinationRule subsets. Cross-object links (Service → workloads,
 * PDB → workloads, HPA → target) come from the linker; nothing here
 * re-derives them.
 */
import { dirname } from 'node:path';
import { stepScripts } from './pipeline-facts.js';
import type {
  Container, HorizontalPodAutoscaler, K8sService, LabelSelector, Location, Model, Pipeline, PipelineJob, PipelineStep, ProgressiveDelivery, SourceFile, Workload,
} from './types.js';

/** Controllers that keep N identical pods running and roll them: the subjects of the replica, PDB and spread rules. */
export const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'Rollout']);

export function isReplicatedController(w: Workload): boolean {
  return w.platform === 'kubernetes' && REPLICATED_KINDS.has(w.kind) && (w.kind !== 'Rollout' || (w.object?.apiVersion.startsWith('argoproj.io/') ?? false));
}

/** Long-running pod owners (what a Service's traffic reaches). */
export function isLongRunning(w: Workload): boolean {
  return w.platform === 'kubernetes' && (REPLICATED_KINDS.has(w.kind) || w.kind === 'DaemonSet' || w.kind === 'ReplicaSet' || w.kind === 'Pod');
}

/** The HPA that scales a workload (the linker's link), if any. */
export function hpaOf(w: Workload): HorizontalPodAutoscaler | undefined {
  return w.hpas[0];
}

/** `minReplicas` of an HPA: unset means 1. */
export function hpaMin(h: HorizontalPodAutoscaler): number {
  return h.minReplicas?.value ?? 1;
}

/**
 * The fewest pods the workload runs: the HPA's `minReplicas` when an HPA
 * scales it (it overrides `replicas`), else `replicas` (unset means 1).
 */
export function effectiveReplicas(w: Workload): number {
  const h = hpaOf(w);
  if (h) return hpaMin(h);
  return w.replicas?.value ?? 1;
}

/**
 * An int-or-percent (`maxUnavailable: 25%`) resolved against a replica count
 * as Kubernetes does: percentages round down, or up when `roundUp` (maxSurge).
 * Undefined when the value is neither an integer nor a percentage.
 */
export function resolveIntOrPercent(v: string | number, replicas: number, roundUp: boolean): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^\d+%$/.test(t)) return undefined;
  const scaled = (Number(t.slice(0, -1)) * replicas) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** Whether an int-or-percent is literally zero (`0`, `0%`). */
export function isZeroIntOrPercent(v: string | number | undefined): boolean {
  if (v === undefined) return false;
  return typeof v === 'number' ? v === 0 : /^0+%?$/.test(v.trim());
}

export interface RollingBudget {
  replicas: number;
  /** Pods that may be down during the update, resolved (rounded down). */
  maxUnavailable?: number;
  /** Extra pods that may be created, resolved (rounded up). */
  maxSurge?: number;
  /** Whether each value was written (else it is the 25% default). */
  explicitUnavailable: boolean;
  explicitSurge: boolean;
}

/** A rolling update's budget: `maxUnavailable` / `maxSurge` with their 25% defaults, resolved against the effective replica count. */
export function rollingBudget(w: Workload): RollingBudget {
  const replicas = effectiveReplicas(w);
  const mu = w.strategy?.maxUnavailable?.value ?? '25%';
  const ms = w.strategy?.maxSurge?.value ?? '25%';
  return {
    replicas,
    maxUnavailable: resolveIntOrPercent(mu, replicas, false),
    maxSurge: resolveIntOrPercent(ms, replicas, true),
    explicitUnavailable: w.strategy?.maxUnavailable !== undefined,
    explicitSurge: w.strategy?.maxSurge !== undefined,
  };
}

/** A label selector (matchLabels and matchExpressions In/NotIn/Exists/DoesNotExist) applied to labels; an empty selector matches everything, as in the API. */
export function labelSelectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The first selector clause the labels fail, in words, for messages; undefined when the selector matches. */
export function selectorMismatch(sel: LabelSelector, labels: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return labels[k] === undefined ? `${k}=${v} (the template has no ${k} label)` : `${k}=${v} (the template has ${k}=${labels[k]})`;
  for (const e of sel.matchExpressions) {
    if (!labelSelectorMatches({ matchLabels: {}, matchExpressions: [e], location: sel.location }, labels)) return `${e.key} ${e.operator}${e.values.length ? ` (${e.values.join(', ')})` : ''}`;
  }
  return undefined;
}

/** Every pod-template container that serves traffic (not init containers). */
function servingContainers(ws: Workload[]): Container[] {
  return ws.flatMap((w) => w.containers);
}

export type TargetPortResolution = { kind: 'ok' } | { kind: 'missing'; target: string | number; named: boolean; declared: string[]; workloads: Workload[] } | { kind: 'unknown' };

/**
 * Whether the pods a Service selects expose a port's `targetPort` (unset: the
 * `port`). A name must be declared by a container port of every selected
 * workload; a number only counts as missing when each selected workload
 * declares ports and none has it (undeclared numeric ports still receive traffic).
 */
export function resolveTargetPort(s: K8sService, port: K8sService['ports'][number], model?: Model): TargetPortResolution {
  const configMaps = (model?.k8sObjects ?? []).filter((o) => o.kind === 'ConfigMap' && dirname(o.file.path) === dirname(s.object.file.path));
  const target = port.targetPort ?? port.port;
  if (target === undefined || s.selects.length === 0) return { kind: 'unknown' };
  const numeric = typeof target === 'number' || /^\d+$/.test(String(target));
  // A headless Service's ports only name DNS SRV records; clients dial the pod IPs directly.
  if (numeric && isHeadless(s)) return { kind: 'unknown' };
  const missingIn = closestWorkloads(s.object.file, s.selects).filter((w) => {
    const ports = servingContainers([w]).flatMap((c) => c.ports);
    if (numeric) return ports.length > 0 && !ports.some((p) => p.containerPort === Number(target)) && !mentionsPort(w, String(target), configMaps);
    return !ports.some((p) => p.name === target);
  });
  if (missingIn.length === 0) return { kind: 'ok' };
  const declared = servingContainers(missingIn).flatMap((c) => c.ports.map((p) => (p.name ? `${p.name} (${p.containerPort ?? '?'})` : String(p.containerPort ?? '?'))));
  return { kind: 'missing', target, named: !numeric, declared: [...new Set(declared)], workloads: missingIn };
}

/**
 * Whether a workload's configuration names the port number: container
 * command, args or env values, or a ConfigMap in the Service's directory (servers
 * configured by flags or config files listen on ports they never declare).
 */
function mentionsPort(w: Workload, port: string, configMaps: Model['k8sObjects']): boolean {
  const has = (text: string | undefined) => text !== undefined && digitsAt(text, port);
  for (const c of w.containers) {
    if ([...(c.command?.value ?? []), ...(c.args?.value ?? [])].some(has)) return true;
    if (c.env.some((e) => has(e.value))) return true;
  }
  return configMaps.some((o) => {
    const data = o.value['data'];
    return !!data && typeof data === 'object' && Object.values(data as Record<string, unknown>).some((v) => typeof v === 'string' && has(v));
  });
}

/** `port` occurs in `text` as a whole number (not inside a longer one). */
function digitsAt(text: string, port: string): boolean {
  const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
  for (let i = text.indexOf(port); i !== -1; i = text.indexOf(port, i + 1)) {
    if (!isDigit(text[i - 1]) && !isDigit(text[i + port.length])) return true;
  }
  return false;
}

/** `clusterIP: None`. */
export function isHeadless(s: K8sService): boolean {
  const spec = s.object.value['spec'] as { clusterIP?: unknown } | undefined;
  return spec?.clusterIP === 'None';
}

/** The pods a Service selects: sum of the effective replicas of the workloads the linker matched (Argo Rollouts included). */
export function podsSelected(s: K8sService): number {
  return s.selects.reduce((n, w) => n + (w.kind === 'Pod' ? 1 : effectiveReplicas(w)), 0);
}

// ---------------------------------------------------------------- quantities

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * A Kubernetes resource quantity (`100m`, `1.5`, `512Mi`, `1e3`) as a number
 * of base units; undefined when the API would reject the text (`512mb`, `1.5.0`, `1 Gi`).
 * Negative quantities parse (the syntax allows a sign); callers decide.
 */
export function parseQuantity(text: string): number | undefined {
  const s = text;
  let i = 0;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') {
    if (s[i] === '-') sign = -1;
    i++;
  }
  const start = i;
  let digits = 0;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
    i++;
    digits++;
  }
  if (s[i] === '.') {
    i++;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
      i++;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  const mantissa = Number(s.slice(start, i));
  const suffix = s.slice(i);
  let factor: number | undefined;
  if (suffix in BINARY) factor = BINARY[suffix];
  else if (suffix in DECIMAL) factor = DECIMAL[suffix];
  else if ((suffix[0] === 'e' || suffix[0] === 'E') && /^[eE][+-]?\d+$/.test(suffix)) factor = 10 ** Number(suffix.slice(1));
  if (factor === undefined || !Number.isFinite(mantissa)) return undefined;
  return sign * mantissa * factor;
}

/** -1, 0 or 1 comparing two quantities; undefined when either does not parse. */
export function compareQuantities(a: string, b: string): number | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return undefined;
  // Relative tolerance: 1Gi vs 1073741824 are equal.
  if (Math.abs(x - y) <= Math.abs(y) * 1e-12) return 0;
  return x < y ? -1 : 1;
}

// ---------------------------------------------------------------- scan context

/**
 * Whether the scan holds the Kubernetes workloads an object could refer to:
 * some workload in the same file or directory. A Service, PDB or HPA alone in
 * a folder usually points at pods deployed from elsewhere (a chart, another
 * repository), so "selects nothing" would be a guess.
 */
export function workloadsNear(model: Model, file: SourceFile): boolean {
  const dir = dirname(file.path);
  // A templated or patch file next to it may hold the very pods it refers to.
  if (model.notEvaluated.some((n) => dirname(n.path) === dir)) return false;
  return model.workloads.some((w) => w.platform === 'kubernetes' && (w.file === file || dirname(w.file.path) === dir));
}

/**
 * Of the workloads the linker matched, those deployed together with `file`:
 * the ones in the same file, else in the same directory, else all. A
 * repository often holds several copies of one app (plain manifests, a
 * kustomize base, a release bundle); a Service should be judged against its
 * own copy, not against every look-alike.
 */
export function closestWorkloads(file: SourceFile, ws: Workload[]): Workload[] {
  const same = ws.filter((w) => w.file === file);
  if (same.length > 0) return same;
  const dir = dirname(file.path);
  const near = ws.filter((w) => dirname(w.file.path) === dir);
  return near.length > 0 ? near : ws;
}

/** Resources a LimitRange in the scan defaults for a namespace: `request` / `limit` of `cpu` / `memory`. */
export function limitRangeDefaults(model: Model, namespace: string | undefined): { requests: Set<string>; limits: Set<string> } {
  const out = { requests: new Set<string>(), limits: new Set<string>() };
  for (const o of model.k8sObjects) {
    if (o.kind !== 'LimitRange' || (o.namespace ?? 'default') !== (namespace ?? 'default')) continue;
    const limits = (o.value['spec'] as { limits?: unknown } | undefined)?.limits;
    for (const l of Array.isArray(limits) ? limits : []) {
      if (!l || typeof l !== 'object' || (l as { type?: unknown }).type !== 'Container') continue;
      const rec = l as Record<string, unknown>;
      for (const [key, set] of [['defaultRequest', out.requests], ['default', out.limits]] as const) {
        const m = rec[key];
        if (m && typeof m === 'object') for (const r of Object.keys(m)) set.add(r);
      }
      // A `default` limit also becomes the request when no defaultRequest says otherwise.
      if (rec['default'] && typeof rec['default'] === 'object') for (const r of Object.keys(rec['default'] as object)) out.requests.add(r);
    }
  }
  return out;
}

/** Istio DestinationRule subsets by short host name (`reviews` for `reviews.default.svc.cluster.local`). */
export function destinationRuleSubsets(model: Model): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const o of model.k8sObjects) {
    if (o.kind !== 'DestinationRule' || !o.apiVersion.startsWith('networking.istio.io/')) continue;
    const spec = o.value['spec'] as { host?: unknown; subsets?: unknown } | undefined;
    if (typeof spec?.host !== 'string') continue;
    const key = spec.host.split('.')[0]!;
    const set = out.get(key) ?? new Set<string>();
    for (const sub of Array.isArray(spec.subsets) ? spec.subsets : []) {
      const name = (sub as { name?: unknown } | null)?.name;
      if (typeof name === 'string') set.add(name);
    }
    out.set(key, set);
  }
  return out;
}

/** Whether an object carries a Helm hook annotation (test pods, pre-install jobs): not part of the running release. */
export function isHelmHook(w: Workload): boolean {
  return 'helm.sh/hook' in w.annotations;
}

// ---------------------------------------------------------------- progressive delivery

/** Metrics and webhooks of a Flagger Canary's `analysis` (or the older `canaryAnalysis`). */
export function flaggerAnalysisChecks(pd: ProgressiveDelivery): { metrics: number; webhooks: number } {
  const spec = pd.object.value['spec'] as Record<string, unknown> | undefined;
  const a = (spec?.['analysis'] ?? spec?.['canaryAnalysis']) as Record<string, unknown> | undefined;
  const count = (k: string) => (Array.isArray(a?.[k]) ? (a![k] as unknown[]).length : 0);
  return { metrics: count('metrics'), webhooks: count('webhooks') };
}

/**
 * An Argo Rollouts `pause` step's duration in seconds: `indefinite` for
 * `pause: {}` (waits for promotion), undefined when it cannot be read.
 */
export function pauseSeconds(value: unknown): number | 'indefinite' | undefined {
  if (value === null || value === undefined) return 'indefinite';
  if (typeof value !== 'object') return undefined;
  const d = (value as { duration?: unknown }).duration;
  if (d === undefined || d === null) return 'indefinite';
  if (typeof d === 'number') return d;
  if (typeof d !== 'string') return undefined;
  const t = d.trim();
  const unit = t.slice(-1);
  const mult = unit === 's' ? 1 : unit === 'm' ? 60 : unit === 'h' ? 3600 : undefined;
  const digits = mult === undefined ? t : t.slice(0, -1);
  if (!/^-?\d+$/.test(digits)) return undefined;
  return Number(digits) * (mult ?? 1);
}

// ---------------------------------------------------------------- deploy pipelines

/** A command in a workflow job that changes what runs in production. */
export interface DeployCommand {
  /** `kubectl apply`, `kubectl set image`, `helm upgrade`, `flyctl deploy`, an action's `owner/repo`, ... */
  what: string;
  tool: 'kubectl' | 'helm' | 'aws' | 'flyctl' | 'terraform' | 'action';
  /** Flags as written (`--atomic`, `--wait`), without values. */
  flags: Set<string>;
  step: PipelineStep;
  /** The command's program word in the workflow file (the step when it cannot be placed). */
  location: Location;
}

/** Actions whose only job is deploying. */
const DEPLOY_ACTIONS = new Set([
  'azure/k8s-deploy', 'azure/webapps-deploy', 'google-github-actions/deploy-cloudrun', 'google-github-actions/deploy-appengine',
  'aws-actions/amazon-ecs-deploy-task-definition', 'superfly/flyctl-actions', 'deliverybot/helm', 'appleboy/ssh-action',
]);

/** The words after the program, flags (and `--flag value` values we know) removed. */
function subcommand(words: string[]): { sub: string[]; flags: Set<string> } {
  const sub: string[] = [];
  const flags = new Set<string>();
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-')) {
      const eq = w.indexOf('=');
      flags.add(eq === -1 ? w : w.slice(0, eq));
      if (eq === -1 && (w === '-n' || w === '--namespace' || w === '-f' || w === '--filename' || w === '--context' || w === '-c' || w === '--config' || w === '--kubeconfig' || w === '--app' || w === '-a' || w === '--region')) i++;
      continue;
    }
    sub.push(w);
  }
  return { sub, flags };
}

function classify(words: string[]): { what: string; tool: DeployCommand['tool']; flags: Set<string> } | 'wait' | undefined {
  const prog = (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1);
  const { sub, flags } = subcommand(words);
  const dry = [...flags].some((f) => f === '--dry-run' || f === '--server-dry-run');
  if (prog === 'kubectl' || prog === 'oc') {
    if (sub[0] === 'rollout' && sub[1] === 'status') return 'wait';
    if (sub[0] === 'wait') return 'wait';
    if (dry) return undefined;
    if (sub[0] === 'apply' || (sub[0] === 'set' && sub[1] === 'image') || (sub[0] === 'rollout' && sub[1] === 'restart')) return { what: `${prog} ${sub[0] === 'apply' ? 'apply' : sub.slice(0, 2).join(' ')}`, tool: 'kubectl', flags };
    return undefined;
  }
  if (prog === 'helm' && (sub[0] === 'upgrade' || sub[0] === 'install') && !dry && !flags.has('--help')) return { what: `helm ${sub[0]}`, tool: 'helm', flags };
  if (prog === 'aws' && sub[0] === 'ecs' && sub[1] === 'update-service') return { what: 'aws ecs update-service', tool: 'aws', flags };
  if ((prog === 'flyctl' || prog === 'fly') && sub[0] === 'deploy') return { what: `${prog} deploy`, tool: 'flyctl', flags };
  if (prog === 'terraform' && sub[0] === 'apply') return { what: 'terraform apply', tool: 'terraform', flags };
  return undefined;
}

/** Deploy commands of a job: parsed `run:` scripts and deploy actions. */
export function jobDeployCommands(p: Pipeline, job: PipelineJob): DeployCommand[] {
  const out: DeployCommand[] = [];
  const commands = jobCommands(p, job);
  for (const step of job.steps) {
    if (step.uses?.type === 'action' && step.uses.owner && step.uses.repo && DEPLOY_ACTIONS.has(`${step.uses.owner}/${step.uses.repo}`.toLowerCase())) {
      out.push({ what: `${step.uses.owner}/${step.uses.repo}`, tool: 'action', flags: new Set(), step, location: step.uses.location });
    }
    for (const cmd of commands) {
      if (cmd.step !== step) continue;
      const c = classify(cmd.argv);
      if (!c || c === 'wait') continue;
      out.push({ ...c, step, location: cmd.at });
    }
  }
  return out;
}

/** Whether the job waits for a Kubernetes rollout (`kubectl rollout status`, `kubectl wait`), or deploys with a tool that waits. */
export function jobWaitsForRollout(p: Pipeline, job: PipelineJob): boolean {
  return jobCommands(p, job).some((c) => classify(c.argv) === 'wait') || job.steps.some((s) => s.uses?.owner === 'azure' && s.uses.repo === 'k8s-deploy');
}

/** The commands of a job's `run:` scripts, from the pipeline's scripts parsed once (pipeline-facts), each with its program word's place in the file. */
function jobCommands(p: Pipeline, job: PipelineJob): Array<{ step: PipelineStep; argv: string[]; at: Location }> {
  return stepScripts(p)
    .filter((s) => s.job === job && s.kind === 'run')
    .flatMap((s) => s.shell.commands.filter((c) => c.argv.length > 0).map((c) => ({ step: s.step, argv: c.argv.map((w) => w.text), at: c.argv[0]!.location })));
}

const TEST_WORDS = ['test', 'tests', 'nextest', 'pytest', 'check', 'clippy', 'lint', 'vet', 'jest', 'vitest', 'spec', 'rspec'];

/** Whether a job runs tests: its id or name says so, or a `run:` script calls a test command. */
export function runsTests(p: Pipeline, job: PipelineJob): boolean {
  const label = `${job.id} ${job.name ?? ''}`.toLowerCase();
  if (/(^|[^a-z])(test|tests|ci|check|checks|lint|verify|build-and-test)([^a-z]|$)/.test(label)) return true;
  return jobCommands(p, job).some(({ argv }) => argv.slice(0, 3).some((w) => TEST_WORDS.includes(w)) || (argv[0] === 'make' && argv.some((w) => w.startsWith('test'))));
}

/** Jobs `job` depends on, directly or through other jobs of the same workflow. */
export function upstreamJobs(p: Pipeline, job: PipelineJob): PipelineJob[] {
  const byId = new Map(p.jobs.map((j) => [j.id, j]));
  const out = new Set<PipelineJob>();
  const todo = [...job.needs];
  while (todo.length) {
    const j = byId.get(todo.pop()!);
    if (!j || out.has(j)) continue;
    out.add(j);
    todo.push(...j.needs);
  }
  return [...out];
}

const DEV_SEGMENTS = new Set(['dev', 'development', 'local', 'minikube', 'kind', 'k3d', 'e2e', 'test', 'tests', 'testdata']);

/**
 * A manifest for a developer machine or a test cluster, judged from its path
 * (`overlays/dev/`, `k8s/local/`, `deploy/minikube/`, `test/e2e/`, `*.dev.yaml`):
 * availability rules (replicas, PDBs, spread, requests) do not apply there.
 */
export function isDevManifest(file: SourceFile): boolean {
  const parts = file.path.toLowerCase().split('/');
  const name = parts.pop() ?? '';
  if (parts.some((p) => DEV_SEGMENTS.has(p))) return true;
  return name.split('.').slice(1, -1).some((p) => DEV_SEGMENTS.has(p) || p.endsWith('-dev') || p.endsWith('-local'));
}
