import { defineRule } from '../../src/engine/rule.js';
import { flagValues, hasFlag } from '../../src/model/package-installs.js';
import { finalLineage, stageLineage } from '../../src/model/stages.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

const CONFIG = /APT::Install-Recommends/i;

export default defineRule({
  id: 'dockerfile/apt-no-install-recommends',
  formerIds: ['image/apt-no-install-recommends'],
  title: 'apt installs recommended packages',
  severity: 'low',
  status: 'stable',
  description:
    'Finds `apt-get install` / `apt install` in the shipped image (the final stage and the stages it is built FROM) without `--no-install-recommends`.',
  rationale:
    'By default apt also installs every "recommended" package: often tens or hundreds of megabytes of tools, documentation and libraries the service never uses. ' +
    'Each one is more to pull on every rollout and scale-up, and more CVEs to triage in the image scan.',
  remediation:
    'Add `--no-install-recommends` to every `apt-get install`, and add back explicitly the few recommended packages you need (for example `ca-certificates`). ' +
    'Alternatively set `APT::Install-Recommends "false";` in `/etc/apt/apt.conf.d/` in an earlier RUN.',
  references: ['https://docs.docker.com/build/building/best-practices/#apt-get', 'https://github.com/hadolint/hadolint/wiki/DL3015'],
  differences:
    '- **Like hadolint DL3015, only apt is judged.** `dnf`/`microdnf install` without `--setopt=install_weak_deps=False` and `zypper install` without `--no-recommends` are not reported: ' +
    'whether those managers pull in weak dependencies is decided by the base image\'s `/etc/dnf/dnf.conf` or `/etc/zypp/zypp.conf` (`install_weak_deps`, `solver.onlyRequires`), which the Dockerfile does not show, ' +
    'and `yum` (RHEL/CentOS 7) has no weak dependencies at all. A finding there would be a guess about a file we cannot read.\n' +
    '- `apt install` is judged like `apt-get install` (hadolint DL3015 matches `apt-get` only).\n' +
    '- `APT::Install-Recommends` written to apt\'s configuration in an earlier RUN of the shipped lineage counts as `--no-install-recommends`, as does `-o APT::Install-Recommends=false` on the command line; hadolint reads only the command itself.\n' +
    '- Only the shipped image (the final stage and the stages it is built FROM) is judged: recommended packages in a builder stage never reach production. hadolint reports every stage.',
  tags: ['dockerfile', 'image-size', 'attack-surface'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n',
    good: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      const shipped = finalLineage(build);
      for (const stage of shipped) {
        // apt configured not to install recommends in an earlier RUN of the lineage counts.
        // Found once per stage: looking back over all earlier RUNs for every RUN was quadratic.
        const earlier = stageLineage(stage).flatMap((s) => s.runs);
        const firstConfig = earlier.findIndex((r) => CONFIG.test(r.script.text));
        const position = new Map(earlier.map((r, i) => [r, i]));
        for (const run of stage.runs) {
          const configured = firstConfig !== -1 && firstConfig < (position.get(run) ?? earlier.length - 1);
          if (configured) continue;
          for (const p of run.installs) {
            if ((p.manager !== 'apt-get' && p.manager !== 'apt') || p.subcommand !== 'install' || p.packages.length === 0) continue;
            if (hasFlag(p, '--no-install-recommends')) continue;
            if (flagValues(p, '-o', '--option').some((v) => /^APT::Install-Recommends=(false|0|no)$/i.test(v.replace(/["']/g, '')))) continue;
            const names = p.packages.map((x) => x.name);
            const list = names.slice(0, 6).join(' ') + (names.length > 6 ? ' …' : '');
            ctx.report({
              at: spanOf(p.programWord.location, (p.subcommandWord ?? p.programWord).location),
              message:
                `${p.manager} install ${list} in ${stageWords(build, stage)} pulls in every recommended package as well, bloating the shipped image and its CVE list. ` +
                'Add --no-install-recommends and name the extra packages you really need.',
              key: `${stageLabel(stage)} RUN ${p.manager} install ${names.join(' ')}`,
            });
          }
        }
      }
    }
  },
});
