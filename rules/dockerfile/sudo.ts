import { defineRule } from '../../src/engine/rule.js';
import { finalLineage } from '../../src/model/stages.js';
import { stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/sudo',
  formerIds: ['image/sudo'],
  title: 'sudo used or installed in the image',
  severity: 'medium',
  status: 'stable',
  description: 'Finds `sudo` commands in `RUN`, and the `sudo` package installed into the shipped image (the final stage and the stages it is built FROM).',
  rationale:
    'Build steps already run as root unless a `USER` says otherwise, so `sudo` in a `RUN` only hides which user a step really needs. ' +
    'Shipping `sudo` gives anyone who gets code execution in the container a ready path back to root, defeating a non-root `USER`; its TTY and PAM behaviour also makes signals and logging unpredictable.',
  remediation:
    'Run privileged build steps before switching `USER` (or switch back with `USER root` for that step). Do not install sudo in runtime images; ' +
    'if an entrypoint must drop privileges, use `gosu` or `su-exec` and end as the non-root user.',
  differences:
    'hadolint DL3004 reports every RUN that runs `sudo` and, per its own tests, not `apt-get install sudo`. This rule also reports the `sudo` package installed into the shipped image (final stage and the stages it is built FROM), ' +
    'since that is what gives a compromised process a way back to root; installing it in a builder stage that is only copied from is not reported. A bare `sudo` without a command is not reported. ' +
    'In a Dockerfile fragment (instructions before any FROM) the instructions are checked as one stage, as hadolint does.',
  references: ['https://github.com/hadolint/hadolint/wiki/DL3004', 'https://docs.docker.com/build/building/best-practices/#user'],
  tags: ['dockerfile', 'security', 'least-privilege'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nRUN useradd --uid 10001 app\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl\n',
    good: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN useradd --uid 10001 app\nUSER app\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      const shipped = new Set(finalLineage(build));
      for (const stage of build.stages) {
        for (const run of stage.runs) {
          for (const c of run.script.commands) {
            const w = c.argv[0];
            if (!w || w.text.slice(w.text.lastIndexOf('/') + 1) !== 'sudo' || c.argv.length < 2) continue;
            ctx.report({
              at: w.location,
              message:
                `sudo in a RUN of ${stageWords(build, stage)}: build steps run as the stage's USER, so sudo only hides which user this step needs (and requires sudo in the image). ` +
                'Run the step as root before switching USER, or use `USER root` around it.',
              key: `${stageLabel(stage)} RUN sudo ${c.argv[1]!.text}`,
            });
          }
          if (!shipped.has(stage)) continue;
          for (const p of run.installs) {
            const pkg = p.packages.find((x) => x.kind === 'name' && x.name === 'sudo' && ['apt-get', 'apt', 'apk', 'dnf', 'yum', 'microdnf'].includes(p.manager));
            if (!pkg) continue;
            ctx.report({
              at: pkg.word.location,
              message:
                `${stageWords(build, stage)[0]!.toUpperCase()}${stageWords(build, stage).slice(1)} installs sudo into the shipped image: code that breaks into the container gets a ready path back to root. ` +
                'Remove it; drop privileges with gosu/su-exec in the entrypoint if needed.',
              key: `${stageLabel(stage)} RUN ${p.manager} install sudo`,
            });
          }
        }
      }
    }
  },
});
