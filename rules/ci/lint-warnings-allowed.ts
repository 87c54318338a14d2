import { defineRule } from '../../src/engine/rule.js';
import { cargoCommands } from '../../src/model/build-facts.js';
import { stepKey, stepLabel } from '../../src/model/pipeline-facts.js';

export default defineRule({
  id: 'ci/lint-warnings-allowed',
  title: 'Clippy in CI does not fail on warnings',
  severity: 'low',
  status: 'preview',
  description: 'Finds `cargo clippy` in workflows without `-D warnings` (after `--`, or in `RUSTFLAGS` of the step, job or workflow).',
  rationale: 'Clippy exits 0 on warnings, so the CI step passes whatever it prints: warnings accumulate until nobody reads them, and the lints that catch real bugs are lost in the noise.',
  remediation: 'Run `cargo clippy --all-targets --locked -- -D warnings`, or set `RUSTFLAGS: -D warnings` for the job; allow specific lints in code or `[lints]` in Cargo.toml.',
  references: ['https://doc.rust-lang.org/clippy/continuous_integration/index.html'],
  tags: ['correctness', 'ci', 'cargo', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow', 'github-action'],
  example: {
    language: 'yaml',
    path: '.github/workflows/lint.yml',
    bad: 'on: push\npermissions:\n  contents: read\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: cargo clippy --all-targets --locked\n',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: cargo clippy --all-targets --locked -- -D warnings\n',
  },
  check(ctx) {
    for (const c of cargoCommands(ctx.model)) {
      if (c.origin.where !== 'workflow' || c.sub !== 'clippy') continue;
      if (denies(c.args) || c.args.includes('--fix')) continue;
      const { pipeline, job, step } = c.origin.script;
      const envs = [step.env, job.env, pipeline.env];
      if (envs.some((e) => ['RUSTFLAGS', 'CARGO_BUILD_RUSTFLAGS'].some((n) => e[n] && denies(e[n]!.value.split(/\s+/))))) continue;
      if (c.command.assignments.some((a) => /^(CARGO_BUILD_)?RUSTFLAGS=/.test(a.text) && denies(a.text.slice(a.text.indexOf('=') + 1).split(/\s+/)))) continue;
      ctx.report({
        at: c.subWord?.location ?? c.command.location,
        message: `${cap(stepLabel(pipeline, job, step))} runs \`cargo clippy\` without \`-D warnings\`: clippy exits 0 on warnings, so the step passes whatever it reports. Add \`-- -D warnings\`.`,
        key: `${stepKey(pipeline, job, step)} clippy`,
      });
    }
  },
});

/** `-D warnings`, `-Dwarnings`, `--deny warnings`, `--deny=warnings`. */
function denies(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.replace(/^["']|["']$/g, '');
    if (a === '-Dwarnings' || a === '--deny=warnings') return true;
    if ((a === '-D' || a === '--deny') && args[i + 1]?.replace(/^["']|["']$/g, '') === 'warnings') return true;
  }
  return false;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
