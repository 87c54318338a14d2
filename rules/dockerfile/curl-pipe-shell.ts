import { defineRule } from '../../src/engine/rule.js';
import type { ShellCommand } from '../../src/model/types.js';
import { realProgramName } from '../../src/model/package-installs.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

const DOWNLOADERS = new Set(['curl', 'wget']);
const SHELLS = /^(sh|bash|dash|ash|zsh|ksh|python[0-9.]*|perl|ruby|node)$/;
/** `sh -c "$(curl -fsSL https://...)"`, `bash <(curl ...)`: the download happens inside a word. */
const SUBST = /(\$\(|<\(|`)\s*(curl|wget)\s/;

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
          const cmds = run.script.commands;
          const reported = new Set<number>();
          for (const p of run.script.pipelines) {
            if (p.length < 2) continue;
            const dl = p.findIndex((i) => DOWNLOADERS.has(realProgramName(cmds[i]!)));
            if (dl === -1) continue;
            const sh = p.slice(dl + 1).find((i) => runsStdin(cmds[i]!));
            if (sh === undefined) continue;
            const first = cmds[p[dl]!]!;
            const last = cmds[sh]!;
            reported.add(p[dl]!);
            report(first, last, realProgramName(last));
          }
          // sh -c "$(curl ...)" and bash <(curl ...)
          cmds.forEach((c, i) => {
            const name = realProgramName(c);
            if (!SHELLS.test(name)) return;
            if (c.argv.some((w) => SUBST.test(w.text)) && !reported.has(i)) report(c, c, name);
          });

          function report(first: ShellCommand, last: ShellCommand, interpreter: string) {
            const url = first.argv.concat(last.argv).map((w) => w.text).find((t) => /^https?:\/\//.test(t) || /\bhttps?:\/\//.test(t));
            const shown = url ? (url.match(/https?:\/\/[^\s"')]+/)?.[0] ?? url) : 'a download';
            ctx.report({
              at: spanOf(first.location, last.location),
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

/** `sh`, `bash -s -- --flag`, `sudo -E bash -`, `python3 -`: an interpreter reading its program from stdin. */
function runsStdin(c: ShellCommand): boolean {
  const name = realProgramName(c);
  if (!SHELLS.test(name)) return false;
  const i = c.argv.findIndex((w) => w.text.slice(w.text.lastIndexOf('/') + 1) === name);
  const args = c.argv.slice(i + 1).map((w) => w.text);
  if (/^(sh|bash|dash|ash|zsh|ksh)$/.test(name)) {
    // `bash -c "..."` or `sh script.sh` do not read the pipe as a program.
    if (args.includes('-c')) return false;
    const firstOperand = args.find((a) => !a.startsWith('-'));
    return firstOperand === undefined || args.includes('-s') || args[0] === '-';
  }
  // Interpreters: `python3 -` or no script argument.
  const operand = args.find((a) => !a.startsWith('-') || a === '-');
  return operand === undefined || operand === '-';
}
