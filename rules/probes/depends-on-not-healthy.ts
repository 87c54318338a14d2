import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { composeProjectHasHealthcheck, composeSiblings } from '../../src/model/probe-facts.js';

export default defineRule({
  id: 'probes/depends-on-not-healthy',
  title: 'compose depends_on does not wait for the dependency to be healthy',
  severity: 'medium',
  status: 'preview',
  description:
    'Finds compose `depends_on` entries without `condition: service_healthy` (the short form and `service_started` wait only for the container to start), and `service_healthy` on a service that declares no healthcheck (neither its own nor a HEALTHCHECK in the Dockerfile it builds here).',
  rationale:
    'A started container is not a ready one: a database takes seconds to accept connections, so the dependent service starts, fails to connect, and crashes or serves errors until it is restarted. `condition: service_healthy` waits for the dependency\'s healthcheck; on a service without one, compose refuses to start the dependent ("has no healthcheck configured") unless the image brings its own HEALTHCHECK. `service_completed_successfully` (one-shot jobs such as migrations) is not reported.',
  remediation: 'Give the dependency a `healthcheck:` (e.g. `pg_isready` for PostgreSQL) and write `depends_on: { db: { condition: service_healthy } }`.',
  references: ['https://docs.docker.com/compose/how-tos/startup-order/', 'https://docs.docker.com/reference/compose-file/services/#depends_on'],
  tags: ['probes', 'availability', 'compose'],
  reads: ['workloads'],
  kinds: ['compose'],
  example: {
    language: 'yaml',
    path: 'docker-compose.yml',
    bad: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    depends_on:\n      - db\n  db:\n    image: postgres:16.2\n',
    good: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16.2\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U postgres"]\n      interval: 5s\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'compose' || !w.dependsOn?.length) continue;
      const siblings = composeSiblings(model, w);
      const c = w.containers[0]!;
      const notWaiting: Array<{ d: (typeof w.dependsOn)[number]; healthy: boolean }> = [];
      for (const d of w.dependsOn) {
        const target = siblings.get(d.service)?.[0];
        if (!target) continue;
        const condition = d.condition?.value ?? 'service_started';
        if (condition === 'service_completed_successfully') continue;
        const healthy = composeProjectHasHealthcheck(model, target);
        if (condition !== 'service_healthy') {
          notWaiting.push({ d, healthy });
          continue;
        }
        if (healthy) continue;
        report({
          at: d.condition?.location ?? d.location,
          message: `${cap(describe(c))} waits for "${d.service}" to be healthy, but "${d.service}" declares no healthcheck${target.build ? ' and the Dockerfile it builds has no HEALTHCHECK' : ''}: compose refuses to start ${w.name} unless the image brings its own HEALTHCHECK.`,
          related: [{ location: target.anchor, message: `service "${d.service}"` }],
          key: `${c.logicalPath}.depends_on.${d.service}.condition`,
        });
      }
      // One finding per service: the dependencies it starts without waiting for.
      if (notWaiting.length === 0) continue;
      const first = notWaiting[0]!;
      const names = notWaiting.map((n) => `"${n.d.service}"`).join(', ');
      const plural = notWaiting.length > 1;
      const unhealthy = notWaiting.filter((n) => !n.healthy).map((n) => `"${n.d.service}"`);
      report({
        at: first.d.condition?.location ?? first.d.location,
        message: `${cap(describe(c))} depends on ${names} without condition: service_healthy, so it starts as soon as ${plural ? 'those containers start' : 'that container starts'}, not when ${plural ? 'they accept' : 'it accepts'} connections: ${w.name} fails or crash-loops while ${plural ? 'they are' : 'it is'} still starting.${unhealthy.length ? ` Add a healthcheck to ${unhealthy.join(', ')} and wait with condition: service_healthy (or service_completed_successfully for a one-shot job).` : ''}`,
        related: notWaiting.slice(1).map((n) => ({ location: n.d.condition?.location ?? n.d.location, message: `depends on "${n.d.service}" without waiting for it` })),
        key: `${c.logicalPath}.depends_on`,
      });
    }
  },
});
