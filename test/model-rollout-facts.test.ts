/**
 * Rollout facts: effective replicas, rolling-update budgets, selectors with
 * expressions, targetPort resolution, quantities, and the linker's
 * Service/PDB/HPA links as the rollout rules read them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareQuantities, destinationRuleSubsets, effectiveReplicas, labelSelectorMatches, limitRangeDefaults, parseQuantity,
  podsSelected, resolveIntOrPercent, resolveTargetPort, rollingBudget, selectorMismatch, workloadsNear,
} from '../src/model/rollout-facts.js';
import { fileStart } from '../src/model/location.js';
import type { LabelSelector } from '../src/model/types.js';
import { captureModel, makeRepo } from './helpers.js';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  replicas: 3
  minReadySeconds: 10
  progressDeadlineSeconds: 300
  revisionHistoryLimit: 5
  strategy:
    rollingUpdate: { maxUnavailable: 34%, maxSurge: 10% }
  selector:
    matchLabels: { app: api }
    matchExpressions:
      - { key: tier, operator: In, values: [web] }
  template:
    metadata: { labels: { app: api, tier: web } }
    spec:
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: api } } }
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker }
spec:
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec:
      affinity:
        podAntiAffinity: {}
      containers:
        - name: worker
          image: ghcr.io/acme/worker:1.0.0
---
apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports:
    - { port: 80, targetPort: http }
    - { port: 81, targetPort: grpc }
    - { port: 82, targetPort: 9090 }
    - { port: 8080 }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: api }
spec:
  minAvailable: 2
  selector: { matchLabels: { app: api } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: worker }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: worker }
  minReplicas: 2
  maxReplicas: 6
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: { name: api }
spec:
  host: api.default.svc.cluster.local
  subsets: [{ name: v1, labels: { version: v1 } }, { name: v2 }]
---
apiVersion: v1
kind: LimitRange
metadata: { name: defaults }
spec:
  limits:
    - type: Container
      default: { memory: 512Mi }
      defaultRequest: { cpu: 100m }
`;

const sel = (matchLabels: Record<string, string>, exprs: Array<[string, string, string[]?]> = []): LabelSelector => ({
  matchLabels,
  matchExpressions: exprs.map(([key, operator, values = []]) => ({ key, operator, values, location: fileStart('x') })),
  location: fileStart('x'),
});

describe('model: rollout facts', async () => {
  const model = await captureModel(makeRepo({ 'k8s/all.yaml': MANIFEST }));
  const api = model.workloads.find((w) => w.name === 'api')!;
  const worker = model.workloads.find((w) => w.name === 'worker')!;
  const svc = model.services[0]!;

  it('lifts the rollout settings of a controller', () => {
    assert.equal(api.rollout?.minReadySeconds?.value, 10);
    assert.equal(api.rollout?.progressDeadlineSeconds?.value, 300);
    assert.equal(api.rollout?.revisionHistoryLimit?.value, 5);
    assert.equal(api.rollout?.selector?.matchExpressions[0]?.operator, 'In');
    assert.ok(api.rollout?.topologySpread);
    assert.equal(api.rollout?.podAntiAffinity, undefined);
    assert.ok(worker.rollout?.podAntiAffinity);
    assert.equal(worker.rollout?.minReadySeconds, undefined);
  });
  it('effective replicas: unset is 1, an HPA minReplicas overrides', () => {
    assert.equal(effectiveReplicas(api), 3);
    assert.equal(effectiveReplicas(worker), 2);
    assert.equal(worker.hpas[0]?.maxReplicas?.value, 6);
    worker.hpas.length = 0;
    assert.equal(effectiveReplicas(worker), 1);
  });
  it('uses the linker for Service and PDB targets', () => {
    assert.deepEqual(svc.selects.map((w) => w.name), ['api']);
    assert.equal(podsSelected(svc), 3);
    assert.deepEqual(model.pdbs[0]!.targets.map((w) => w.name), ['api']);
    assert.equal(model.pdbs[0]!.minAvailable?.value, 2);
    assert.ok(workloadsNear(model, svc.object.file));
  });
  it('resolves maxUnavailable down and maxSurge up', () => {
    assert.equal(resolveIntOrPercent('34%', 3, false), 1);
    assert.equal(resolveIntOrPercent('10%', 3, true), 1);
    assert.equal(resolveIntOrPercent('25%', 2, false), 0);
    assert.equal(resolveIntOrPercent(2, 10, false), 2);
    assert.equal(resolveIntOrPercent('2', 10, false), 2);
    assert.equal(resolveIntOrPercent('abc', 10, false), undefined);
    assert.deepEqual(rollingBudget(api), { replicas: 3, maxUnavailable: 1, maxSurge: 1, explicitUnavailable: true, explicitSurge: true });
    const b = rollingBudget(worker);
    assert.equal(b.maxUnavailable, 0);
    assert.equal(b.maxSurge, 1);
    assert.equal(b.explicitUnavailable, false);
  });
  it('matches selectors with expressions', () => {
    const labels = { app: 'api', tier: 'web' };
    assert.ok(labelSelectorMatches(api.rollout!.selector!, api.podLabels));
    assert.ok(labelSelectorMatches(sel({}, [['tier', 'In', ['web', 'db']]]), labels));
    assert.ok(!labelSelectorMatches(sel({}, [['tier', 'NotIn', ['web']]]), labels));
    assert.ok(labelSelectorMatches(sel({}, [['zone', 'NotIn', ['a']]]), labels));
    assert.ok(labelSelectorMatches(sel({}, [['app', 'Exists']]), labels));
    assert.ok(!labelSelectorMatches(sel({}, [['app', 'DoesNotExist']]), labels));
    assert.ok(!labelSelectorMatches(sel({ app: 'web' }), labels));
    assert.equal(selectorMismatch(sel({ app: 'web' }), labels), 'app=web (the template has app=api)');
    assert.equal(selectorMismatch(sel({ version: 'v1' }), labels), 'version=v1 (the template has no version label)');
    assert.equal(selectorMismatch(sel({ app: 'api' }), labels), undefined);
  });
  it('resolves named and numbered targetPorts against container ports', () => {
    const [named, unnamed, num, unset] = svc.ports;
    assert.deepEqual(resolveTargetPort(svc, named!), { kind: 'ok' });
    assert.deepEqual(resolveTargetPort(svc, unnamed!), { kind: 'missing', target: 'grpc', named: true, declared: ['http (8080)'], workloads: [api] });
    assert.equal(resolveTargetPort(svc, num!).kind, 'missing');
    assert.deepEqual(resolveTargetPort(svc, unset!), { kind: 'ok' });
  });
  it('parses and compares Kubernetes quantities', () => {
    assert.equal(parseQuantity('100m'), 0.1);
    assert.equal(parseQuantity('1.5'), 1.5);
    assert.equal(parseQuantity('512Mi'), 512 * 2 ** 20);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.equal(parseQuantity('.5'), 0.5);
    assert.equal(parseQuantity('-1'), -1);
    for (const bad of ['512mb', '1.5.0', '1 Gi', '', 'Mi', '1e', '0x10', '1GB', '1i']) assert.equal(parseQuantity(bad), undefined, bad);
    assert.equal(compareQuantities('500m', '1'), -1);
    assert.equal(compareQuantities('1Gi', '1073741824'), 0);
    assert.equal(compareQuantities('2Gi', '1G'), 1);
    assert.equal(compareQuantities('1GB', '1G'), undefined);
  });
  it('reads DestinationRule subsets and LimitRange defaults', () => {
    assert.deepEqual([...(destinationRuleSubsets(model).get('api') ?? [])], ['v1', 'v2']);
    const d = limitRangeDefaults(model, undefined);
    assert.deepEqual([...d.limits], ['memory']);
    assert.deepEqual([...d.requests].sort(), ['cpu', 'memory']);
    assert.equal(limitRangeDefaults(model, 'other').limits.size, 0);
  });
});

describe('model: progressive delivery facts', () => {
  it('reads Argo pause durations', async () => {
    const { pauseSeconds } = await import('../src/model/rollout-facts.js');
    assert.equal(pauseSeconds({}), 'indefinite');
    assert.equal(pauseSeconds(null), 'indefinite');
    assert.equal(pauseSeconds({ duration: 30 }), 30);
    assert.equal(pauseSeconds({ duration: '10m' }), 600);
    assert.equal(pauseSeconds({ duration: '0s' }), 0);
    assert.equal(pauseSeconds({ duration: '-5' }), -5);
    assert.equal(pauseSeconds({ duration: '{{args.wait}}' }), undefined);
  });
});

describe('model: deploy pipeline facts', async () => {
  const wf = `name: deploy
on: push
jobs:
  unit:
    runs-on: ubuntu-latest
    steps:
      - run: cargo nextest run
  build:
    needs: [unit]
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t api .
  deploy:
    needs: [build]
    runs-on: ubuntu-latest
    concurrency: prod
    steps:
      - run: |
          helm repo update
          helm upgrade --install --wait api ./chart -n prod
          kubectl apply --dry-run=server -f k8s/
          kubectl set image deployment/api api=x && kubectl rollout status deployment/api
      - uses: azure/k8s-deploy@v5
`;
  const model = await captureModel(makeRepo({ '.github/workflows/deploy.yml': wf }));
  const p = model.pipelines[0]!;
  const job = (id: string) => p.jobs.find((j) => j.id === id)!;
  const { jobDeployCommands, jobWaitsForRollout, runsTests, upstreamJobs } = await import('../src/model/rollout-facts.js');

  it('finds deploy commands with their flags and places them on their line', () => {
    const cmds = jobDeployCommands(p, job('deploy'));
    assert.deepEqual(cmds.map((c) => c.what), ['helm upgrade', 'kubectl set image', 'azure/k8s-deploy']);
    assert.ok(cmds[0]!.flags.has('--wait'));
    assert.equal(cmds[0]!.location.startLine, 20);
    assert.equal(cmds[0]!.location.startColumn, 11);
    assert.equal(cmds[1]!.location.startLine, 22);
    assert.deepEqual(jobDeployCommands(p, job('build')), []);
  });
  it('knows which jobs test, wait and come before', () => {
    assert.ok(runsTests(p, job('unit')));
    assert.ok(!runsTests(p, job('build')));
    assert.ok(jobWaitsForRollout(p, job('deploy')));
    assert.deepEqual(upstreamJobs(p, job('deploy')).map((j) => j.id).sort(), ['build', 'unit']);
    assert.ok(job('deploy').concurrency);
  });
});

describe('model: which copy of a workload an object means', async () => {
  const dep = (name: string, port: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name} }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.0.0\n          args: ["--metrics=:9102"]\n          ports: [{ containerPort: ${port} }]\n`;
  const svc = (ports: string, extra = '') => `apiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n${extra}  selector: { app: api }\n  ports: [${ports}]\n`;
  const model = await captureModel(makeRepo({
    'base/deploy.yaml': dep('api', '8080'),
    'base/svc.yaml': svc('{ port: 80, targetPort: 8080 }, { port: 9102 }'),
    'release/all.yaml': `${dep('api', '3000')}---\n${svc('{ port: 80, targetPort: 3000 }', '  clusterIP: None\n')}`,
    'lonely/svc.yaml': svc('{ port: 80 }'),
    'templated/svc.yaml': svc('{ port: 80 }'),
    'templated/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: {{ .Values.name }} }\n',
  }));
  const { closestWorkloads, isHeadless } = await import('../src/model/rollout-facts.js');
  const base = model.services.find((s) => s.object.file.path === 'base/svc.yaml')!;
  const release = model.services.find((s) => s.object.file.path === 'release/all.yaml')!;

  it('the linker matches every copy; closestWorkloads keeps the one deployed with the object', () => {
    assert.equal(base.selects.length, 2);
    assert.deepEqual(closestWorkloads(base.object.file, base.selects).map((w) => w.file.path), ['base/deploy.yaml']);
    assert.deepEqual(closestWorkloads(release.object.file, release.selects).map((w) => w.file.path), ['release/all.yaml']);
  });
  it('targetPorts resolve against the closest copy, flags and headless Services', () => {
    assert.deepEqual(resolveTargetPort(base, base.ports[0]!), { kind: 'ok' });
    assert.deepEqual(resolveTargetPort(base, base.ports[1]!), { kind: 'ok' }, '9102 is in the container args');
    assert.ok(isHeadless(release));
    assert.deepEqual(resolveTargetPort(release, release.ports[0]!), { kind: 'unknown' }, 'headless: numeric ports are not judged');
  });
  it('workloadsNear: workloads in the folder, and no unevaluated template there', () => {
    assert.ok(workloadsNear(model, base.object.file));
    assert.ok(!workloadsNear(model, model.services.find((s) => s.object.file.path === 'lonely/svc.yaml')!.object.file));
    assert.ok(!workloadsNear(model, model.services.find((s) => s.object.file.path === 'templated/svc.yaml')!.object.file));
  });
});

describe('model: dev-only manifests', () => {
  it('are judged from their path', async () => {
    const { isDevManifest } = await import('../src/model/rollout-facts.js');
    const f = (path: string) => ({ path }) as never;
    for (const p of ['k8s/overlays/dev/api.yaml', 'deploy/minikube/api.yaml', 'test/e2e/api.yaml', 'k8s/api.dev.yaml', 'k8s/local/x.yml']) assert.ok(isDevManifest(f(p)), p);
    for (const p of ['k8s/api.yaml', 'examples/rust-service/k8s/deployment.yaml', 'overlays/production/api.yaml', 'k8s/devices.yaml', 'kindness/api.yaml']) assert.ok(!isDevManifest(f(p)), p);
  });
});
