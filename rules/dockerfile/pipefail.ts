import { defineRule } from '../../src/engine/rule.js';
import type { RunInstruction } from '../../src/model/types.js';
import { commandText, spanOf, stageLabel, stageWords } from './_wording.js';
import { isPosixShell, shellHasPipefail } from '../../src/model/run-shell.js';

export default defineRule({
  id: 'dockerfile/pipefail',
  formerIds: ['image/pipefail'],
  title: 'Pipe in RUN without pipefail',
  severity: 'low',
  status: 'stable',
  description:
    'Finds `RUN` instructions with a pipe (`a | b`) run by a POSIX shell without `set -o pipefail` in the script or `-o pipefail` in the `SHELL`. Skipped after a non-POSIX `SHELL` (PowerShell, cmd).',
  rationale:
    'A pipeline\'s exit status is that of its last command. `curl -fsSL $URL | tar xz` succeeds when the download fails, so the build goes green and ships an image with a missing or half-extracted binary that only fails at runtime, during the rollout.',
  remediation:
    'Start the script with `set -eo pipefail` (bash, ash, and dash ≥ 0.5.11), or set it once for the stage: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`.',
  references: ['https://github.com/hadolint/hadolint/wiki/DL4006', 'https://docs.docker.com/reference/dockerfile/#shell'],
  tags: ['dockerfile', 'correctness'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n',
    good: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of build.stages) {
        for (const run of stage.runs) {
          const shell = run.shell;
          if (!isPosixShell(shell, stage) || shellHasPipefail(shell)) continue;
          const cmds = run.script.commands;
          // `case $x in a | b)` alternatives are patterns, not pipes: every "command" is a single word.
          const hasCase = cmds.some((c) => c.argv[0]?.text === 'case');
          const pipe = run.script.pipelines.find(
            (p) => p.length > 1 && cmds[p[0]!]!.argv[0]?.text !== 'case' && !(hasCase && p.every((i) => cmds[i]!.argv.length === 1)),
          );
          if (!pipe) continue;
          // pipefail must be set before the first pipe runs.
          if (setsPipefailBefore(run, pipe[0]!)) continue;
          const first = cmds[pipe[0]!]!;
          const last = cmds[pipe[pipe.length - 1]!]!;
          const text = pipe.map((i) => commandText(cmds[i]!, 3)).join(' | ');
          ctx.report({
            at: spanOf(first.location, last.location),
            message:
              `\`${text}\` in ${stageWords(build, stage)} runs without pipefail: only the last command's exit status counts, so ${/^[})]$/.test(first.argv[0]?.text ?? '') ? 'a failure before the pipe' : `a failing \`${commandText(first, 2)}\``} leaves the build green. ` +
              'Add `set -o pipefail &&` before it, or `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`.',
            key: `${stageLabel(stage)} RUN ${text}`,
          });
        }
      }
    }
  },
});

function setsPipefailBefore(run: RunInstruction, index: number): boolean {
  const cmds = run.script.commands;
  for (let i = 0; i < index; i++) {
    const argv = cmds[i]!.argv.map((w) => w.text);
    if (argv[0] !== 'set') continue;
    for (let k = 1; k < argv.length; k++) if (argv[k] === 'pipefail' && /^[-+][a-z]*o$/.test(argv[k - 1]!)) return true;
  }
  // Exec form `["bash", "-o", "pipefail", "-c", "..."]` keeps the flag outside the script text.
  if (run.form === 'exec') return shellHasPipefail(run.execArgv);
  return false;
}
