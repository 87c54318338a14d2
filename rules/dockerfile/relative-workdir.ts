import { defineRule } from '../../src/engine/rule.js';
import { stageLineage } from '../../src/model/stages.js';
import { stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/relative-workdir',
  formerIds: ['image/relative-workdir'],
  title: 'WORKDIR is a relative path',
  severity: 'low',
  status: 'stable',
  description:
    'Finds `WORKDIR` with a relative path while no absolute `WORKDIR` was set earlier in the stage (or the stages it is built FROM), so the directory depends on the base image.',
  rationale:
    'A relative `WORKDIR` is resolved against whatever working directory the base image happens to set. A base image update can move it, and `COPY`, `RUN` and the entrypoint then work in a different directory than the one tested.',
  remediation: 'Use an absolute path (`WORKDIR /app`); WORKDIR creates the directory if it does not exist.',
  differences:
    'hadolint DL3000 reports every relative WORKDIR. This rule does not report one that follows an absolute WORKDIR in the same stage or a stage it is built FROM (`WORKDIR /app` then `WORKDIR src`): ' +
    'it resolves against a directory the Dockerfile itself set, not the base image\'s. Like hadolint it accepts `$VAR` paths and Windows drive paths. ' +
    'In a Dockerfile fragment nothing before it is known, so a relative WORKDIR there is reported.',
  references: ['https://docs.docker.com/reference/dockerfile/#workdir', 'https://github.com/hadolint/hadolint/wiki/DL3000'],
  tags: ['dockerfile', 'correctness'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nWORKDIR app\nCOPY config/ ./config/\n',
    good: 'FROM debian:bookworm-slim\nWORKDIR /app\nCOPY config/ ./config/\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of build.stages) {
        // An absolute WORKDIR inherited from a parent stage anchors relative ones.
        let anchored = stageLineage(stage).slice(0, -1).some((s) => s.workdirs.some((w) => isAbsolute(unquote(w.value))));
        for (const w of stage.workdirs) {
          const path = unquote(w.value);
          if (isAbsolute(path) || path.startsWith('$')) {
            anchored = true;
            continue;
          }
          if (anchored || !path || path === '.' || path === './') continue;
          ctx.report({
            at: w.location,
            message: `WORKDIR ${path} in ${stageWords(build, stage)} is relative, so it resolves against the base image's working directory, which a base image update can change. Use an absolute path such as /${path.replace(/^\.\//, '')}.`,
            key: `${stageLabel(stage)} WORKDIR ${path}`,
          });
        }
      }
    }
  },
});

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0] ? t.slice(1, -1) : t;
}

/** `/app`, and Windows `C:\\app` / `C:/app`. */
function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\');
}
