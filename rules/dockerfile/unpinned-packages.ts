import { defineRule } from '../../src/engine/rule.js';
import type { PackageArg, PackageInstall } from '../../src/model/package-installs.js';
import { stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/unpinned-packages',
  formerIds: ['image/unpinned-packages'],
  title: 'Packages installed without a version',
  severity: 'info',
  status: 'stable',
  description:
    'Finds installs of named packages without a version, in each manager\'s own pin syntax: `apt-get`/`apt install curl=7.88.1-10+deb12u5`, `apk add curl=~8.5`, `pip`/`pip3`/`python -m pip`/`uv pip install flask==3.0.3`, ' +
    '`npm install`/`yarn add`/`pnpm add typescript@5.4.5`, `gem install rails -v 7.1.3` (or `rails:7.1.3`), `yum`/`dnf`/`microdnf install nginx-1.24.0`, `zypper install nginx=1.24.0`, ' +
    '`go install golang.org/x/tools/gopls@v0.16.2` and `cargo install ripgrep --version 14.1.0` (or `ripgrep@14.1.0`). A moving reference (`@latest`, `@next`, go `@master`, `go get` without a version) is not a pin. ' +
    'Variables, local files (`./x.deb`, `.`, `go install ./cmd/...`, `cargo install --path .`), URLs, `-r requirements.txt`, option values (`-t bookworm-backports`, `--index-url`, `--virtual .deps`), a bare `npm ci`/`npm install`, ' +
    'and `go install pkg` without `@` (it takes go.mod\'s version) are not judged.',
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
    'https://github.com/hadolint/hadolint/wiki/DL3028',
    'https://github.com/hadolint/hadolint/wiki/DL3033',
    'https://github.com/hadolint/hadolint/wiki/DL3037',
    'https://github.com/hadolint/hadolint/wiki/DL3041',
    'https://github.com/hadolint/hadolint/wiki/DL3062',
    'https://github.com/hadolint/hadolint/issues/928',
    'https://github.com/hadolint/hadolint/issues/345',
  ],
  differences:
    '- **Severity**: hadolint reports DL3008 (apt), DL3013 (pip), DL3016 (npm), DL3018 (apk), DL3028 (gem), DL3033 (yum), DL3037 (zypper), DL3041 (dnf) as warnings; shipshape reports `info`, because pinning the base image by digest already fixes the OS packages a build gets, and most teams rebuild to take security updates.\n' +
    '- **pip ranges**: like hadolint, any version specifier (`>=1.2`, `~=1.2`) counts as written; only a package with none is reported.\n' +
    '- **go and cargo** have no hadolint rule. `go install pkg@latest` and `go get pkg` are reported (hadolint DL3062 asks for a version on `go install` too); `go install pkg` with no `@` inside a module builds go.mod\'s version and is not. `cargo install --git URL` counts as pinned with `--rev` or `--tag`.\n' +
    '- Options that take values (`-t bookworm-backports`, `--virtual .deps`, `--index-url URL`) are never read as packages (the false positives of hadolint#928 and #345).',
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
            if (!isInstall(p)) continue;
            const unpinned = p.packages.filter((x) => x.kind === 'name' && !x.version && !x.lockedBy);
            if (unpinned.length === 0) continue;
            const names = unpinned.map((x) => x.name + (x.release && x.release !== 'upgrade' ? `${p.manager.startsWith('apt') ? '/' : '@'}${x.release}` : ''));
            const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, and ${names.length - 8} more` : '');
            const cmd = `${p.manager === 'uv' ? 'uv pip' : p.manager} ${p.subcommand}`;
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
    case 'uv':
      return p.subcommand === 'install';
    case 'npm':
      return ['install', 'i', 'add'].includes(p.subcommand);
    case 'yarn':
      return p.subcommand === 'add';
    case 'pnpm':
      return ['add', 'install', 'i'].includes(p.subcommand);
    case 'gem':
      return p.subcommand === 'install' || p.subcommand === 'i';
    case 'dnf':
    case 'yum':
    case 'microdnf':
    case 'zypper':
      return p.subcommand === 'install' || p.subcommand === 'in';
    case 'go':
      return p.subcommand === 'install' || p.subcommand === 'get';
    case 'cargo':
      return p.subcommand === 'install';
    default:
      return false;
  }
}

/** The fix in the manager's own pin syntax. */
function example(p: PackageInstall, x: PackageArg): string {
  switch (p.manager) {
    case 'apk':
      return `${x.name}=~<version>`;
    case 'pip':
    case 'uv':
      return `${x.name}==<version>`;
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return `${x.name}@<version>`;
    case 'gem':
      return `${x.name} -v <version>`;
    case 'dnf':
    case 'yum':
    case 'microdnf':
      return `${x.name}-<version>`;
    case 'go':
      return `${x.name}@v<major>.<minor>.<patch>`;
    case 'cargo':
      return `${x.name}@<version>`;
    default:
      return `${x.name}=<version>`;
  }
}
