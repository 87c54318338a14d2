import { defineRule } from '../../src/engine/rule.js';
import { cargoCommands } from '../../src/model/build-facts.js';

export default defineRule({
  id: 'build/debug-build',
  title: 'Image ships a debug build',
  severity: 'high',
  status: 'preview',
  description:
    'Finds Dockerfiles that copy `target/debug/...` into a stage, or build with `cargo build` without `--release`/`--profile` in a stage whose `target/` output a later stage copies.',
  rationale:
    'A Rust debug build is unoptimised (often 10-50 times slower), carries debug info and overflow checks: the service behaves and performs nothing like what was benchmarked, and it is easy to miss because it still works.',
  remediation: 'Build with `cargo build --release --locked` and copy from `target/release/`.',
  references: ['https://doc.rust-lang.org/cargo/reference/profiles.html#default-profiles'],
  tags: ['correctness', 'image-size', 'cargo', 'dockerfile', 'multi-stage'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM rust:1.82 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --locked\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/debug/app /usr/local/bin/app\n',
    good: 'FROM rust:1.82 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release --locked\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/app /usr/local/bin/app\n',
  },
  check(ctx) {
    const unreleased = new Map<string, string>();
    for (const c of cargoCommands(ctx.model))
      if (c.origin.where === 'dockerfile' && c.sub === 'build' && !c.release) {
        const s = c.origin.stage;
        unreleased.set(`${c.origin.build.file.path}#${s.index}`, c.command.argv.map((w) => w.text).join(' '));
        if (s.name) unreleased.set(`${c.origin.build.file.path}#${s.name.value.toLowerCase()}`, c.command.argv.map((w) => w.text).join(' '));
      }
    for (const build of ctx.model.imageBuilds)
      for (const stage of build.stages)
        for (const copy of stage.copies)
          for (const src of copy.sources) {
            const t = src.text.replace(/\\/g, '/');
            const segs = t.split('/');
            const ti = segs.indexOf('target');
            if (ti === -1) continue;
            const label = `${build.file.path} ${stage.name ? `stage "${stage.name.value}"` : `stage ${stage.index}`}`;
            if (segs.slice(ti + 1).includes('debug')) {
              ctx.report({
                at: src.location,
                message: `${label} copies ${src.text}, a debug build: unoptimised code with debug info and overflow checks ships to production. Build with \`--release\` and copy from target/release/.`,
                key: `${build.file.path} stage[${stage.name?.value ?? stage.index}] COPY ${src.text}`,
              });
              continue;
            }
            const from = copy.from?.value.toLowerCase();
            const built = from !== undefined ? unreleased.get(`${build.file.path}#${from}`) : undefined;
            if (built && !segs.slice(ti + 1).includes('release'))
              ctx.report({
                at: src.location,
                message: `${label} copies ${src.text} from stage "${copy.from!.value}", which runs \`${built}\` without \`--release\`: the image gets a debug build. Build with \`--release\`.`,
                key: `${build.file.path} stage[${stage.name?.value ?? stage.index}] COPY ${src.text}`,
              });
          }
  },
});
