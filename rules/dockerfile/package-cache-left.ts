import { defineRule } from '../../src/engine/rule.js';
import { stageCachesLeft } from '../../src/model/package-cache.js';
import { finalLineage } from '../../src/model/stages.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/package-cache-left',
  formerIds: ['image/package-cache-left'],
  title: 'Package-manager cache left in the image',
  severity: 'low',
  status: 'stable',
  description:
    'Finds package installs in the shipped image that leave their cache in the layer: apt lists not removed in the same `RUN` as `apt-get update` (and the downloaded .debs once `docker-clean` is removed), ' +
    '`apk add` without `--no-cache`, `pip install` without `--no-cache-dir`, `uv pip install` without `--no-cache`, `yum`/`dnf`/`microdnf install` without `clean all`, `zypper install` without `zypper clean`, ' +
    '`npm install`/`npm ci` without `npm cache clean --force`, `yarn` without `yarn cache clean`, `pnpm install` without `pnpm store prune`, and `cargo install` keeping its registry. ' +
    'A cleanup in the same `RUN`, the manager\'s no-cache option or environment variable, and a `RUN --mount=type=cache` on the cache directory all count as clean.',
  rationale:
    'A file deleted in a later `RUN` still ships in the earlier layer. apt lists (tens of MB), the apk index, rpm metadata, and the wheel, npm, yarn and pnpm download caches make every pull slower on each rollout and node scale-up, ' +
    'and stale package lists baked into a base layer make later installs use outdated indexes.',
  remediation:
    'Clean up in the same `RUN`: `apt-get update && apt-get install -y --no-install-recommends ... && rm -rf /var/lib/apt/lists/*`; `apk add --no-cache ...`; `pip install --no-cache-dir ...` (or `ENV PIP_NO_CACHE_DIR=1`); ' +
    '`dnf install -y ... && dnf clean all`; `zypper -n install ... && zypper clean --all`; `npm ci && npm cache clean --force`; `yarn install && yarn cache clean`. ' +
    'With BuildKit, a cache mount (`RUN --mount=type=cache,target=/var/cache/apt ...`) keeps the cache out of the image and speeds up rebuilds.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#apt-get',
    'https://github.com/hadolint/hadolint/wiki/DL3009',
    'https://github.com/hadolint/hadolint/wiki/DL3019',
    'https://github.com/hadolint/hadolint/wiki/DL3032',
    'https://github.com/hadolint/hadolint/wiki/DL3036',
    'https://github.com/hadolint/hadolint/wiki/DL3040',
    'https://github.com/hadolint/hadolint/wiki/DL3042',
    'https://github.com/hadolint/hadolint/wiki/DL3060',
    'https://docs.docker.com/build/cache/optimize/#use-cache-mounts',
  ],
  differences:
    '- **hadolint DL3060** asks for `yarn cache clean` after `yarn install`; shipshape also accepts a cache mount on the yarn cache or `YARN_CACHE_FOLDER`, and only judges the stages that ship (a builder stage\'s cache never reaches the image).\n' +
    '- **npm and pnpm** have no hadolint rule; shipshape reports their download caches like the others, since `npm ci` in the final stage keeps every tarball under `~/.npm/_cacache`.\n' +
    '- **Removing `/etc/apt/apt.conf.d/docker-clean`** (done to make a cache mount useful) is judged per RUN: every later `apt-get install` without the cache mount keeps its .debs, which hadolint does not see.\n' +
    '- `gem install` without `--no-document` is not reported: the official ruby images already configure `--no-document` in `/usr/local/etc/gemrc`. `go install` caches are not judged: Go is built in builder stages.',
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
        for (const c of stageCachesLeft(stage)) {
          const p = c.install;
          const cmd = `${p.manager === 'uv' ? 'uv pip' : p.manager} ${p.subcommand}`.trim();
          const names = p.packages.map((x) => x.name).join(' ') || p.flags.filter((f) => f.name === '-r' || f.name === '--requirement').map((f) => `-r ${f.value}`).join(' ');
          ctx.report({
            at: spanOf(p.programWord.location, (p.subcommandWord ?? p.programWord).location),
            message: `${cmd}${names ? ` ${names}` : ''} in ${stageWords(build, stage)} leaves ${c.what} in this layer. ${c.fix}`,
            key: `${stageLabel(stage)} RUN ${cmd}${names ? ` ${names}` : ''}${c.what.includes('docker-clean') ? ' archives' : ''}`,
          });
        }
      }
    }
  },
});
