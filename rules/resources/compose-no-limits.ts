import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';
import { resKey } from './_words.js';

/** Compose files for local work: overrides and dev/test variants. */
function isDevCompose(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return name.includes('override') || /(^|[.-])(dev|local|test|ci)([.-]|$)/.test(name);
}

export default defineRule({
  id: 'resources/compose-no-limits',
  title: 'Compose service without resource limits',
  severity: 'low',
  status: 'preview',
  description: 'Finds compose services with neither `deploy.resources.limits` nor `mem_limit` / `cpus`; override and dev/test/ci compose files are skipped.',
  rationale:
    'On a single host every service shares the memory and CPU: one leaking or runaway container starves the others, including the database, and the OOM killer picks its victim host-wide. Reported at low because compose is often used for local development, where limits matter less.',
  remediation: 'Add `deploy: { resources: { limits: { memory: 512M, cpus: "1" } } }` (or `mem_limit` / `cpus`) to the service.',
  references: ['https://docs.docker.com/reference/compose-file/deploy/#resources', 'https://docs.docker.com/reference/compose-file/services/#mem_limit'],
  tags: ['compose', 'resources', 'availability'],
  reads: ['workloads'],
  kinds: ['compose'],
  example: {
    language: 'yaml',
    path: 'docker-compose.yml',
    bad: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n',
    good: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    deploy:\n      resources:\n        limits: { memory: 512M, cpus: "1" }\n',
  },
  check({ model, report }) {
    for (const c of containersOf(model, ['compose'])) {
      if (isDevCompose(c.workload.file.path)) continue;
      const l = c.resources?.limits ?? {};
      if (l['memory'] || l['cpu']) continue;
      report({
        at: c.workload.anchor,
        message: `${cap(describe(c))} has no memory or CPU limit: one runaway container can starve every other service on the host. Set deploy.resources.limits (or mem_limit).`,
        key: resKey(c, 'limits'),
      });
    }
  },
});
