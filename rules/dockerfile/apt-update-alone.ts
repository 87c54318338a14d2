import { defineRule } from '../../src/engine/rule.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

/** Subcommands that use a fresh index and therefore belong in the same RUN as `update`. */
const USES_INDEX = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'add', 'build-dep', 'source', 'download', 'reinstall']);

export default defineRule({
  id: 'dockerfile/apt-update-alone',
  formerIds: ['image/apt-update-alone'],
  title: 'Package index updated in a RUN of its own',
  severity: 'low',
  status: 'stable',
  description: 'Finds `apt-get update` (also `apt update`, `apk update`) in a `RUN` that installs nothing.',
  rationale:
    'Docker caches each layer. The cached "update" layer is reused for months while the install in a later `RUN` changes, so installs run against a stale index: ' +
    'they fail with 404s once the mirror has moved on, or silently install outdated, vulnerable versions. The lists also stay in that layer for good.',
  remediation: 'Run update and install in one RUN: `RUN apt-get update && apt-get install -y --no-install-recommends <pkgs> && rm -rf /var/lib/apt/lists/*` (for Alpine, `apk add --no-cache` needs no update at all).',
  references: [
    'https://docs.docker.com/build/building/best-practices/#apt-get',
    'https://avd.aquasec.com/misconfig/dockerfile/general/avd-ds-0017/',
  ],
  tags: ['dockerfile', 'reproducibility', 'caching'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n',
    good: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of build.stages) {
        for (const run of stage.runs) {
          const installs = run.installs;
          for (const m of ['apt', 'apk'] as const) {
            const mine = installs.filter((p) => (m === 'apt' ? p.manager === 'apt-get' || p.manager === 'apt' : p.manager === 'apk'));
            const update = mine.find((p) => p.subcommand === 'update');
            if (!update || mine.some((p) => USES_INDEX.has(p.subcommand))) continue;
            // Something else in the RUN may install through a script (e.g. `apt-get update && ./install-deps.sh`).
            if (run.script.commands.length > mine.length + countTrivial(run.script.commands.map((c) => c.argv[0]?.text ?? ''))) continue;
            ctx.report({
              at: spanOf(update.programWord.location, (update.subcommandWord ?? update.programWord).location),
              message:
                `${update.manager} update runs in a RUN of its own in ${stageWords(build, stage)}: Docker caches this layer, so the installs in later RUNs use a stale index (404s or outdated packages). ` +
                'Put update and install in the same RUN.',
              key: `${stageLabel(stage)} RUN ${update.manager} update`,
            });
          }
        }
      }
    }
  },
});

/** Commands that do not install anything: `set -eux`, `echo`, `true`, `apt-get clean` is counted by its manager. */
function countTrivial(names: string[]): number {
  return names.filter((n) => /^(set|echo|true|:|printf)$/.test(n)).length;
}
