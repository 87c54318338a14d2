import { defineRule } from '../../src/engine/rule.js';
import { cargoCommands, movingChannel, toolchainFiles } from '../../src/model/build-facts.js';
import { actionName, remoteUses, stepKey, stepLabel } from '../../src/model/pipeline-facts.js';
import { realProgramName } from '../../src/model/package-installs.js';
import { stepScripts } from '../../src/model/pipeline-facts.js';
import { cap } from './_wording.js';

const TOOLCHAIN_ACTIONS = new Set(['dtolnay/rust-toolchain', 'actions-rs/toolchain', 'actions-rust-lang/setup-rust-toolchain']);
const WHY = 'a new Rust release (every six weeks, nightly every day) changes the compiler under the same commit: new lints fail `-D warnings`, codegen changes, and an old commit no longer builds the same way.';

export default defineRule({
  id: 'build/toolchain-unpinned',
  title: 'Rust toolchain follows a moving channel',
  severity: 'low',
  status: 'preview',
  description:
    'Finds a `rust-toolchain(.toml)` whose channel is `stable`/`beta`/`nightly`; CI that installs a moving channel (`dtolnay/rust-toolchain@stable`, `rustup default stable`) when no toolchain file pins a version; and Dockerfile stages `FROM rust` with a tag that names no version.',
  rationale:
    'The compiler is part of the build. With a moving channel, the same commit builds with whatever Rust is current that day: a new clippy lint breaks CI on an unrelated PR, and a bisect or a rebuild of an old release uses a different compiler. ' +
    'No anchor checks this. `FROM rust` without any tag is left to image/unpinned-tag; jobs that only run `cargo fmt` (often on nightly for unstable rustfmt options) are not reported.',
  remediation: 'Pin the version in `rust-toolchain.toml` (`channel = "1.82.0"`, or a dated nightly `nightly-2024-11-01`); CI toolchain actions and rustup then follow it. In Dockerfiles use `FROM rust:1.82-slim-bookworm`.',
  references: ['https://rust-lang.github.io/rustup/overrides.html#the-toolchain-file', 'https://github.com/dtolnay/rust-toolchain'],
  tags: ['reproducibility', 'cargo', 'github-actions', 'dockerfile'],
  reads: ['pipelines', 'toml', 'imageBuilds'],
  kinds: ['rust-toolchain', 'github-workflow', 'dockerfile'],
  example: {
    language: 'toml',
    path: 'rust-toolchain.toml',
    bad: '[toolchain]\nchannel = "stable"\n',
    good: '[toolchain]\nchannel = "1.82.0"\n',
  },
  check(ctx) {
    const files = toolchainFiles(ctx.model);
    for (const f of files)
      if (movingChannel(f.channel))
        ctx.report({ at: f.location, message: `${f.path} sets the channel \`${f.channel}\`: ${WHY} Pin a version (\`1.82.0\`) or a dated nightly.`, key: `${f.path} channel` });
    const pinned = files.some((f) => f.channel && !movingChannel(f.channel));
    if (!pinned) {
      // Jobs whose only cargo command is `cargo fmt` often need nightly rustfmt options; they build nothing.
      const cargoByJob = new Map<unknown, string[]>();
      for (const c of cargoCommands(ctx.model)) if (c.origin.where === 'workflow') cargoByJob.set(c.origin.script.job, [...(cargoByJob.get(c.origin.script.job) ?? []), c.sub]);
      const fmtOnly = (job: unknown) => {
        const subs = cargoByJob.get(job);
        return subs !== undefined && subs.every((s) => s === 'fmt');
      };
      for (const pipeline of ctx.model.pipelines) {
        for (const u of remoteUses(pipeline)) {
          const name = actionName(u.ref);
          if (!name || !TOOLCHAIN_ACTIONS.has(name) || !u.step || fmtOnly(u.job)) continue;
          const written = u.step.with['toolchain']?.value.trim();
          const channel = written ?? (name === 'dtolnay/rust-toolchain' ? u.ref.ref : undefined);
          if (!movingChannel(channel)) continue;
          ctx.report({
            at: u.step.with['toolchain']?.location ?? u.ref.location,
            message: `${cap(stepLabel(pipeline, u.job, u.step))} installs the \`${channel}\` toolchain and no rust-toolchain file pins a version: ${WHY} Add a rust-toolchain.toml with a pinned channel.`,
            key: `${stepKey(pipeline, u.job, u.step)} toolchain ${channel}`,
          });
        }
        for (const s of stepScripts(pipeline))
          for (const c of s.shell.commands) {
            if (realProgramName(c) !== 'rustup' || fmtOnly(s.job)) continue;
            const words = c.argv.map((w) => w.text);
            const i = words.findIndex((w) => w === 'default' || w === 'install' || w === 'update');
            const channel = i === -1 ? undefined : words.slice(i + 1).find((w) => !w.startsWith('-'));
            if (!movingChannel(channel)) continue;
            ctx.report({
              at: c.location,
              message: `${cap(stepLabel(pipeline, s.job, s.step))} runs \`${words.join(' ')}\` and no rust-toolchain file pins a version: ${WHY} Add a rust-toolchain.toml with a pinned channel.`,
              key: `${stepKey(pipeline, s.job, s.step)} rustup ${channel}`,
            });
          }
      }
    }
    for (const build of ctx.model.imageBuilds)
      for (const stage of build.stages) {
        const b = stage.base;
        if (!b || b.digest) continue;
        const name = b.repository.toLowerCase();
        if (name !== 'rust' && name !== 'library/rust') continue;
        const tag = b.tag?.toLowerCase();
        // No tag, `latest` and the channel tags are image/unpinned-tag's.
        if (!tag || tag === 'latest' || tag === 'slim' || tag === 'alpine' || /[0-9]/.test(tag)) continue;
        ctx.report({
          at: b.location,
          message: `${build.file.path} ${stage.name ? `stage "${stage.name.value}"` : `stage ${stage.index}`} builds FROM ${b.raw}, whose tag names no Rust version: ${WHY} Use a versioned tag such as \`rust:1.82-${tag}\`.`,
          key: `${build.file.path} FROM[${stage.index}] rust`,
        });
      }
  },
});
