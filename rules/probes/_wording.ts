/** Wording shared by the probes rules: probe field names and fingerprint keys. */
import type { Container, Probe } from '../../src/model/types.js';

/** `livenessProbe`, `readinessProbe`, `startupProbe`. */
export function probeField(type: Probe['type']): string {
  return `${type}Probe`;
}

/** Fingerprint key of a probe: `Deployment/api containers[web].livenessProbe`. */
export function probeKey(c: Container, type: Probe['type'], suffix = ''): string {
  return `${c.logicalPath}.${probeField(type)}${suffix}`;
}

/** `httpGet /healthz on port 8080`, for messages. */
export function describeHandler(p: Probe): string {
  if (p.kind === 'http') return `httpGet ${p.path ?? '/'} on port ${p.port ?? '?'}`;
  if (p.kind === 'tcp') return `tcpSocket on port ${p.port ?? '?'}`;
  if (p.kind === 'grpc') return `grpc on port ${p.port ?? '?'}`;
  if (p.kind === 'exec') return `exec ${JSON.stringify(p.command ?? [])}`;
  return 'an unknown handler';
}
