import { defineRule } from '../../src/engine/rule.js';
import type { BuildStage, CommandInstruction, ImageBuild } from '../../src/model/types.js';
import { stageCommand } from '../../src/model/stages.js';
import { isPosixShell } from '../../src/model/run-shell.js';
import { stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/shell-form-entrypoint',
  formerIds: ['image/shell-form-entrypoint'],
  title: 'CMD or ENTRYPOINT in shell form',
  severity: 'medium',
  status: 'stable',
  description:
    'Finds the `CMD` and `ENTRYPOINT` that the shipped image runs (final stage, or inherited from the stage it is built FROM) written in shell form (`CMD node server.js`) instead of exec form (`CMD ["node", "server.js"]`). A shell-form command that starts with `exec` is fine.',
  rationale:
    'Shell form runs `/bin/sh -c "<command>"`, so /bin/sh becomes PID 1 and your process is its child. The shell does not forward SIGTERM, so on every rollout, scale-down or node drain your process never hears the stop signal: ' +
    'graceful shutdown never runs, the container is SIGKILLed after the grace period, and in-flight requests are dropped. A shell-form ENTRYPOINT also ignores CMD and `docker run` arguments.',
  remediation:
    'Use exec form: `CMD ["/app/server", "--port", "8080"]`. If you need shell features (variable expansion), use a script that ends with `exec "$@"`, or prefix the shell-form command with `exec`.',
  references: [
    'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form',
    'https://docs.docker.com/reference/dockerfile/#entrypoint',
    'https://github.com/hadolint/hadolint/wiki/DL3025',
    'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution',
  ],
  tags: ['dockerfile', 'rollout', 'graceful-shutdown'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nCOPY server /app/server\nCMD /app/server --port 8080\n',
    good: 'FROM debian:bookworm-slim\nCOPY server /app/server\nCMD ["/app/server", "--port", "8080"]\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      if (!build.finalStage) continue;
      // The model resets a CMD inherited from above a later ENTRYPOINT.
      const { entrypoint, cmd } = stageCommand(build.finalStage);
      for (const [used, kw] of [[entrypoint, 'ENTRYPOINT'], [cmd, 'CMD']] as const) {
        if (!used) continue;
        const { stage, instruction: c } = used;
        // A CMD is ignored when a shell-form ENTRYPOINT runs; that one is reported instead.
        if (kw === 'CMD' && entrypoint?.instruction.form === 'shell') continue;
        if (!isShellForm(c, stage)) continue;
        ctx.report({
          at: c.instruction.location,
          message: message(build, stage, kw, c, kw === 'CMD' && entrypoint?.instruction.form === 'exec'),
          key: `${stageLabel(stage)} ${kw} ${c.argv[0]}`,
        });
      }
    }
  },
});

function isShellForm(c: CommandInstruction, stage: BuildStage): boolean {
  if (c.form !== 'shell') return false;
  const text = c.argv[0] ?? '';
  if (!text) return false;
  // `CMD exec node server.js`: the shell replaces itself with the process.
  if (/^exec\s/.test(text)) return false;
  // Windows / PowerShell images: the default shell is cmd or pwsh, not /bin/sh.
  return isPosixShell(stage.shell?.value, stage);
}

function message(build: ImageBuild, stage: BuildStage, kw: string, c: CommandInstruction, afterEntrypoint: boolean): string {
  const cmd = (c.argv[0] ?? '').replace(/\s+/g, ' ');
  const shown = cmd.length > 60 ? cmd.slice(0, 57) + '…' : cmd;
  const inherited = stage !== build.finalStage ? ` (inherited by the final stage from ${stageWords(build, stage)})` : '';
  return (
    `${kw} ${shown} is in shell form${inherited}: ` +
    (afterEntrypoint
      ? 'it reaches the ENTRYPOINT as `/bin/sh -c "…"`, so a shell sits between it and your process and does not forward SIGTERM (where /bin/sh is PID 1 this is worse still): graceful shutdown never runs and every rollout drops in-flight requests when the container is killed. '
      : '/bin/sh becomes PID 1 and does not forward SIGTERM, so graceful shutdown never runs and every rollout drops in-flight requests when the container is killed. ') +
    (/[;&|$`<>()]/.test(cmd)
      ? `Use exec form; for the shell features used here, move the command into a script that ends with \`exec <your process>\` and run it with ${kw} ["/path/to/script.sh"].`
      : `Use exec form: ${kw} ${JSON.stringify(splitWords(cmd))}.`)
  );
}

function splitWords(cmd: string): string[] {
  return cmd
    .split(' ')
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => (w.length >= 2 && (w[0] === '"' || w[0] === "'") && w[w.length - 1] === w[0] ? w.slice(1, -1) : w));
}
