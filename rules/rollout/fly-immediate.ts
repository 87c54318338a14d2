import { defineRule } from '../../src/engine/rule.js';

const TOML = (deploy: string, min: number) =>
  `app = "api"\nprimary_region = "ams"\n\n[deploy]\n${deploy}\n[http_service]\n  internal_port = 8080\n  min_machines_running = ${min}\n\n  [[http_service.checks]]\n    path = "/health"\n    interval = "10s"\n    timeout = "2s"\n`;

export default defineRule({
  id: 'rollout/fly-immediate',
  title: 'fly.toml deploys all machines at once, or may run one machine',
  severity: 'medium',
  status: 'preview',
  severities: [
    { severity: 'medium', when: '`[deploy] strategy = "immediate"`' },
    { severity: 'low', when: '`[http_service] min_machines_running` is below 2' },
  ],
  description: 'Finds fly.toml apps with `[deploy] strategy = "immediate"`, and `min_machines_running` below 2.',
  rationale:
    'The immediate strategy replaces every machine at once without waiting for health checks: a bad release takes the whole app down, and there is nothing old left to serve. With fewer than two machines kept running, auto-stop can leave a single machine (or none) to absorb a crash or a host migration.',
  remediation: 'Use `strategy = "rolling"` (default), `"canary"` or `"bluegreen"` with health checks, and `min_machines_running = 2`.',
  references: ['https://fly.io/docs/reference/configuration/#deploy', 'https://fly.io/docs/reference/configuration/#the-http_service-section'],
  tags: ['fly', 'rollout', 'availability'],
  reads: ['workloads'],
  kinds: ['fly'],
  example: { language: 'toml', path: 'fly.toml', bad: TOML('  strategy = "immediate"\n', 2), good: TOML('  strategy = "rolling"\n', 2) },
  check({ model, report }) {
    for (const w of model.workloads) {
      const d = w.flyDeploy;
      if (w.platform !== 'fly' || !d) continue;
      if (d.strategy?.value === 'immediate') {
        report({
          at: d.strategy.location,
          message: `Fly app ${w.name} deploys with strategy "immediate": every machine is replaced at once without waiting for health checks, so a bad release takes the app down. Use "rolling", "canary" or "bluegreen".`,
          key: `${w.id} deploy.strategy`,
        });
      }
      const min = d.minMachinesRunning;
      if (min && min.value < 2) {
        report({
          at: min.location,
          severity: 'low',
          message: `Fly app ${w.name} keeps min_machines_running = ${min.value}: with auto-stop, ${min.value === 0 ? 'no machine' : 'a single machine'} may be left to serve, and a crash or host migration is an outage. Set it to 2.`,
          key: `${w.id} http_service.min_machines_running`,
        });
      }
    }
  },
});
