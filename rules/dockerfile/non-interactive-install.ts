import { defineRule } from '../../src/engine/rule.js';
import { commandsFedByYes, waitsForConfirmation } from '../../src/model/package-installs.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

const FIX: Record<string, string> = {
  'apt-get': 'add `-y` (`apt-get install -y ...`)',
  apt: 'use `apt-get install -y ...` (apt\'s command line is not meant for scripts) or add `-y`',
  yum: 'add `-y` (`yum install -y ...`)',
  dnf: 'add `-y` (`dnf install -y ...`)',
  zypper: 'add the global `--non-interactive` before the command (`zypper -n install ...`)',
  pip: 'add `-y` (`pip uninstall -y ...`)',
};

export default defineRule({
  id: 'dockerfile/non-interactive-install',
  title: 'Package manager may stop at a confirmation prompt',
  severity: 'low',
  status: 'preview',
  description:
    'Finds `apt-get`/`apt` (install, upgrade, remove ...), `yum`/`dnf`, `zypper` and `pip uninstall` in a RUN without their non-interactive option: `-y`/`--yes`/`--assume-yes` (apt; `-qq` implies it), ' +
    '`-y`/`--assumeyes` (yum, dnf), zypper\'s global `-n`/`--non-interactive` (before the subcommand) or `-y`/`--no-confirm` (after it), or `yes |` in front. ' +
    '`apk`, `npm`, `pip install` and `microdnf` never ask and are not reported. Every stage is checked: a prompt breaks the build wherever it happens.',
  rationale:
    'A RUN has no terminal: when the package manager asks "Do you want to continue? [Y/n]", it reads end of input and aborts, and the build fails. ' +
    'apt only asks when it installs more than was named, so the same Dockerfile builds today and fails after a dependency grows, on the rebuild for a security fix.',
  remediation:
    'Pass the manager\'s non-interactive option: `apt-get install -y`, `dnf install -y`, `yum install -y`, `zypper --non-interactive install`, `pip uninstall -y`. `DEBIAN_FRONTEND=noninteractive` is not enough: it only silences debconf.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3014',
    'https://github.com/hadolint/hadolint/wiki/DL3030',
    'https://github.com/hadolint/hadolint/wiki/DL3034',
    'https://github.com/hadolint/hadolint/wiki/DL3038',
    'https://manpages.debian.org/bookworm/apt/apt-get.8.en.html',
  ],
  differences:
    '- hadolint DL3014 accepts only `-y`/`--yes`/`--assume-yes`/`-qq` on `apt-get install`; shipshape also judges `upgrade`, `remove`, `purge` and `autoremove`, accepts `-o APT::Get::Assume-Yes=true` and `yes |`, and reports `apt` (DL3027 is hadolint\'s separate "do not use apt").\n' +
    '- hadolint DL3034 asks for `--non-interactive` or `-n` anywhere; shipshape only accepts `-n` before the subcommand, since after `install` it means `--name`, and also accepts `-y`/`--no-confirm` after it.\n' +
    '- `microdnf` assumes yes and is not reported.',
  tags: ['dockerfile', 'correctness', 'reproducibility'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    good: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of build.stages) {
        for (const run of stage.runs) {
          if (run.installs.length === 0) continue;
          const fed = commandsFedByYes(run.script.commands, run.script.pipelines);
          for (const p of run.installs) {
            if (waitsForConfirmation(p, fed.has(p.commandIndex)) !== true) continue;
            const cmd = `${p.manager} ${p.subcommand}`;
            ctx.report({
              at: spanOf(p.programWord.location, (p.subcommandWord ?? p.programWord).location),
              message: `${cmd} in ${stageWords(build, stage)} has no non-interactive option: if it asks for confirmation, the build reads end of input and fails. To fix it, ${FIX[p.manager] ?? 'pass its non-interactive option'}.`,
              key: `${stageLabel(stage)} RUN ${cmd} ${p.packages.map((x) => x.name).join(' ')}`,
            });
          }
        }
      }
    }
  },
});
