/**
 * The probe facts the model computes for the probes rules: long-running
 * workloads, sidecars, Services and rollout strategy, probe handlers and
 * ports, preStop sleeps against the grace period, images without a shell,
 * HEALTHCHECK / compose healthcheck commands and fly checks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildHealthcheck, composeHasHealthcheck, composeHealthcheckCommand, composeProjectHasHealthcheck, composeSiblings, containerStage, dependencyCheckSegment,
  flyChecks, flyDocument, isComposeFragment, isIdleContainer, isLongRunning, neededTool, preStopSleep, probeHandler, probedContainers, resolveProbePort,
  rolloutStrategy, selectingServices, servingContainers, stageWithoutShell, terminationGrace,
} from '../src/model/probe-facts.js';
import type { Model, Workload } from '../src/model/types.js';
import { captureModel, makeRepo } from './helpers.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      terminationGracePeriodSeconds: 20
      initContainers:
        - name: migrate
          image: ghcr.io/acme/api:1
        - name: proxy
          image: envoyproxy/envoy:v1.30.0
          restartPolicy: Always
          readinessProbe: { tcpSocket: { port: 9901 } }
      containers:
        - name: api
          image: ghcr.io/acme/api:1
          ports: [{ name: http, containerPort: 8080 }]
          livenessProbe: { httpGet: { path: /healthz/, port: 8080 } }
          readinessProbe: { httpGet: { path: /healthz, port: http } }
          startupProbe: { httpGet: { path: /x, port: metrics } }
          lifecycle:
            preStop:
              exec: { command: ["/bin/sh", "-c", "sleep 25 && kill -TERM 1"] }
        - name: worker
          image: ghcr.io/acme/api:1
          lifecycle: { preStop: { sleep: { seconds: 5 } } }
---
apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: http }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: once }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: once, image: busybox:1.36 }]
---
apiVersion: v1
kind: Pod
metadata: { name: debug }
spec:
  restartPolicy: Never
  containers: [{ name: debug, image: busybox:1.36 }]
---
apiVersion: v1
kind: Pod
metadata: { name: bare }
spec:
  containers: [{ name: bare, image: busybox:1.36 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  updateStrategy: { type: OnDelete }
  template:
    spec:
      containers: [{ name: db, image: postgres:16 }]
`;

let model: Model | undefined;
async function k8s(): Promise<Model> {
  model ??= await captureModel(makeRepo({ 'k8s/all.yaml': deployment }));
  return model;
}
const wl = (m: Model, id: string): Workload => m.workloads.find((w) => w.id === id)!;

describe('model: probe facts for Kubernetes workloads', () => {
  it('long-running workloads are probed; Jobs and one-off Pods are not', async () => {
    const m = await k8s();
    assert.equal(isLongRunning(wl(m, 'Deployment/api')), true);
    assert.equal(isLongRunning(wl(m, 'StatefulSet/db')), true);
    assert.equal(isLongRunning(wl(m, 'Pod/bare')), true);
    assert.equal(isLongRunning(wl(m, 'Pod/debug')), false);
    assert.equal(isLongRunning(wl(m, 'Job/once')), false);
  });
  it('native sidecars are probed, ordinary init containers are not', async () => {
    const names = probedContainers(wl(await k8s(), 'Deployment/api')).map((c) => c.name);
    assert.deepEqual(names, ['proxy', 'api', 'worker']);
  });
  it('Services link to workloads; strategy defaults to RollingUpdate', async () => {
    const m = await k8s();
    assert.deepEqual(wl(m, 'Deployment/api').services.map((s) => s.name), ['api']);
    assert.equal(rolloutStrategy(wl(m, 'Deployment/api')), 'RollingUpdate');
    assert.equal(rolloutStrategy(wl(m, 'StatefulSet/db')), 'OnDelete');
    assert.equal(rolloutStrategy(wl(m, 'Pod/bare')), undefined);
  });
  it('resolves probe ports by number and name; compares handlers after resolving', async () => {
    const api = wl(await k8s(), 'Deployment/api').containers[0]!;
    const { liveness, readiness, startup } = api.probes;
    assert.deepEqual(resolveProbePort(liveness!, api), { kind: 'number', port: 8080, declared: true });
    assert.deepEqual(resolveProbePort(readiness!, api), { kind: 'named', name: 'http', port: 8080 });
    assert.deepEqual(resolveProbePort(startup!, api), { kind: 'named', name: 'metrics', port: undefined });
    assert.equal(probeHandler(liveness!, api), probeHandler(readiness!, api));
    assert.notEqual(probeHandler(startup!, api), probeHandler(readiness!, api));
    assert.ok(readiness!.portLocation && readiness!.portLocation.startLine === 22);
  });
  it('reads preStop sleeps (shell script, sleep action) and the grace period', async () => {
    const w = wl(await k8s(), 'Deployment/api');
    assert.equal(preStopSleep(w.containers[0]!)?.seconds, 25);
    assert.equal(preStopSleep(w.containers[1]!)?.seconds, 5);
    assert.equal(terminationGrace(w).seconds, 20);
    assert.equal(terminationGrace(wl(await k8s(), 'StatefulSet/db')).seconds, 30);
  });
});

describe('model: serving and idle containers', () => {
  it('serving containers declare ports or are the only container a Service selects; idle ones are left out', async () => {
    const m = await captureModel(
      makeRepo({
        'k8s/a.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: nginx:1.25.4 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: sleep }
spec:
  template:
    metadata: { labels: { app: sleep } }
    spec:
      containers:
        - { name: sleep, image: curlimages/curl:8.7.1, command: ["/bin/sleep", "infinity"] }
        - { name: loop, image: busybox:1.36, command: ["sh", "-c", "while true; do sleep 5; done"] }
        - { name: tail, image: busybox:1.36, args: ["tail", "-f", "/dev/null"] }
        - { name: app, image: busybox:1.36, command: ["sh", "-c", "sleep 5 && exec /app"] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
`,
        'k8s/b.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: web-alias }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }\n',
      }),
    );
    const web = wl(m, 'Deployment/web');
    assert.deepEqual(servingContainers(web).map((c) => c.name), ['web']);
    assert.deepEqual(selectingServices(web).map((s) => s.name), ['web', 'web-alias']);
    const idle = wl(m, 'Deployment/sleep').containers.map((c) => [c.name, isIdleContainer(c)]);
    assert.deepEqual(idle, [['sleep', true], ['loop', true], ['tail', true], ['app', true]].map(([n, v]) => [n, n === 'app' ? false : v]));
  });
  it('names the readiness or dependency segment of a liveness path', () => {
    assert.equal(dependencyCheckSegment('/health/ready'), 'ready');
    assert.equal(dependencyCheckSegment('/healthz/DB?x=1'), 'db');
    assert.equal(dependencyCheckSegment('/already'), undefined);
    assert.equal(dependencyCheckSegment('/healthz'), undefined);
  });
});

describe('model: images without a shell', () => {
  it('distroless and scratch final stages have no shell; debug tags and copied busybox do', async () => {
    const m = await captureModel(
      makeRepo({
        'a/Dockerfile': 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n',
        'b/Dockerfile': 'FROM scratch\nCOPY app /app\nHEALTHCHECK --interval=5s CMD /app -check\n',
        'c/Dockerfile': 'FROM gcr.io/distroless/base:debug\n',
        'd/Dockerfile': 'FROM gcr.io/distroless/base\nCOPY --from=busybox:1.36 /bin/busybox /bin/busybox\n',
        'e/Dockerfile': 'FROM debian:12\nHEALTHCHECK NONE\n',
      }),
    );
    const b = (dir: string) => m.imageBuilds.find((x) => x.file.path === `${dir}/Dockerfile`)!;
    assert.equal(stageWithoutShell(b('a').finalStage!)?.scratch, false);
    assert.equal(stageWithoutShell(b('b').finalStage!)?.scratch, true);
    assert.equal(stageWithoutShell(b('c').finalStage!), undefined);
    assert.equal(stageWithoutShell(b('d').finalStage!), undefined);
    assert.equal(stageWithoutShell(b('e').finalStage!), undefined);
    assert.deepEqual(buildHealthcheck(b('a'))?.argv, ['curl', '-f', 'http://localhost/']);
    assert.deepEqual(buildHealthcheck(b('b')), { none: false, form: 'shell', argv: ['/app -check'], location: buildHealthcheck(b('b'))!.location });
    assert.equal(buildHealthcheck(b('e'))?.none, true);
  });
  it('names the tool an exec command needs', () => {
    assert.equal(neededTool(['curl', '-f', 'x']), 'curl');
    assert.equal(neededTool(['/bin/sh', '-c', 'x']), 'sh');
    assert.equal(neededTool(['/grpc_health_probe', '-addr=:8080']), undefined);
    assert.equal(neededTool(['anything'], true), 'sh');
  });
});

describe('model: compose and fly health checks', () => {
  it('reads compose healthcheck forms, depends_on conditions and published ports; a built image HEALTHCHECK counts', async () => {
    const m = await captureModel(
      makeRepo({
        'docker-compose.yml': `services:
  api:
    build: ./api
    ports: ["8080:8080"]
    depends_on:
      db: { condition: service_healthy }
      cache:
        condition: service_started
  db:
    image: postgres:16
    healthcheck: { test: ["CMD-SHELL", "pg_isready"] }
  cache:
    image: redis:7
    healthcheck: { test: ["CMD", "redis-cli", "ping"] }
  worker:
    image: busybox:1.36
    healthcheck: { disable: true }
    depends_on: [db]
`,
        'api/Dockerfile': 'FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost:8080/\n',
      }),
    );
    const svc = (n: string) => m.workloads.find((w) => w.id === `compose:${n}`)!;
    assert.deepEqual(svc('api').dependsOn?.map((d) => [d.service, d.condition?.value]), [['db', 'service_healthy'], ['cache', 'service_started']]);
    assert.deepEqual(svc('worker').dependsOn?.map((d) => [d.service, d.condition?.value]), [['db', undefined]]);
    assert.equal(svc('api').publishedPorts?.length, 1);
    assert.ok(svc('worker').healthcheckDisabled);
    assert.equal(composeHasHealthcheck(svc('api')), true, 'from the Dockerfile it builds');
    assert.equal(containerStage(svc('api').containers[0]!)?.index, 0);
    assert.equal(composeHasHealthcheck(svc('worker')), false);
    assert.deepEqual(composeHealthcheckCommand(svc('db').containers[0]!.probes.liveness!), { viaShell: true, argv: ['pg_isready'] });
    assert.deepEqual(composeHealthcheckCommand(svc('cache').containers[0]!.probes.liveness!), { viaShell: false, argv: ['redis-cli', 'ping'] });
  });
  it('merges override files of the same directory; a fragment names neither image nor build', async () => {
    const m = await captureModel(
      makeRepo({
        'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n  api:\n    image: ghcr.io/acme/api:1\n',
        'docker-compose.override.yml': 'services:\n  db:\n    healthcheck: { test: ["CMD-SHELL", "pg_isready"] }\n  api:\n    ports: ["8080:8080"]\n    image: ghcr.io/acme/api:1\n',
        'other/docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n',
      }),
    );
    const defs = m.workloads.filter((w) => w.platform === 'compose' && w.name === 'db');
    const base = defs.find((w) => w.file.path === 'docker-compose.yml')!;
    const other = defs.find((w) => w.file.path === 'other/docker-compose.yml')!;
    assert.equal(composeSiblings(m, base).get('db')?.length, 2);
    assert.equal(composeSiblings(m, base).get('db')?.[0], base);
    assert.equal(composeHasHealthcheck(base), false);
    assert.equal(composeProjectHasHealthcheck(m, base), true);
    assert.equal(composeProjectHasHealthcheck(m, other), false);
    assert.equal(isComposeFragment(defs.find((w) => w.file.path === 'docker-compose.override.yml')!), true);
    assert.equal(isComposeFragment(base), false);
  });
  it('counts fly service checks and machine checks', async () => {
    const m = await captureModel(
      makeRepo({
        'fly.toml': 'app = "api"\n\n[http_service]\ninternal_port = 8080\n\n[[http_service.checks]]\npath = "/healthz"\n\n[[services]]\ninternal_port = 9000\n\n[[services.tcp_checks]]\ninterval = "10s"\n\n[[services]]\ninternal_port = 9001\n',
      }),
    );
    const w = m.workloads.find((x) => x.platform === 'fly')!;
    const f = flyChecks(flyDocument(m, w)!);
    assert.deepEqual(f.services.map((s) => [s.label, s.checks, s.location.startLine]), [['[http_service]', 1, 3], ['[[services]] #1', 1, 9], ['[[services]] #2', 0, 15]]);
    assert.equal(f.machineChecks, 0);
  });
});
