import { defineRule } from '../../src/engine/rule.js';
import type { BuildStage, ImageBuild, Location } from '../../src/model/types.js';
import { substituteVars } from '../../src/model/image-ref.js';
import { findStage } from '../../src/model/stages.js';
import { stageLabel } from './_wording.js';

export default defineRule({
  id: 'dockerfile/invalid-stage-reference',
  formerIds: ['image/invalid-stage-reference'],
  title: 'Reference to a build stage that does not exist',
  severity: 'high',
  status: 'stable',
  severities: [
    { severity: 'high', when: 'a stage alias is reused, a reference names a later stage, the stage itself or a stage index not yet defined, or a bare name is within two edits of an earlier stage (a typo)' },
    { severity: 'medium', when: 'a bare `--from` name matches no stage and resembles none: Docker pulls it as an image from Docker Hub unless the build passes a named context (`--build-context`) of that name' },
  ],
  description:
    '`COPY --from=x` or `RUN --mount=from=x` where x is not an earlier stage name, a valid stage index or an image reference; `COPY --from` of its own stage; ' +
    'a stage alias used twice; `FROM` of a stage that is only defined later.',
  rationale:
    'Docker resolves a name that is not an earlier stage as an image on Docker Hub: a typo in `--from=biulder` or a reference to a later stage silently pulls `docker.io/library/<name>:latest` ' +
    '(or fails the build at release time), and a duplicate alias makes `--from` point at a different stage than the author meant. The image that ships is not the one that was reviewed.',
  remediation: 'Reference stages by the alias given in an earlier `FROM ... AS <name>`, keep aliases unique, order stages so each is defined before use, and write external images with an explicit tag (`COPY --from=busybox:1.36 ...`).',
  references: [
    'https://docs.docker.com/build/building/multi-stage/',
    'https://github.com/hadolint/hadolint/wiki/DL3022',
    'https://github.com/hadolint/hadolint/wiki/DL3023',
    'https://github.com/hadolint/hadolint/wiki/DL3024',
  ],
  tags: ['dockerfile', 'multi-stage', 'correctness'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM rust:1.75-slim AS builder\nRUN cargo build --release\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=biulder /app/target/release/app /app',
    good: 'FROM rust:1.75-slim AS builder\nRUN cargo build --release\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=builder /app/target/release/app /app',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      const argValues = new Map(build.globalArgs.map((a) => [a.name, a.default]));
      // Duplicate aliases.
      const seen = new Map<string, BuildStage>();
      for (const s of build.stages) {
        if (!s.name) continue;
        const lower = s.name.value.toLowerCase();
        const prev = seen.get(lower);
        if (prev) {
          ctx.report({
            at: s.name.location,
            message: `Stage alias "${s.name.value}" is already used by stage ${prev.index}: \`--from=${s.name.value}\` and \`FROM ${s.name.value}\` after this line silently refer to this stage. Give each stage a unique name.`,
            related: [{ location: prev.name!.location, message: 'first defined here' }],
            key: `duplicate stage ${lower}`,
          });
        } else seen.set(lower, s);
      }
      // FROM of a stage defined later.
      for (const s of build.stages) {
        if (s.parentStage || !s.base || !s.base.resolved) continue;
        const later = build.stages.find((t) => t.index > s.index && t.name?.value.toLowerCase() === s.base!.raw.toLowerCase());
        if (!later) continue;
        ctx.report({
          at: s.base.location,
          message: `FROM ${s.base.raw} names stage "${later.name!.value}", which is only defined later (stage ${later.index}): Docker pulls an image called "${s.base.raw}" instead. Move that stage above this one.`,
          related: [{ location: later.name!.location, message: 'stage defined here' }],
          key: `${stageLabel(s)} FROM later stage ${s.base.raw}`,
        });
      }
      // COPY --from and RUN --mount=from.
      for (const s of build.stages) {
        for (const c of s.copies) if (c.from) check(build, s, c.from.value, c.from.location, 'COPY --from');
        for (const r of s.runs) {
          for (const m of r.mounts) {
            if (m.options['from']) check(build, s, m.options['from'], r.instruction.flags.find((f) => f.name === 'mount' && f.value?.includes('from='))?.location ?? r.instruction.location, 'RUN --mount from');
          }
        }
      }

      function check(build: ImageBuild, s: BuildStage, raw: string, at: Location, what: string) {
        const ref = substituteVars(raw, argValues);
        if (ref.includes('$')) return; // unknown value
        // In a fragment the stages before it are in another file: stage indices are unknown.
        if (/^\d+$/.test(ref) && build.fragment) return;
        const lower = ref.toLowerCase();
        const own = s.name?.value.toLowerCase() === lower || (/^\d+$/.test(ref) && Number(ref) === s.index);
        if (own) {
          ctx.report({
            at,
            message: `${what}=${raw} refers to its own stage (${stageLabel(s)}): a stage cannot copy from itself; the build fails or pulls an image named "${raw}". Reference the earlier stage that produces the files.`,
            key: `${stageLabel(s)} ${what}=${raw} own stage`,
          });
          return;
        }
        if (findStage(build, ref, s.index)) return;
        if (/^\d+$/.test(ref)) {
          ctx.report({
            at,
            message: `${what}=${raw} refers to stage index ${ref}, but only stages 0–${s.index - 1} are defined before ${stageLabel(s)}. Use the alias of an earlier stage.`,
            key: `${stageLabel(s)} ${what}=${raw} bad index`,
          });
          return;
        }
        const later = build.stages.find((t) => t.index > s.index && t.name?.value.toLowerCase() === lower);
        if (later) {
          ctx.report({
            at,
            message: `${what}=${raw} names stage "${later.name!.value}", which is defined later (stage ${later.index}): Docker pulls an image called "${raw}" instead. Move that stage above ${stageLabel(s)}.`,
            related: [{ location: later.name!.location, message: 'stage defined here' }],
            key: `${stageLabel(s)} ${what}=${raw} later stage`,
          });
          return;
        }
        // A tag, digest, registry or namespace makes it an image reference.
        if (/[:@/.]/.test(ref)) return;
        // A BuildKit named context the builds pass (`--build-context name=...`, bake `contexts`).
        if (build.namedContexts.has(ref)) return;
        const names = build.stages.filter((t) => t.name && t.index < s.index).map((t) => t.name!.value);
        const near = names.find((n) => editDistance(n.toLowerCase(), lower) <= 2);
        const fragment = build.fragment ? ' This file is a fragment (instructions before any FROM): if the stage is defined in the file it is assembled with, suppress this with that reason.' : '';
        ctx.report({
          at,
          severity: near ? 'high' : 'medium',
          message:
            `${what}=${raw} is not a stage defined earlier${names.length ? ` (${names.map((n) => `"${n}"`).join(', ')})` : ''}` +
            (near
              ? `, so Docker pulls the image docker.io/library/${lower}:latest. Did you mean "${near}"?`
              : `: unless the build passes a named context of that name (\`--build-context ${raw}=...\`, bake \`contexts\`), Docker pulls the image docker.io/library/${lower}:latest. ` +
                `If you mean that image, write it with a tag (${lower}:<version>); if it is a named context, suppress this with that reason; otherwise name the stage that builds the files.`) +
            fragment,
          key: `${stageLabel(s)} ${what}=${raw} unknown`,
        });
      }
    }
  },
});

/** Levenshtein distance for short names (stage aliases), O(a·b). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
