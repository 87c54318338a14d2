import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { buildHealthcheck, composeProjectHasHealthcheck, evidencedContainerStage, isComposeFragment } from '../../src/model/probe-facts.js';

export default defineRule({
  id: 'probes/healthcheck-missing',
  title: 'Container runs under compose without a health check',
  severity: 'low',
  status: 'preview',
  description:
    'Finds Dockerfiles without `HEALTHCHECK` whose image runs as a compose service that declares no `healthcheck` of its own, and compose services that publish ports from a pulled image without a `healthcheck`. An image counts as built here only on evidence (compose `build:`, a build or skaffold artifact that tags it); a Dockerfile whose folder merely has the image\'s name does not lend the service its HEALTHCHECK.',
  rationale:
    'Docker and compose know a container is running, not that it answers: without a health check `docker ps` shows it healthy while it is wedged, `depends_on: service_healthy` cannot be used, and restart policies never act on a hung process. ' +
    'This differs from checkov and hadolint, which ask every Dockerfile for a HEALTHCHECK (checkov#3955 is the most-suppressed Dockerfile check): Kubernetes ignores HEALTHCHECK and uses its own probes, so an image that runs only in Kubernetes workloads, or whose use we cannot see in the repository, is not reported; nor is a Dockerfile for development (`.devcontainer/`, `Dockerfile.dev`) or one with an explicit `HEALTHCHECK NONE`.',
  remediation: 'Add a `HEALTHCHECK` to the Dockerfile (exec form, a program the image has: `HEALTHCHECK CMD ["/app", "healthcheck"]`), or a `healthcheck:` to the compose service.',
  remediationByKind: { compose: 'Add a `healthcheck:` to the service, e.g. `test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]` with `interval`, `timeout` and `retries`.' },
  references: ['https://docs.docker.com/reference/dockerfile/#healthcheck', 'https://docs.docker.com/reference/compose-file/services/#healthcheck', 'https://github.com/bridgecrewio/checkov/issues/3955'],
  tags: ['probes', 'availability', 'cross-artifact', 'dockerfile', 'compose'],
  reads: ['imageBuilds', 'workloads'],
  kinds: ['dockerfile', 'compose'],
  example: {
    language: 'yaml',
    path: 'docker-compose.yml',
    bad: 'services:\n  cache:\n    image: redis:7.2.4\n    ports: ["6379:6379"]\n',
    good: 'services:\n  cache:\n    image: redis:7.2.4\n    ports: ["6379:6379"]\n    healthcheck:\n      test: ["CMD", "redis-cli", "ping"]\n      interval: 10s\n',
  },
  check({ model, report }) {
    for (const b of model.imageBuilds) {
      const stage = b.finalStage;
      if (!stage || b.purpose.kind !== 'deploy' || buildHealthcheck(b)) continue;
      // Compose services that run the final stage (a `target:` of another stage is another image) without a healthcheck of their own.
      const users = b.usedBy.filter((c) => c.workload.platform === 'compose' && evidencedContainerStage(c) === stage && !composeProjectHasHealthcheck(model, c.workload) && !c.workload.healthcheckDisabled);
      if (users.length === 0) continue;
      const names = users.map((c) => `"${c.name}"`).join(', ');
      report({
        at: stage.from.keywordLocation,
        message: `${b.file.path} has no HEALTHCHECK, and its image runs as compose service${users.length === 1 ? '' : 's'} ${names} without a healthcheck: Docker reports the container healthy while the process is wedged, and nothing can wait for it with service_healthy.`,
        related: users.map((c) => ({ location: c.location, message: `${describe(c)} runs this image` })),
        key: `${b.file.path} HEALTHCHECK`,
      });
    }
    for (const w of model.workloads) {
      if (w.platform !== 'compose') continue;
      const c = w.containers[0];
      // A fragment of an override file is judged with the definition it is merged into.
      // A service linked to its Dockerfile only by a matching name is judged on its own: the guess must not clear it.
      if (!c || isComposeFragment(w) || evidencedContainerStage(c) || !w.publishedPorts?.length || composeProjectHasHealthcheck(model, w) || w.healthcheckDisabled) continue;
      report({
        at: w.anchor,
        message: `${cap(describe(c))} publishes ${w.publishedPorts.length === 1 ? 'a port' : 'ports'} but has no healthcheck: Docker reports it healthy while the process is wedged, and dependants cannot wait for it with service_healthy.`,
        related: [{ location: w.publishedPorts[0]!, message: 'published port' }],
        key: `${c.logicalPath}.healthcheck`,
      });
    }
  },
});
