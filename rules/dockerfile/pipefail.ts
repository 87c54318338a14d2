import { defineRule } from '../../src/engine/rule.js';
import type { BuildStage, RunInstruction } from '../../src/model/types.js';
import { formatImage } from '../../src/model/image-ref.js';
import { commandText, spanOf, stageLabel, stageWords } from './_wording.js';
import { binShOf, isPosixShell, shellPipefail, type PipefailVerdict } from '../../src/model/run-shell.js';

const BASH_SHELL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
/** Exec form ignores SHELL: the fix goes into its own argv. */
const BASH_EXEC = 'RUN ["/bin/bash", "-o", "pipefail", "-c", "…"]';

export default defineRule({
  id: 'dockerfile/pipefail',
  formerIds: ['image/pipefail'],
  title: 'Pipe in RUN without pipefail',
  severity: 'low',
  status: 'stable',
  severities: [
    { severity: 'low', when: 'a pipe runs without pipefail, or under `sh -o pipefail` where `/bin/sh` is dash (Debian, Ubuntu and the official images built on them), which has no pipefail option' },
    { severity: 'info', when: 'a pipe runs under `sh -o pipefail` on a base image whose `/bin/sh` is unknown (distroless, vendor images, `FROM $BASE`, a fragment)' },
  ],
  description:
    'Finds `RUN` instructions with a pipe (`a | b`) run by a POSIX shell without `set -o pipefail` in the script or `-o pipefail` in the `SHELL` (or the exec-form shell). ' +
    '`-o pipefail` given to `/bin/sh` counts only where `/bin/sh` supports it, judged from the stage\'s root base image: BusyBox ash (Alpine) and bash (Fedora, RHEL/UBI, Amazon Linux) do, dash (Debian, Ubuntu) does not, and an unknown base is reported at info. Skipped after a non-POSIX `SHELL` (PowerShell, cmd).',
  rationale:
    'A pipeline\'s exit status is that of its last command. `curl -fsSL $URL | tar xz` succeeds when the download fails, so the build goes green and ships an image with a missing or half-extracted binary that only fails at runtime, during the rollout. ' +
    '`SHELL ["/bin/sh", "-o", "pipefail", "-c"]` looks like the fix but depends on what `/bin/sh` is: on Debian and Ubuntu it is dash, which has no pipefail option and rejects it (`Illegal option -o pipefail`).',
  remediation:
    'Set pipefail with a shell that has it, once for the stage: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (Debian, Ubuntu, RHEL), `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]` (Alpine), or start the script with `set -eo pipefail` where the shell is bash or ash. ' +
    'On an image without bash, avoid the pipe: download to a file, then extract it.',
  differences:
    'hadolint DL4006 accepts `-o pipefail` only on a SHELL of `bash`, `zsh` or `ash` and always reports `SHELL ["/bin/sh", "-o", "pipefail", "-c"]`. This rule judges `/bin/sh` by the base image instead: ' +
    'on Alpine and BusyBox `/bin/sh` is BusyBox ash, which supports `-o pipefail` (hadolint/hadolint#250, where the maintainers confirm it, and #1084: `SHELL ["/bin/sh", "-e", "-u", "-o", "pipefail", "-c"]` builds and runs on alpine:3.21), so it is not reported; ' +
    'on Debian and Ubuntu `/bin/sh` is dash, whose manual lists no pipefail option up to 0.5.12 (Debian 12/13, Ubuntu 24.04), so it is reported with that reason; on an unknown base it is reported at info. ' +
    'hadolint also reports a pipe that `set -o pipefail` in the same RUN already covers (hadolint/hadolint#522); this rule does not, and it also reads exec-form `RUN ["bash", "-o", "pipefail", "-c", "..."]`.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL4006',
    'https://github.com/hadolint/hadolint/issues/250',
    'https://github.com/hadolint/hadolint/issues/1084',
    'https://man7.org/linux/man-pages/man1/dash.1.html',
    'https://docs.docker.com/reference/dockerfile/#shell',
  ],
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
        const binSh = binShOf(stage);
        for (const run of stage.runs) {
          // Exec form names its own shell; SHELL applies to the shell form only.
          const invocation = run.form === 'exec' ? run.execArgv : run.shell;
          if (run.form === 'exec' && !runsShellScript(run)) continue;
          if (!isPosixShell(invocation, stage)) continue;
          const verdict = shellPipefail(invocation, binSh);
          if (verdict.kind === 'on') continue;
          const cmds = run.script.commands;
          // `case $x in a | b)` alternatives are patterns, not pipes: every "command" is a single word.
          const hasCase = cmds.some((c) => c.argv[0]?.text === 'case');
          const pipe = run.script.pipelines.find(
            (p) => p.length > 1 && cmds[p[0]!]!.argv[0]?.text !== 'case' && !(hasCase && p.every((i) => cmds[i]!.argv.length === 1)),
          );
          if (!pipe) continue;
          // pipefail must be set before the first pipe runs (a `set -o pipefail` is as good as the shell running it).
          if (verdict.kind === 'off' && setsPipefailBefore(run, pipe[0]!)) continue;
          const first = cmds[pipe[0]!]!;
          const last = cmds[pipe[pipe.length - 1]!]!;
          const text = pipe.map((i) => commandText(cmds[i]!, 3)).join(' | ');
          const failing = /^[})]$/.test(first.argv[0]?.text ?? '') ? 'a failure before the pipe' : `a failing \`${commandText(first, 2)}\``;
          const where = `\`${text}\` in ${stageWords(build, stage)}`;
          ctx.report({
            at: spanOf(first.location, last.location),
            message: verdict.kind === 'off'
              ? `${where} runs without pipefail: only the last command's exit status counts, so ${failing} leaves the build green. Add \`set -o pipefail &&\` before it, or ${run.form === 'exec' ? `run it with \`${BASH_EXEC}\`` : `\`${BASH_SHELL}\``}.`
              : shellMessage(where, verdict, run, stage),
            related: run.form === 'shell' && shellAt(stage) ? [{ location: shellAt(stage)!, message: 'the SHELL in force' }] : [],
            key: `${stageLabel(stage)} RUN ${text}`,
            severity: verdict.kind === 'unknown' ? 'info' : undefined,
          });
        }
      }
    }
  },
});

function shellMessage(where: string, verdict: Exclude<PipefailVerdict, { kind: 'on' | 'off' }>, run: RunInstruction, stage: BuildStage): string {
  const shown = run.form === 'exec' ? 'the exec-form shell' : 'the SHELL';
  const base = stage.rootBase ? formatImage(stage.rootBase) : stage.implicit ? "the fragment's base image (in another file)" : 'this base image';
  if (verdict.kind === 'rejected') {
    const what = verdict.explicit ? 'dash' : `/bin/sh, which is dash on ${base}`;
    return `${where} relies on ${shown} passing \`-o pipefail\` to ${what}: dash has no pipefail option and rejects it (\`Illegal option -o pipefail\`), so the pipe never runs with pipefail. Use \`${run.form === 'exec' ? BASH_EXEC : BASH_SHELL}\`.`;
  }
  return `${where} relies on ${shown} passing \`-o pipefail\` to /bin/sh, and which shell /bin/sh is on ${base} is not known: BusyBox ash and bash support pipefail, dash (Debian, Ubuntu) does not. Name the shell: \`${run.form === 'exec' ? BASH_EXEC : BASH_SHELL}\` or /bin/ash.`;
}

/** The SHELL instruction in force for a stage: its own, else the nearest stage it is built on. */
function shellAt(stage: BuildStage) {
  for (let s: BuildStage | undefined = stage; s; s = s.parentStage) if (s.shell) return s.shell.location;
  return undefined;
}

/** Exec form `["sh", "-c", "script"]` runs a shell; `["python", "a | b"]` has no pipe at all. */
function runsShellScript(run: RunInstruction): boolean {
  const argv = run.execArgv ?? [];
  return argv.includes('-c') || argv.some((a) => /^-[a-z]*c$/.test(a));
}

function setsPipefailBefore(run: RunInstruction, index: number): boolean {
  const cmds = run.script.commands;
  for (let i = 0; i < index; i++) {
    const argv = cmds[i]!.argv.map((w) => w.text);
    if (argv[0] !== 'set') continue;
    for (let k = 1; k < argv.length; k++) if (argv[k] === 'pipefail' && /^[-+][a-z]*o$/.test(argv[k - 1]!)) return true;
  }
  return false;
}
