import { defineRule } from '../../src/engine/rule.js';
import { cargoConfigs, cargoManifests, hasNativeCpu, jobShips } from '../../src/model/build-facts.js';
import { stepKey, stepScripts } from '../../src/model/pipeline-facts.js';
import type { Field, Location } from '../../src/model/types.js';
import { cap } from './_wording.js';

const RUSTFLAGS_VARS = new Set(['RUSTFLAGS', 'CARGO_BUILD_RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'RUSTDOCFLAGS']);
const WHY =
  'the compiler then uses every instruction set of the machine that builds it (AVX-512 on a new CI runner), and the binary dies with SIGILL (illegal instruction) on an older or different production CPU. Name a baseline instead (`-C target-cpu=x86-64-v2`) or drop the flag.';

export default defineRule({
  id: 'build/target-cpu-native',
  title: 'Binary built for the build machine\'s CPU',
  severity: 'high',
  status: 'preview',
  description:
    'Finds `-C target-cpu=native` in RUSTFLAGS (Dockerfile `ENV`/`ARG`/`RUN`, workflow `env:` and `run:` of jobs that ship their build), `.cargo/config.toml` `rustflags`, or a Cargo profile.',
  rationale:
    'A binary built with `target-cpu=native` only runs on CPUs with at least the build machine\'s instruction sets. CI runners and build hosts are often newer than production nodes, so the image works in CI and crashes with SIGILL after the deploy, on some nodes only. ' +
    'Jobs that only test or benchmark on the machine that built the code are not reported.',
  remediation: 'Remove `target-cpu=native` from shipped builds, or target a named baseline every production CPU supports (`-C target-cpu=x86-64-v2`, or `x86-64-v3` if you control the fleet).',
  references: ['https://doc.rust-lang.org/rustc/codegen-options/index.html#target-cpu', 'https://doc.rust-lang.org/cargo/reference/config.html#buildrustflags'],
  tags: ['correctness', 'availability', 'cargo', 'dockerfile', 'github-actions'],
  reads: ['imageBuilds', 'pipelines', 'toml'],
  kinds: ['dockerfile', 'github-workflow', 'cargo-config', 'cargo'],
  example: {
    language: 'dockerfile',
    bad: 'FROM rust:1.82 AS build\nENV RUSTFLAGS="-C target-cpu=native"\nRUN cargo build --release --locked\nFROM debian:bookworm-slim\nCOPY --from=build /target/release/app /usr/local/bin/app\n',
    good: 'FROM rust:1.82 AS build\nENV RUSTFLAGS="-C target-cpu=x86-64-v2"\nRUN cargo build --release --locked\nFROM debian:bookworm-slim\nCOPY --from=build /target/release/app /usr/local/bin/app\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds)
      for (const stage of build.stages) {
        const label = `${build.file.path} ${stage.name ? `stage "${stage.name.value}"` : `stage ${stage.index}`}`;
        const key = `${build.file.path} stage[${stage.name?.value ?? stage.index}]`;
        for (const e of stage.env)
          if (RUSTFLAGS_VARS.has(e.name) && hasNativeCpu(e.value))
            ctx.report({ at: e.location, message: `${label} sets ${e.name} with target-cpu=native: ${WHY}`, key: `${key} ENV ${e.name}` });
        for (const a of stage.args)
          if (RUSTFLAGS_VARS.has(a.name) && a.default && hasNativeCpu(a.default))
            ctx.report({ at: a.location, message: `${label} defaults the build argument ${a.name} to target-cpu=native: ${WHY}`, key: `${key} ARG ${a.name}` });
        for (const run of stage.runs)
          for (const c of run.script.commands)
            for (const w of [...c.assignments, ...c.argv])
              if (hasNativeCpu(w.text)) {
                ctx.report({ at: w.location, message: `${label} builds with target-cpu=native in a RUN: ${WHY}`, key: `${key} RUN target-cpu=native` });
                break;
              }
      }
    for (const pipeline of ctx.model.pipelines) {
      const scripts = stepScripts(pipeline).filter((s) => s.kind === 'run');
      const shippingJobs = new Set(scripts.filter(jobShips).map((s) => s.job));
      const envHit = (env: Record<string, Field<string>>, where: string, key: string) => {
        for (const [name, v] of Object.entries(env))
          if (RUSTFLAGS_VARS.has(name) && hasNativeCpu(v.value)) ctx.report({ at: v.location, message: `${where} sets ${name} with target-cpu=native and ships what it builds: ${WHY}`, key: `${key} env.${name}` });
      };
      for (const job of pipeline.jobs) {
        if (!shippingJobs.has(job)) continue;
        const where = `Workflow ${pipeline.file.path}, job "${job.id}"`;
        envHit(job.env, where, stepKey(pipeline, job));
        for (const s of job.steps) envHit(s.env, `${where}, step ${s.index + 1}`, stepKey(pipeline, job, s));
        for (const s of scripts) {
          if (s.job !== job) continue;
          const w = s.shell.commands.flatMap((c) => [...c.assignments, ...c.argv]).find((x) => hasNativeCpu(x.text));
          if (w) ctx.report({ at: w.location, message: `${where} builds with target-cpu=native in a \`run:\` and ships what it builds: ${WHY}`, key: `${stepKey(pipeline, job, s.step)} run target-cpu=native` });
        }
      }
      if (pipeline.jobs.some((j) => shippingJobs.has(j))) envHit(pipeline.env, `Workflow ${pipeline.file.path}`, pipeline.file.path);
    }
    for (const doc of [...cargoConfigs(ctx.model), ...cargoManifests(ctx.model)])
      for (const { path, text } of rustflagsValues(doc.value, '')) {
        if (!hasNativeCpu(text)) continue;
        const at: Location = doc.locate(path)?.value ?? { path: doc.file.path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
        ctx.report({ at, message: `${cap(doc.file.path)} sets \`${path}\` with target-cpu=native, so every build from this repository uses it: ${WHY}`, key: `${doc.file.path} ${path}` });
      }
  },
});

/** Every `rustflags` value (string or array) under a TOML document, with its dotted path. */
function rustflagsValues(v: unknown, prefix: string, depth = 0): Array<{ path: string; text: string }> {
  if (!v || typeof v !== 'object' || Array.isArray(v) || depth > 6) return [];
  const out: Array<{ path: string; text: string }> = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (k === 'rustflags' || k === 'rustdocflags') {
      const text = typeof x === 'string' ? x : Array.isArray(x) ? x.filter((s) => typeof s === 'string').join(' ') : '';
      out.push({ path, text });
    } else out.push(...rustflagsValues(x, path, depth + 1));
  }
  return out;
}

