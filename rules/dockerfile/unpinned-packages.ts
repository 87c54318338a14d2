import { defineRule } from '../../src/engine/rule.js';
import type { PackageArg, PackageInstall } from '../../src/model/package-installs.js';
import { stageLabel, stageWords } from './_wording.js';

const MANAGERS = new Set(['apt-get', 'apt', 'apk', 'pip', 'npm']);

export default defineRule({
  id: 'dockerfile/unpinned-packages',
  formerIds: ['image/unpinned-packages'],
  title: 'Packages installed without a version',
  severity: 'info',
  status: 'stable',
  description:
    'Finds `apt-get install`, `apk add`, `pip install` and `npm install` of named packages without a version (`curl=7.88.1-10+deb12u5`, `curl=~8.5`, `flask==3.0.3`, `typescript@5.4.5`). ' +
    'Variables, local files (`./x.deb`, `.`), URLs, `-r requirements.txt`, option values (`-t bookworm-backports`, `--index-url`, `--virtual .deps`) and a bare `npm ci`/`npm install` are not packages and are ignored.',
  rationale:
    'An unpinned install takes whatever the mirror serves on build day. Two builds of the same commit can differ, a rebuild for a hotfix can pull in an unrelated breaking upgrade, ' +
    'and rolling back to an older commit does not give you the old image back.',
  remediation:
    'Pin versions (`apt-get install curl=7.88.1-10+deb12u5`, `apk add curl=~8.5`, `pip install flask==3.0.3`, `npm install -g typescript@5.4.5`) or install from a lock file ' +
    '(`pip install -r requirements.txt` with hashes, `npm ci`). For OS packages, pinning the base image by digest gives the same stability with less upkeep.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3008',
    'https://github.com/hadolint/hadolint/wiki/DL3013',
    'https://github.com/hadolint/hadolint/wiki/DL3016',
    'https://github.com/hadolint/hadolint/wiki/DL3018',
    'https://github.com/hadolint/hadolint/issues/928',
    'https://github.com/hadolint/hadolint/issues/345',
  ],
  tags: ['dockerfile', 'reproducibility', 'supply-chain'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask gunicorn\n',
    good: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of build.stages) {
        for (const run of stage.runs) {
          for (const p of run.installs) {
            if (!MANAGERS.has(p.manager) || !isInstall(p)) continue;
            const unpinned = p.packages.filter((x) => x.kind === 'name' && !x.version);
            if (unpinned.length === 0) continue;
            const names = unpinned.map((x) => x.name + (x.release ? `${p.manager === 'apk' ? '@' : p.manager.startsWith('apt') ? '/' : '@'}${x.release}` : ''));
            const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, and ${names.length - 8} more` : '');
            const cmd = `${p.manager === 'pip' ? 'pip' : p.manager} ${p.subcommand}`;
            ctx.report({
              at: unpinned[0]!.word.location,
              message:
                `${cmd} in ${stageWords(build, stage)} installs ${shown} without a version, so each build takes whatever is newest that day. ` +
                `Pin ${unpinned.length > 1 ? 'them' : 'it'} (${example(p, unpinned[0]!)}) or install from a lock file.`,
              related: unpinned.slice(1, 20).map((x) => ({ location: x.word.location, message: `${x.name}: no version` })),
              key: `${stageLabel(stage)} RUN ${cmd} ${names.join(' ')}`,
            });
          }
        }
      }
    }
  },
});

function isInstall(p: PackageInstall): boolean {
  switch (p.manager) {
    case 'apt-get':
    case 'apt':
      return p.subcommand === 'install';
    case 'apk':
      return p.subcommand === 'add';
    case 'pip':
      return p.subcommand === 'install';
    case 'npm':
      return ['install', 'i', 'add'].includes(p.subcommand);
    default:
      return false;
  }
}

function example(p: PackageInstall, x: PackageArg): string {
  switch (p.manager) {
    case 'apk':
      return `${x.name}=~<version>`;
    case 'pip':
      return `${x.name}==<version>`;
    case 'npm':
      return `${x.name}@<version>`;
    default:
      return `${x.name}=<version>`;
  }
}
