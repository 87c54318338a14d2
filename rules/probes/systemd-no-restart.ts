import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'probes/systemd-no-restart',
  title: 'systemd service is not restarted when it fails',
  severity: 'medium',
  status: 'preview',
  description: 'Finds systemd `.service` units without `Restart=`, leaving out `Type=oneshot` units, services started by a `.timer`, and units that set `Restart=no` explicitly (a decision, not an omission).',
  rationale:
    'systemd\'s default is `Restart=no`: when the process crashes, is OOM-killed or exits on a transient error, it stays down until someone restarts it by hand, which is the one failure mode a supervisor exists to handle. One-shot units and timer-driven jobs are meant to exit and are not reported.',
  remediation: 'Add `Restart=on-failure` (or `always` for daemons that must never stay down) with `RestartSec=` and, in `[Unit]`, `StartLimitIntervalSec=`/`StartLimitBurst=` so a crash loop backs off.',
  references: ['https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Restart='],
  tags: ['availability', 'systemd'],
  reads: ['workloads'],
  kinds: ['systemd'],
  example: {
    language: 'ini',
    path: 'deploy/api.service',
    bad: '[Unit]\nDescription=API\n\n[Service]\nExecStart=/usr/local/bin/api\nUser=api\n\n[Install]\nWantedBy=multi-user.target\n',
    good: '[Unit]\nDescription=API\n\n[Service]\nExecStart=/usr/local/bin/api\nUser=api\nRestart=on-failure\nRestartSec=2\n\n[Install]\nWantedBy=multi-user.target\n',
  },
  check({ model, report }) {
    const timers = new Set(model.systemdUnits.filter((u) => u.file.path.endsWith('.timer')).map((u) => {
      const unit = u.sections['Timer']?.['Unit'];
      const name = u.file.path.slice(u.file.path.lastIndexOf('/') + 1);
      return unit?.[unit.length - 1]?.value ?? name.replace(/\.timer$/, '.service');
    }));
    for (const w of model.workloads) {
      if (w.platform !== 'systemd' || !w.directives) continue;
      const d = w.directives;
      const type = d['Type']?.value.toLowerCase();
      if (type === 'oneshot' || timers.has(w.name)) continue;
      if (d['Restart']) continue;
      report({
        at: w.anchor,
        message: `systemd service ${w.name} has no Restart=: systemd's default is Restart=no, so when the process crashes or is killed it stays down until restarted by hand.`,
        key: `${w.file.path} [Service].Restart`,
      });
    }
  },
});
