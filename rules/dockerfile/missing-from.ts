import { defineRule } from '../../src/engine/rule.js';
import { stageLabel } from './_wording.js';

export default defineRule({
  id: 'dockerfile/missing-from',
  title: 'Instructions before any FROM (a Dockerfile fragment)',
  severity: 'medium',
  status: 'preview',
  severities: [
    { severity: 'medium', when: 'a file named as a complete Dockerfile (`Dockerfile`, `api.Dockerfile`, `Dockerfile.prod`) has instructions before its first FROM, or no FROM at all: `docker build` rejects it' },
    { severity: 'info', when: 'the file is named as a fragment (`Dockerfile.partial`, `Dockerfile.in`, `*.Dockerfile.in`, `*.dockerfile.part`): a build script puts a FROM in front of it' },
  ],
  description:
    'Finds Dockerfiles with instructions other than `ARG` before the first `FROM`, or without any `FROM`: fragments that a build script assembles, or a file whose FROM was lost. ' +
    'A file with only `ARG` before its `FROM` is a normal Dockerfile. The instructions before FROM are then checked as one implicit stage on an unknown base: ' +
    '`sudo`, relative `WORKDIR`, `ADD`, `COPY --from` of a missing stage, unpinned packages and pipes without pipefail are still reported there, ' +
    'while what depends on the base image is not guessed: the user it runs as (only an explicit `USER root` is reported), full-OS and toolchain base images, and what `/bin/sh` is.',
  rationale:
    '`docker build` fails on an instruction before FROM ("no build stage in current context"), so in a file named as a Dockerfile it is a broken build. ' +
    'In a fragment it is expected, and saying so once tells you the file was read and what could not be judged, instead of checking nothing and staying silent.',
  remediation:
    'In a complete Dockerfile, add the missing `FROM <image>` above the first instruction. For a fragment, name it as one (`Dockerfile.partial`, `<name>.Dockerfile.in`) so this is reported at info, ' +
    'or lint the assembled Dockerfile the build script writes.',
  differences:
    'hadolint lints a fragment instruction by instruction and says nothing about the missing FROM; this rule reports it, and then checks the same instructions hadolint would.',
  references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact'],
  tags: ['dockerfile', 'correctness'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCOPY app /usr/local/bin/app\n',
    good: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCOPY app /usr/local/bin/app\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      const f = build.fragment;
      if (!f) continue;
      const named = build.purpose.fragmentName;
      const argsOnly = build.stages.length === 0;
      const noFrom = !build.stages.some((s) => !s.implicit);
      const what = argsOnly
        ? `${build.file.path} has only ARG instructions and no FROM`
        : `${f.first.keyword} on line ${f.first.location.startLine} comes before any FROM${noFrom ? ' and the file has no FROM at all' : ''}`;
      const consequence = named
        ? `This file is named as a fragment that a build script puts ${argsOnly ? 'in front of a FROM' : 'after a FROM'}`
        : '`docker build` rejects this file ("no build stage in current context") unless a build script puts a FROM in front of it';
      const evaluated = argsOnly
        ? ''
        : `; its ${f.count === 1 ? 'instruction is' : `${f.count} instructions are`} checked as one stage on an unknown base, so the base image, the user it runs as by default and what /bin/sh is are not judged`;
      const fix = !named
        ? 'Add the missing `FROM <image>`, or name the file as a fragment (`Dockerfile.partial`, `<name>.Dockerfile.in`).'
        : argsOnly ? 'Its ARGs become global build arguments of the assembled Dockerfile.' : 'Lint the assembled Dockerfile to judge those too.';
      ctx.report({
        at: f.first.keywordLocation,
        message: `${what}. ${consequence}${evaluated}. ${fix}`,
        severity: named ? 'info' : undefined,
        key: `${build.file.path} ${build.stages[0] ? stageLabel(build.stages[0]) : 'ARG'} missing FROM`,
      });
    }
  },
});
