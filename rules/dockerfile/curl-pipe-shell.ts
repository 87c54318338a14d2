import { defineRule } from '../../src/engine/rule.js';
import { pipedDownloads } from '../../src/model/piped-downloads.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/curl-pipe-shell',
  formerIds: ['image/curl-pipe-shell'],
  title: 'Downloaded script piped into a shell',
  severity: 'medium',
  status: 'stable',
  description: 'Finds `RUN` commands that pipe `curl`/`wget` output straight into `sh`, `bash` or another interpreter, or run `sh -c "$(curl ...)"`.',
  rationale:
    'The build executes whatever the server returns at that moment, unverified: a compromised host, a hijacked DNS name or a silently changed installer ends up with root inside your image, ' +
    'and a truncated download can run half a script. The build is not reproducible either.',
  remediation:
    'Download the script to a file, verify it against a known checksum (`echo "<sha256>  install.sh" | sha256sum -c -`) or signature, then run it. ' +
    'Better, install the tool from a package manager with a pinned version, or copy it from an official image (`COPY --from=<image>@sha256:... /bin/tool /usr/local/bin/`).',
  references: [
    'https://docs.docker.com/build/building/best-practices/#run',
    'https://www.idontplaydarts.com/2016/04/detecting-curl-pipe-bash-server-side/',
  ],
  tags: ['dockerfile', 'supply-chain', 'security'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n',
    good: 'FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo "3f4e4c1b...  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of build.stages) {
        for (const run of stage.runs) {
          for (const d of pipedDownloads(run.script)) {
            const shown = d.url;
            const interpreter = d.interpreter;
            ctx.report({
              at: spanOf(d.first.location, d.last.location),
              message:
                `${stageWords(build, stage)[0]!.toUpperCase()}${stageWords(build, stage).slice(1)} runs ${shown} through ${interpreter} without verifying it: whatever the server returns at build time runs inside the build with full access to the image. ` +
                'Download to a file, check its sha256 or signature, then run it, or install a pinned package instead.',
              key: `${stageLabel(stage)} RUN ${shown} | ${interpreter}`,
            });
          }
        }
      }
    }
  },
});
