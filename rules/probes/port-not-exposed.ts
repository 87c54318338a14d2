import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { probedContainers, resolveProbePort } from '../../src/model/probe-facts.js';
import type { Probe } from '../../src/model/types.js';
import { probeField, probeKey } from './_wording.js';

export default defineRule({
  id: 'probes/port-not-exposed',
  title: 'Probe targets a port the container does not declare',
  severity: 'high',
  severities: [
    { severity: 'high', when: 'the probe names a port the container does not have: it can never connect' },
    { severity: 'low', when: 'the probe uses a port number the container does not declare while it declares others: it works if the application listens there, but often means the probe was not updated with the port' },
  ],
  status: 'preview',
  description:
    'Finds httpGet, tcpSocket and grpc probes whose port names no port of the container (`port: http` without a port named `http`), or whose port number is not among the ports the container declares (when it declares any, and no other container of the pod declares it).',
  rationale:
    'A named port is resolved against the container\'s own `ports`: when the name does not exist the probe fails every time, so a liveness probe restarts the container forever and a readiness probe keeps it out of every Service. A number that is not among the declared ports may mean the probe was not updated when the application\'s port changed (reported low: it works when the application does listen there, as health listeners on a separate port often do). ' +
    'A container that declares no ports at all is not reported for a numeric port: declaring ports is optional in Kubernetes, and the probe may be right.',
  remediation: 'Point the probe at a declared port, preferably by name (`port: http`), or declare the port the application listens on in the container\'s `ports`.',
  references: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe', 'https://docs.kubelinter.io/#/generated/checks?id=liveness-port'],
  tags: ['probes', 'availability', 'correctness', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: web, containerPort: 8080 }]\n          readinessProbe:\n            httpGet: { path: /ready, port: http }\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports: [{ name: http, containerPort: 8080 }]\n          readinessProbe:\n            httpGet: { path: /ready, port: http }\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      const podPorts = new Set([...w.initContainers, ...w.containers].flatMap((c) => c.ports.map((p) => p.containerPort)));
      for (const c of probedContainers(w)) {
        for (const probe of [c.probes.liveness, c.probes.readiness, c.probes.startup] as Array<Probe | undefined>) {
          if (!probe || (probe.kind !== 'http' && probe.kind !== 'tcp' && probe.kind !== 'grpc')) continue;
          const r = resolveProbePort(probe, c);
          if (!r) continue;
          const declared = c.ports.map((p) => (p.name ? `${p.name} (${p.containerPort ?? '?'})` : String(p.containerPort ?? '?'))).join(', ');
          const effect = probe.type === 'readiness' ? 'the pod never becomes ready' : probe.type === 'startup' ? 'the startup probe never succeeds and the container is restarted' : 'the kubelet restarts the container over and over';
          let message: string | undefined;
          let severity: 'high' | 'low' = 'high';
          if (r.kind === 'named' && r.port === undefined) {
            message = `${cap(describe(c))} has a ${probeField(probe.type)} on port "${r.name}", but the container declares no port of that name (${declared ? `its ports: ${declared}` : 'it declares no ports'}): the probe cannot connect, so ${effect}.`;
          } else if (r.kind === 'number' && !r.declared && c.ports.length > 0 && !podPorts.has(r.port) && !w.hostNetwork?.value) {
            message = `${cap(describe(c))} has a ${probeField(probe.type)} on port ${r.port}, which is not among its declared ports (${declared}): if the application does not listen on ${r.port}, ${effect}; if it does, declare the port.`;
            severity = 'low';
          }
          if (!message) continue;
          report({ at: probe.portLocation ?? probe.location, message, key: probeKey(c, probe.type, '.port'), severity });
        }
      }
    }
  },
});
