import { defineRule } from '../../src/engine/rule.js';
import type { RunInstruction, ShellCommand } from '../../src/model/types.js';
import { hasFlag, realProgramName, type PackageInstall } from '../../src/model/package-installs.js';
import { envOf, finalLineage } from '../../src/model/stages.js';
import { hasCacheMount } from '../../src/model/run-shell.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/package-cache-left',
  formerIds: ['image/package-cache-left'],
  title: 'Package-manager cache left in the image',
  severity: 'low',
  status: 'stable',
  description:
    'Finds package installs in the shipped image that leave their cache in the layer: apt lists not removed in the same `RUN` as `apt-get update`, `apk add` without `--no-cache`, `pip install` without `--no-cache-dir`. ' +
    'A `RUN --mount=type=cache` on the cache directory counts as clean.',
  rationale:
    'A file deleted in a later `RUN` still ships in the earlier layer. apt lists (tens of MB), the apk index and pip\'s wheel cache make every pull slower on each rollout and node scale-up, ' +
    'and stale apt lists baked into a base layer make later `apt-get install` calls use outdated indexes.',
  remediation:
    'Clean up in the same `RUN`: `apt-get update && apt-get install -y --no-install-recommends ... && rm -rf /var/lib/apt/lists/*`; `apk add --no-cache ...`; `pip install --no-cache-dir ...` (or `ENV PIP_NO_CACHE_DIR=1`). ' +
    'With BuildKit, a cache mount (`RUN --mount=type=cache,target=/var/cache/apt ...`) keeps the cache out of the image and speeds up rebuilds.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#apt-get',
    'https://github.com/hadolint/hadolint/wiki/DL3009',
    'https://github.com/hadolint/hadolint/wiki/DL3019',
    'https://github.com/hadolint/hadolint/wiki/DL3042',
    'https://docs.docker.com/build/cache/optimize/#use-cache-mounts',
  ],
  tags: ['dockerfile', 'image-size'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN pip install flask==3.0.3\n',
    good: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir flask==3.0.3\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of finalLineage(build)) {
        const pipNoCache = (envOf(stage, 'PIP_NO_CACHE_DIR') ?? '') !== '';
        for (const run of stage.runs) {
          const installs = run.installs;
          const where = stageWords(build, stage);
          const report = (p: PackageInstall, message: string, what: string) =>
            ctx.report({ at: spanOf(p.programWord.location, (p.subcommandWord ?? p.programWord).location), message, key: `${stageLabel(stage)} RUN ${what}` });

          // apt: `update` writes /var/lib/apt/lists; the same RUN must remove them.
          const apt = installs.filter((p) => p.manager === 'apt-get' || p.manager === 'apt');
          const update = apt.find((p) => p.subcommand === 'update');
          const install = apt.find((p) => p.subcommand === 'install' || p.subcommand === 'upgrade' || p.subcommand === 'dist-upgrade' || p.subcommand === 'full-upgrade');
          // `apt-get dist-clean` (apt 2.7.8+, the official Debian trixie images) removes the lists too.
          const distClean = apt.some((p) => p.subcommand === 'dist-clean' || p.subcommand === 'distclean');
          if (update && install && !distClean && !removes(run, '/var/lib/apt/lists') && !hasCacheMount(run, '/var/lib/apt/lists', '/var/lib/apt')) {
            report(
              update,
              `${update.manager} update in ${where} leaves the package lists in /var/lib/apt/lists in this layer (often 20–50 MB). ` +
                'Add `&& rm -rf /var/lib/apt/lists/*` at the end of the same RUN, or use a cache mount for /var/lib/apt.',
              `${update.manager} update`,
            );
          }

          for (const p of installs) {
            if (p.manager === 'apk' && p.subcommand === 'add') {
              if (hasFlag(p, '--no-cache') || removes(run, '/var/cache/apk') || hasCacheMount(run, '/var/cache/apk', '/etc/apk/cache') || hasApkCacheClean(run)) continue;
              const names = p.packages.map((x) => x.name).join(' ');
              report(p, `apk add ${names} in ${where} keeps the package index in /var/cache/apk in this layer. Use \`apk add --no-cache\`.`, `apk add ${names}`);
            }
            if (p.manager === 'pip' && p.subcommand === 'install') {
              if (pipNoCache || hasFlag(p, '--no-cache-dir') || setsVariable(run, p.command, 'PIP_NO_CACHE_DIR')) continue;
              if (hasCacheMount(run, '/root/.cache/pip', '/root/.cache') || removes(run, '/root/.cache') || removes(run, '~/.cache')) continue;
              const names = p.packages.map((x) => x.name).join(' ') || p.flags.filter((f) => f.name === '-r' || f.name === '--requirement').map((f) => `-r ${f.value}`).join(' ');
              report(
                p,
                `pip install ${names} in ${where} stores every downloaded wheel in pip's cache (~/.cache/pip) in this layer. ` +
                  'Add --no-cache-dir (or `ENV PIP_NO_CACHE_DIR=1`), or use `RUN --mount=type=cache,target=/root/.cache/pip`.',
                `pip install ${names}`,
              );
            }
          }
        }
      }
    }
  },
});

/** The RUN deletes `dir` (or something below it) with `rm`. */
function removes(run: RunInstruction, dir: string): boolean {
  return run.script.commands.some((c) => {
    const name = realProgramName(c);
    if (name === 'rm') return c.argv.some((w) => w.text === dir || w.text.startsWith(dir + '/') || w.text.startsWith(dir + '*'));
    if (name === 'find') return c.argv.some((w) => w.text.startsWith(dir)) && c.argv.some((w) => w.text === '-delete' || w.text === 'rm');
    return false;
  });
}

function hasApkCacheClean(run: RunInstruction): boolean {
  return run.installs.some((p) => p.manager === 'apk' && p.subcommand === 'cache' && p.command.argv.some((w) => w.text === 'clean' || w.text === 'purge'));
}

/** `PIP_NO_CACHE_DIR=1 pip install ...`, or an `export PIP_NO_CACHE_DIR=...` earlier in the same RUN. */
function setsVariable(run: RunInstruction, command: ShellCommand, name: string): boolean {
  const prefix = `${name}=`;
  if (command.assignments.some((a) => a.text.startsWith(prefix))) return true;
  const cmds = run.script.commands;
  for (const c of cmds.slice(0, Math.max(0, cmds.indexOf(command)))) {
    if (c.argv[0]?.text === 'export' && c.argv.some((w) => w.text.startsWith(prefix))) return true;
  }
  return false;
}
