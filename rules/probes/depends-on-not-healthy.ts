import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { composeHasHealthcheck, composeSiblings } from '../../src/model/probe-facts.js';

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
      for (const d of w.dependsOn) {
        const target = siblings.get(d.service);
        if (!target) continue;
        const condition = d.condition?.value ?? 'service_started';
        if (condition === 'service_completed_successfully') continue;
        const healthy = composeHasHealthcheck(target);
        if (condition === 'service_healthy') {
          if (healthy) continue;
          report({
            at: d.condition?.location ?? d.location,
            message: `${cap(describe(c))} waits for "${d.service}" to be healthy, but "${d.service}" declares no healthcheck${target.build ? ' and the Dockerfile it builds has no HEALTHCHECK' : ''}: compose refuses to start ${w.name} unless the image brings its own HEALTHCHECK.`,
            related: [{ location: target.anchor, message: `service "${d.service}"` }],
            key: `${c.logicalPath}.depends_on.${d.service}.condition`,
          });
          continue;
        }
        report({
          at: d.condition?.location ?? d.location,
          message: `${cap(describe(c))} depends on "${d.service}" ${d.condition ? 'with condition service_started' : 'without a condition'}, so it starts as soon as the "${d.service}" container starts, not when it accepts connections: ${w.name} fails or crash-loops while "${d.service}" is still starting.${healthy ? '' : ` Add a healthcheck to "${d.service}" and wait with condition: service_healthy (or service_completed_successfully if it is a one-shot job).`}`,
          related: [{ location: target.anchor, message: `service "${d.service}"` }],
          key: `${c.logicalPath}.depends_on.${d.service}`,
        });
      }
    }
  },
});
