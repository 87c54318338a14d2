import { defineRule } from '../../src/engine/rule.js';
import { stageLabel, stageWords } from './_wording.js';

const URL = /^(https?|ftp):\/\//i;
const GIT = /^(git@|git:\/\/|ssh:\/\/)|\.git(#|$)/i;
/** ADD extracts these local archives; that is the one thing COPY cannot do. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst|lz|lzma|z))$/i;

export default defineRule({
  id: 'dockerfile/add-instead-of-copy',
  formerIds: ['image/add-instead-of-copy'],
  title: 'ADD used where COPY would do',
  severity: 'low',
  status: 'stable',
  severities: [
    { severity: 'medium', when: '`ADD` downloads a URL without `--checksum`, or clones a git repository without pinning a ref' },
    { severity: 'low', when: '`ADD` copies local files, where `COPY` says what it does' },
  ],
  description:
    'Finds `ADD` of plain local files (use `COPY`) and `ADD` of a remote URL without `--checksum` (an unverified download, reported at medium).',
  rationale:
    '`ADD` has implicit behaviour: it fetches URLs and silently unpacks local tar archives, so a reader cannot tell what ends up in the image. ' +
    'A remote `ADD` without `--checksum` downloads whatever the server returns at build time: the build is not reproducible and a compromised or changed file goes straight into the image.',
  remediation:
    'Use `COPY` for local files and directories. For a remote file, pin it: `ADD --checksum=sha256:<digest> <url> <dest>` (BuildKit), or download in a `RUN` and verify with `sha256sum -c`. ' +
    'Keep `ADD` only to unpack a local archive or to fetch a git repository at a fixed ref.',
  differences:
    'hadolint DL3020 accepts `ADD` whenever every source is an archive or an http(s) URL. This rule reports a remote `ADD` without `--checksum` (and a git source without a ref) at medium, because the download is neither reproducible nor verified, ' +
    'and does not report a source that is a `$VAR` (its value is unknown) or an `ADD` of git repositories at a fixed ref.',
  references: [
    'https://docs.docker.com/build/building/best-practices/#add-or-copy',
    'https://docs.docker.com/reference/dockerfile/#add',
    'https://github.com/hadolint/hadolint/wiki/DL3020',
  ],
  tags: ['dockerfile', 'supply-chain', 'reproducibility'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nADD config/ /etc/app/\nADD https://example.com/tool.tar.gz /tmp/\n',
    good: 'FROM debian:bookworm-slim\nCOPY config/ /etc/app/\nADD --checksum=sha256:3f4e4c1b2a0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f https://example.com/tool.tar.gz /tmp/\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of build.stages) {
        for (const c of stage.copies) {
          if (c.keyword !== 'ADD') continue;
          const ins = c.instruction;
          const checksum = ins.flags.some((f) => f.name === 'checksum' && f.value);
          const sources = c.sources.map((s) => s.text);
          if (sources.length === 0 && !c.heredoc) continue;
          const remote = c.sources.filter((s) => URL.test(s.text) && !GIT.test(s.text));
          const git = c.sources.filter((s) => GIT.test(s.text));
          const unpinnedGit = git.filter((s) => !s.text.includes('#'));
          if (remote.length > 0 && !checksum) {
            ctx.report({
              at: ins.keywordLocation,
              severity: 'medium',
              message:
                `ADD downloads ${remote.map((s) => s.text).join(', ')} in ${stageWords(build, stage)} without --checksum: the build takes whatever the server returns, so it is neither reproducible nor verified. ` +
                'Add `--checksum=sha256:<digest>`, or download with curl in a RUN and check it with `sha256sum -c`.',
              key: `${stageLabel(stage)} ADD ${remote.map((s) => s.text).join(' ')}`,
            });
            continue;
          }
          if (unpinnedGit.length > 0) {
            ctx.report({
              at: ins.keywordLocation,
              severity: 'medium',
              message:
                `ADD fetches the git repository ${unpinnedGit.map((s) => s.text).join(', ')} in ${stageWords(build, stage)} without a ref: every build takes whatever the default branch holds. Pin it with \`#<tag-or-commit>\` (and \`--checksum=<commit>\`).`,
              key: `${stageLabel(stage)} ADD ${unpinnedGit.map((s) => s.text).join(' ')}`,
            });
            continue;
          }
          if (remote.length > 0 || git.length > 0) continue;
          // Local sources: ADD is justified only when it unpacks an archive. A variable source is unknown.
          if (c.sources.some((s) => ARCHIVE.test(s.text) || s.text.includes('$'))) continue;
          const what = c.heredoc ? 'an inline file' : sources.join(' ');
          ctx.report({
            at: ins.keywordLocation,
            message:
              `ADD ${what} in ${stageWords(build, stage)} copies local files: use COPY, which does only that. ADD also fetches URLs and unpacks archives, so readers and reviewers cannot tell what it does here.`,
            key: `${stageLabel(stage)} ADD ${what}`,
          });
        }
      }
    }
  },
});
