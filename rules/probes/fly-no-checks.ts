import { defineRule } from '../../src/engine/rule.js';
import { flyChecks, flyDocument } from '../../src/model/probe-facts.js';

export default defineRule({
  id: 'probes/fly-no-checks',
  title: 'fly.toml service has no health checks',
  severity: 'medium',
  status: 'preview',
  description: 'Finds fly.toml `[http_service]` and `[[services]]` sections without health checks (`[[http_service.checks]]`, `[[services.http_checks]]`, `[[services.tcp_checks]]`) in apps that declare no top-level `[checks]` either.',
  rationale:
    'Without checks the fly proxy routes requests to a Machine as soon as it starts and keeps routing to it when it hangs, and `fly deploy` cannot tell a broken release from a good one, so a rolling deploy replaces every healthy Machine with a failing one. Top-level `[checks]` gate deploys but not routing; an app with them is still not reported here.',
  remediation: 'Add a check to the service: `[[http_service.checks]]` with `path = "/healthz"`, `interval = "15s"`, `timeout = "2s"`, `grace_period = "10s"` (or `[[services.tcp_checks]]` for TCP services).',
  references: ['https://fly.io/docs/reference/configuration/#http_service-checks', 'https://fly.io/docs/reference/configuration/#services-http_checks'],
  tags: ['probes', 'availability', 'rollout', 'fly'],
  reads: ['workloads'],
  kinds: ['fly'],
  example: {
    language: 'toml',
    path: 'fly.toml',
    bad: 'app = "api"\nprimary_region = "ams"\n\n[http_service]\ninternal_port = 8080\nforce_https = true\n',
    good: 'app = "api"\nprimary_region = "ams"\n\n[http_service]\ninternal_port = 8080\nforce_https = true\n\n[[http_service.checks]]\ninterval = "15s"\ntimeout = "2s"\ngrace_period = "10s"\nmethod = "GET"\npath = "/healthz"\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      const doc = flyDocument(model, w);
      if (!doc) continue;
      const f = flyChecks(doc);
      if (f.machineChecks > 0) continue;
      for (const s of f.services) {
        if (s.checks > 0) continue;
        report({
          at: s.location,
          message: `${s.label} of fly app ${w.name} has no health checks: the proxy sends requests to Machines that are starting or hung, and deploys cannot detect a broken release.`,
          key: `${w.file.path} ${s.label}.checks`,
        });
      }
    }
  },
});
