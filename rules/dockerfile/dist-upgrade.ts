import { defineRule } from '../../src/engine/rule.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/dist-upgrade',
  formerIds: ['image/dist-upgrade'],
  title: 'Distribution upgrade inside an image build',
  severity: 'low',
  status: 'stable',
  description: 'Finds `apt-get dist-upgrade` / `full-upgrade` (and `apt` equivalents) in a `RUN`.',
  rationale:
    'A dist-upgrade may replace core packages, remove others and change the distribution release inside the build: the result depends on the day the image was built, ' +
    'is hard to reproduce or roll back, and can break the base image\'s own assumptions. Security fixes belong in a newer base image tag.',
  remediation:
    'Rebuild on a newer, patched base image tag (automate it with Renovate/Dependabot), or upgrade only the packages you need with `apt-get install --only-upgrade <pkg>`.',
  references: [
    'https://avd.aquasec.com/misconfig/dockerfile/general/avd-ds-0024/',
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#dkl-di-0003',
  ],
  tags: ['dockerfile', 'reproducibility'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-20240130-slim\nRUN apt-get update && apt-get dist-upgrade -y',
    good: 'FROM debian:bookworm-20240612-slim',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of build.stages) {
        for (const run of stage.runs) {
          for (const p of run.installs) {
            if ((p.manager !== 'apt-get' && p.manager !== 'apt') || (p.subcommand !== 'dist-upgrade' && p.subcommand !== 'full-upgrade')) continue;
            ctx.report({
              at: spanOf(p.programWord.location, p.subcommandWord!.location),
              message:
                `${p.manager} ${p.subcommand} in ${stageWords(build, stage)} changes the base distribution during the build, so the image depends on the day it was built and cannot be reproduced. ` +
                'Use a newer base image tag instead, or `apt-get install --only-upgrade` for specific packages.',
              key: `${stageLabel(stage)} RUN ${p.manager} ${p.subcommand}`,
            });
          }
        }
      }
    }
  },
});
