/**
 * Kubernetes YAML → K8sObject, Workload, Service, PDB, HPA, Secret entities.
 * Pod specs are found generically (any object with a pod template), so Argo
 * Rollouts and other CRDs get the same container checks as Deployments.
 */
import type { Document } from 'yaml';
import { YNode, toPlain } from '../parsers/yaml.js';
import { parseImageRef } from './image-ref.js';
import { looksLikeSecretName, isNonSecretKey, isPlaceholderValue } from './secret-names.js';
import type {
  Container, ContainerPort, EnvVar, Field, HorizontalPodAutoscaler, K8sObject, K8sSecretObject, K8sService, LabelSelector, LifecycleHandler, Location,
  PodDisruptionBudget, Probe, SecretValue, SecurityContext, SourceFile, Volume, Workload,
} from './types.js';

export interface KubernetesLift {
  objects: K8sObject[];
  workloads: Workload[];
  services: K8sService[];
  pdbs: PodDisruptionBudget[];
  hpas: HorizontalPodAutoscaler[];
  secrets: K8sSecretObject[];
  secretValues: SecretValue[];
  /** Shapes the API server would reject (a `spec` list, a container without `image`): reported once each, the rest still judged. */
  problems: Array<{ file: SourceFile; location: Location; message: string }>;
}

export function emptyKubernetesLift(): KubernetesLift {
  return { objects: [], workloads: [], services: [], pdbs: [], hpas: [], secrets: [], secretValues: [], problems: [] };
}

/** Controllers whose pod template Kubernetes itself defines; any other kind counts only with a container list. */
const POD_CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'Rollout', 'DeploymentConfig']);

/** Objects in one YAML document: the document itself, or the items of a `List`. */
export function objectsOf(doc: Document, file: SourceFile, docIndex: number): K8sObject[] {
  const root = YNode.root(doc, file);
  if (!root || !root.isMap) return [];
  const kind = root.get('kind')?.str();
  if (kind && /List$/.test(kind) && root.get('items')?.isSeq) {
    return root.get('items')!.items().flatMap((item) => objectFromNode(doc, item, file, docIndex));
  }
  return objectFromNode(doc, root, file, docIndex);
}

function objectFromNode(doc: Document, node: YNode, file: SourceFile, docIndex: number): K8sObject[] {
  const apiVersion = node.get('apiVersion')?.str();
  const kindNode = node.get('kind');
  const kind = kindNode?.str();
  if (!apiVersion || !kind || !node.isMap) return [];
  const value = toPlain(doc, node.node);
  const meta = node.get('metadata');
  return [{
    apiVersion,
    kind,
    name: meta?.get('name')?.str() ?? meta?.get('generateName')?.str() ?? '(unnamed)',
    namespace: meta?.get('namespace')?.str(),
    file,
    doc,
    node: node.node,
    value: (value && typeof value === 'object' ? value : {}) as Record<string, unknown>,
    location: node.location,
    kindLocation: kindNode!.entryLocation,
    annotations: meta?.get('annotations')?.stringMap() ?? {},
    labels: meta?.get('labels')?.stringMap() ?? {},
    docIndex,
  }];
}

/** Where the pod spec lives for each kind; unknown kinds are probed for `spec.template.spec`. */
function podSpecOf(obj: YNode, kind: string): { spec: YNode; template?: YNode } | undefined {
  if (kind === 'Pod') {
    const spec = obj.get('spec');
    return spec ? { spec } : undefined;
  }
  if (kind === 'CronJob') {
    const template = obj.path('spec', 'jobTemplate', 'spec', 'template');
    const spec = template?.get('spec');
    return spec ? { spec, template } : undefined;
  }
  const template = obj.path('spec', 'template');
  const spec = template?.get('spec');
  if (!spec?.isMap) return undefined;
  // A known controller is judged even without containers (pod-level settings: hostPID, volumes); a CRD needs a container list.
  const containers = spec.get('containers');
  return POD_CONTROLLERS.has(kind) || containers?.isSeq || containers?.isMap ? { spec, template } : undefined;
}

export function liftKubernetes(objects: K8sObject[], out: KubernetesLift): void {
  for (const o of objects) {
    out.objects.push(o);
    const root = new YNode(o.doc, o.node as never, o.file);
    switch (o.kind) {
      case 'Service':
        out.services.push(liftService(o, root));
        continue;
      case 'PodDisruptionBudget':
        out.pdbs.push(liftPdb(o, root));
        continue;
      case 'HorizontalPodAutoscaler':
        out.hpas.push(liftHpa(o, root));
        continue;
      case 'Secret': {
        const s = liftSecret(o, root);
        out.secrets.push(s);
        for (const k of s.keys) {
          if (k.value && !isPlaceholderValue(k.value) && !isNonSecretKey(k.key)) out.secretValues.push({ value: k.value, name: k.key, origin: 'k8s-secret', location: k.location });
        }
        continue;
      }
    }
    const spec = root.get('spec');
    if (spec && !spec.isMap && (POD_CONTROLLERS.has(o.kind) || o.kind === 'Pod' || o.kind === 'CronJob')) {
      out.problems.push({ file: o.file, location: spec.entryLocation, message: `${o.kind} ${o.name}: \`spec\` is ${spec.isSeq ? 'a list' : 'not a map'}; the API server rejects this object. It was not checked` });
      continue;
    }
    const pod = podSpecOf(root, o.kind);
    if (pod) out.workloads.push(liftWorkload(o, root, pod.spec, pod.template, out.secretValues, out.problems));
  }
}

function stringField(n: YNode | undefined): Field<string> | undefined {
  return field(n, n?.str());
}

function field<T>(n: YNode | undefined, v: T | undefined): Field<T> | undefined {
  return n && v !== undefined ? { value: v, location: n.entryLocation } : undefined;
}

function liftWorkload(o: K8sObject, root: YNode, spec: YNode, template: YNode | undefined, secrets: SecretValue[], problems: KubernetesLift['problems'] = []): Workload {
  const id = `${o.kind}/${o.name}`;
  const strategyNode = root.path('spec', 'strategy') ?? root.path('spec', 'updateStrategy');
  let strategy: Workload['strategy'];
  if (strategyNode) {
    const typeNode = strategyNode.get('type');
    const rollingType = strategyNode.has('canary') ? 'Canary' : strategyNode.has('blueGreen') ? 'BlueGreen' : undefined;
    const rolling = strategyNode.get('rollingUpdate') ?? strategyNode.get('canary');
    const mu = rolling?.get('maxUnavailable');
    const ms = rolling?.get('maxSurge');
    strategy = {
      type: typeNode ? { value: typeNode.str() ?? '', location: typeNode.entryLocation } : { value: rollingType ?? 'RollingUpdate', location: strategyNode.anchor },
      maxUnavailable: mu ? { value: mu.num() ?? mu.str() ?? '', location: mu.entryLocation } : undefined,
      maxSurge: ms ? { value: ms.num() ?? ms.str() ?? '', location: ms.entryLocation } : undefined,
      raw: strategyNode.plain(),
    };
  }
  const replicasNode = root.path('spec', 'replicas');
  const podSecurity = securityContext(spec.get('securityContext'), undefined);
  const w: Workload = {
    id,
    platform: 'kubernetes',
    kind: o.kind,
    name: o.name,
    namespace: o.namespace,
    file: o.file,
    location: o.location,
    anchor: o.kindLocation,
    replicas: field(replicasNode, replicasNode?.num()),
    labels: o.labels,
    podLabels: template?.path('metadata', 'labels')?.stringMap() ?? (o.kind === 'Pod' ? o.labels : {}),
    selector: root.path('spec', 'selector', 'matchLabels')?.stringMap() ?? undefined,
    annotations: { ...(template?.path('metadata', 'annotations')?.stringMap() ?? {}), ...o.annotations },
    strategy,
    hostNetwork: boolField(spec.get('hostNetwork')),
    hostPID: boolField(spec.get('hostPID')),
    hostIPC: boolField(spec.get('hostIPC')),
    terminationGracePeriodSeconds: field(spec.get('terminationGracePeriodSeconds'), spec.get('terminationGracePeriodSeconds')?.num()),
    restartPolicy: field(spec.get('restartPolicy'), spec.get('restartPolicy')?.str()),
    serviceAccountName: stringField(spec.get('serviceAccountName') ?? spec.get('serviceAccount')),
    automountServiceAccountToken: boolField(spec.get('automountServiceAccountToken')),
    podSpecLocation: spec.keyLocation ?? spec.location,
    podSecurity,
    containers: [],
    initContainers: [],
    volumes: (spec.get('volumes')?.items() ?? []).map(liftVolume),
    object: o,
    services: [],
    pdbs: [],
    hpas: [],
    rollout: rolloutOf(root, spec),
  };
  for (const [key, init] of [['containers', false], ['initContainers', true]] as const) {
    const list = spec.get(key);
    // `containers:` written as a map of name → container: rejected by the API server, but each entry can still be judged.
    if (list?.isMap) problems.push({ file: o.file, location: list.entryLocation, message: `${o.kind} ${o.name}: \`${key}\` is a map; the API server expects a list of containers (\`- name: ...\`). Its entries were checked as if it were one` });
    const items: Array<[YNode, string | undefined]> = list?.isMap ? list.entries().map(([k, v]) => [v, k]) : (list?.items() ?? []).map((c) => [c, undefined]);
    items.forEach(([c, keyName], index) => {
      if (!c.isMap) return;
      const missing = [keyName === undefined && !c.get('name')?.str() ? 'name' : undefined, !c.get('image')?.str() ? 'image' : undefined].filter(Boolean);
      if (missing.length) problems.push({ file: o.file, location: c.location, message: `${o.kind} ${o.name}: ${key}[${keyName ?? index}] has no ${missing.join(' and no ')}; the API server rejects the object` });
    });
    for (const [c, keyName] of items) {
      if (!c.isMap) continue;
      const container = liftContainer(c, w, init, key, keyName);
      (init ? w.initContainers : w.containers).push(container);
      for (const e of container.env) {
        if (e.source === 'literal' && e.value && looksLikeSecretName(e.name) && !isPlaceholderValue(e.value)) {
          secrets.push({ value: e.value, name: e.name, origin: 'k8s-env', location: e.valueLocation ?? e.location });
        }
      }
    }
  }
  return w;
}

function boolField(n: YNode | undefined): Field<boolean> | undefined {
  return field(n, n?.bool());
}

function liftContainer(c: YNode, w: Workload, init: boolean, listKey: string, keyName?: string): Container {
  const name = c.get('name')?.str() ?? keyName ?? '(unnamed)';
  const imageNode = c.get('image');
  const image = imageNode?.str();
  const nameNode = c.get('name');
  const location = nameNode?.entryLocation ?? c.location;
  return {
    name,
    workload: w,
    init,
    image: image && imageNode ? parseImageRef(image, imageNode.location) : undefined,
    security: securityContext(c.get('securityContext'), w.podSecurity),
    probes: {
      liveness: probe(c.get('livenessProbe'), 'liveness'),
      readiness: probe(c.get('readinessProbe'), 'readiness'),
      startup: probe(c.get('startupProbe'), 'startup'),
    },
    ports: (c.get('ports')?.items() ?? []).map((p): ContainerPort => {
      const hp = p.get('hostPort');
      return {
        containerPort: p.get('containerPort')?.num(),
        hostPort: field(hp, hp?.num()),
        name: p.get('name')?.str(),
        protocol: p.get('protocol')?.str(),
        location: p.location,
      };
    }),
    env: (c.get('env')?.items() ?? []).map(envVar),
    envFrom: (c.get('envFrom')?.items() ?? []).flatMap((e) => {
      const s = e.get('secretRef');
      const m = e.get('configMapRef');
      const ref = s ?? m;
      const refName = ref?.get('name')?.str();
      return ref && refName ? [{ source: s ? ('secretRef' as const) : ('configMapRef' as const), name: refName, location: ref.entryLocation, ...(ref.get('optional')?.bool() === true ? { optional: true } : {}) }] : [];
    }),
    resources: resources(c.get('resources')),
    lifecycle: c.get('lifecycle')
      ? { preStop: c.path('lifecycle', 'preStop')?.entryLocation, postStart: c.path('lifecycle', 'postStart')?.entryLocation, preStopHandler: lifecycleHandler(c.path('lifecycle', 'preStop')) }
      : undefined,
    restartPolicy: field(c.get('restartPolicy'), c.get('restartPolicy')?.str()),
    command: listField(c.get('command')),
    args: listField(c.get('args')),
    volumeMounts: (c.get('volumeMounts')?.items() ?? []).map((m) => ({
      name: m.get('name')?.str() ?? '',
      mountPath: m.get('mountPath')?.str() ?? '',
      readOnly: m.get('readOnly')?.bool() ?? false,
      location: m.location,
    })),
    location,
    logicalPath: `${w.id} ${listKey}[${name}]`,
  };
}

function listField(n: YNode | undefined): Field<string[]> | undefined {
  if (!n) return undefined;
  return { value: n.strings(), location: n.entryLocation };
}

/** Container settings over pod settings; only the fields Kubernetes lets a pod set are inherited. */
function securityContext(n: YNode | undefined, pod: SecurityContext | undefined): SecurityContext {
  const caps = n?.get('capabilities');
  const seccomp = n?.path('seccompProfile', 'type');
  const own: SecurityContext = {
    runAsNonRoot: boolField(n?.get('runAsNonRoot')),
    runAsUser: field(n?.get('runAsUser'), n?.get('runAsUser')?.num()),
    runAsGroup: field(n?.get('runAsGroup'), n?.get('runAsGroup')?.num()),
    fsGroup: field(n?.get('fsGroup'), n?.get('fsGroup')?.num()),
    privileged: boolField(n?.get('privileged')),
    allowPrivilegeEscalation: boolField(n?.get('allowPrivilegeEscalation')),
    readOnlyRootFilesystem: boolField(n?.get('readOnlyRootFilesystem')),
    capAdd: (caps?.get('add')?.items() ?? []).map((i) => ({ value: (i.str() ?? '').toUpperCase(), location: i.location })),
    capDrop: (caps?.get('drop')?.items() ?? []).map((i) => ({ value: (i.str() ?? '').toUpperCase(), location: i.location })),
    seccompProfile: seccomp ? { value: seccomp.str() ?? '', location: seccomp.entryLocation } : undefined,
    location: n?.anchor,
  };
  if (!pod) return own;
  return {
    ...own,
    runAsNonRoot: own.runAsNonRoot ?? pod.runAsNonRoot,
    runAsUser: own.runAsUser ?? pod.runAsUser,
    runAsGroup: own.runAsGroup ?? pod.runAsGroup,
    fsGroup: pod.fsGroup,
    seccompProfile: own.seccompProfile ?? pod.seccompProfile,
    location: own.location ?? pod.location,
  };
}

function probe(n: YNode | undefined, type: Probe['type']): Probe | undefined {
  if (!n) return undefined;
  const http = n.get('httpGet');
  const tcp = n.get('tcpSocket');
  const exec = n.get('exec');
  const grpc = n.get('grpc');
  const num = (k: string) => field(n.get(k), n.get(k)?.num());
  const port = (x: YNode | undefined) => x?.get('port')?.num() ?? x?.get('port')?.str();
  return {
    type,
    kind: http ? 'http' : tcp ? 'tcp' : exec ? 'exec' : grpc ? 'grpc' : 'unknown',
    path: http?.get('path')?.str(),
    port: port(http ?? tcp ?? grpc),
    command: exec?.get('command')?.strings(),
    initialDelaySeconds: num('initialDelaySeconds'),
    periodSeconds: num('periodSeconds'),
    timeoutSeconds: num('timeoutSeconds'),
    failureThreshold: num('failureThreshold'),
    successThreshold: num('successThreshold'),
    location: n.anchor,
    portLocation: (http ?? tcp ?? grpc)?.get('port')?.location,
    pathLocation: http?.get('path')?.location,
    grpcService: grpc?.get('service')?.str(),
    commandLocation: exec?.get('command')?.entryLocation,
  };
}

function lifecycleHandler(n: YNode | undefined): LifecycleHandler | undefined {
  if (!n) return undefined;
  const exec = n.get('exec');
  const sleep = n.get('sleep');
  const seconds = sleep?.get('seconds');
  return {
    kind: exec ? 'exec' : sleep ? 'sleep' : n.has('httpGet') ? 'http' : n.has('tcpSocket') ? 'tcp' : 'unknown',
    command: exec ? listField(exec.get('command')) : undefined,
    sleepSeconds: field(seconds, seconds?.num()),
    location: n.anchor,
  };
}

function envVar(e: YNode): EnvVar {
  const nameNode = e.get('name');
  const name = nameNode?.str() ?? '';
  const valueNode = e.get('value');
  const from = e.get('valueFrom');
  const location = nameNode?.entryLocation ?? e.location;
  if (from) {
    const s = from.get('secretKeyRef');
    const m = from.get('configMapKeyRef');
    const ref = s ?? m;
    if (ref) {
      return {
        name,
        source: s ? 'secretRef' : 'configMapRef',
        ref: { name: ref.get('name')?.str() ?? '', key: ref.get('key')?.str(), optional: ref.get('optional')?.bool() },
        location,
        valueLocation: ref.entryLocation,
      };
    }
    return { name, source: from.has('fieldRef') ? 'fieldRef' : from.has('resourceFieldRef') ? 'resourceFieldRef' : 'unknown', location };
  }
  return { name, source: 'literal', value: valueNode?.str() ?? '', location, valueLocation: valueNode?.location };
}

function resources(n: YNode | undefined): Container['resources'] {
  if (!n) return undefined;
  const map = (k: string) => {
    const out: Record<string, Field<string>> = {};
    for (const [key, v] of n.get(k)?.entries() ?? []) out[key] = { value: v.str() ?? '', location: v.entryLocation };
    return out;
  };
  return { requests: map('requests'), limits: map('limits'), location: n.anchor };
}

function liftVolume(v: YNode): Volume {
  const name = v.get('name')?.str() ?? '';
  const hostPath = v.get('hostPath');
  if (hostPath) return { name, kind: 'hostPath', hostPath: hostPath.get('path')?.str(), location: hostPath.entryLocation };
  const secret = v.get('secret');
  if (secret) return { name, kind: 'secret', secretName: secret.get('secretName')?.str(), location: secret.entryLocation, ...(secret.get('optional')?.bool() === true ? { optional: true } : {}) };
  if (v.has('configMap')) return { name, kind: 'configMap', location: v.get('configMap')!.entryLocation };
  if (v.has('emptyDir')) return { name, kind: 'emptyDir', location: v.get('emptyDir')!.entryLocation };
  if (v.has('persistentVolumeClaim')) return { name, kind: 'pvc', location: v.get('persistentVolumeClaim')!.entryLocation };
  return { name, kind: 'other', location: v.location };
}

function labelSelector(n: YNode | undefined): LabelSelector | undefined {
  if (!n?.isMap) return undefined;
  return {
    matchLabels: n.get('matchLabels')?.stringMap() ?? {},
    matchExpressions: (n.get('matchExpressions')?.items() ?? []).map((e) => ({
      key: e.get('key')?.str() ?? '',
      operator: e.get('operator')?.str() ?? '',
      values: e.get('values')?.strings() ?? [],
      location: e.location,
    })),
    location: n.entryLocation,
  };
}

function rolloutOf(root: YNode, pod: YNode): Workload['rollout'] {
  const num = (k: string) => field(root.path('spec', k), root.path('spec', k)?.num());
  return {
    minReadySeconds: num('minReadySeconds'),
    progressDeadlineSeconds: num('progressDeadlineSeconds'),
    revisionHistoryLimit: num('revisionHistoryLimit'),
    selector: labelSelector(root.path('spec', 'selector')),
    podAntiAffinity: pod.path('affinity', 'podAntiAffinity')?.entryLocation,
    topologySpread: pod.get('topologySpreadConstraints')?.entryLocation,
  };
}

function selectorField(n: YNode | undefined): Field<Record<string, string>> | undefined {
  return n ? { value: n.stringMap(), location: n.entryLocation } : undefined;
}

function liftService(o: K8sObject, root: YNode): K8sService {
  return {
    object: o,
    name: o.name,
    namespace: o.namespace,
    selector: selectorField(root.path('spec', 'selector')),
    ports: (root.path('spec', 'ports')?.items() ?? []).map((p) => ({
      port: p.get('port')?.num(),
      targetPort: p.get('targetPort')?.num() ?? p.get('targetPort')?.str(),
      name: p.get('name')?.str(),
      location: p.location,
      targetPortLocation: p.get('targetPort')?.entryLocation,
    })),
    selects: [],
  };
}

function liftPdb(o: K8sObject, root: YNode): PodDisruptionBudget {
  const val = (k: string) => {
    const n = root.path('spec', k);
    return n ? { value: n.num() ?? n.str() ?? '', location: n.entryLocation } : undefined;
  };
  return {
    object: o,
    name: o.name,
    selector: selectorField(root.path('spec', 'selector', 'matchLabels')),
    minAvailable: val('minAvailable'),
    maxUnavailable: val('maxUnavailable'),
    labelSelector: labelSelector(root.path('spec', 'selector')),
    targets: [],
  };
}

function liftHpa(o: K8sObject, root: YNode): HorizontalPodAutoscaler {
  const ref = root.path('spec', 'scaleTargetRef');
  const min = root.path('spec', 'minReplicas');
  const max = root.path('spec', 'maxReplicas');
  return {
    object: o,
    name: o.name,
    target: ref ? { kind: ref.get('kind')?.str() ?? '', name: ref.get('name')?.str() ?? '', location: ref.entryLocation } : undefined,
    minReplicas: field(min, min?.num()),
    maxReplicas: field(max, max?.num()),
  };
}

function liftSecret(o: K8sObject, root: YNode): K8sSecretObject {
  const keys: K8sSecretObject['keys'] = [];
  for (const [key, v] of root.get('data')?.entries() ?? []) {
    const raw = v.str() ?? '';
    keys.push({ key, value: decodeBase64(raw), encoded: true, location: v.location });
  }
  for (const [key, v] of root.get('stringData')?.entries() ?? []) {
    keys.push({ key, value: v.str() ?? '', encoded: false, location: v.location });
  }
  return { object: o, name: o.name, type: root.get('type')?.str(), keys };
}

function decodeBase64(s: string): string {
  const t = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return s;
  return Buffer.from(t, 'base64').toString('utf8');
}

/** Labels in `selector` all present with equal values in `labels`. */
