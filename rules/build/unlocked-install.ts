import { defineRule } from '../../src/engine/rule.js';
import { cargoCommands } from '../../src/model/build-facts.js';
import { packageInstalls } from '../../src/model/package-installs.js';
import { stepScripts } from '../../src/model/pipeline-facts.js';
import { cap, originKey, originWords } from './_wording.js';

const CI_BUILDS = new Set(['build', 'test', 'nextest', 'bench']);
const VALUE_FLAGS = new Set(['--version', '--vers', '--features', '-F', '--root', '--target', '--target-dir', '--profile', '--git', '--branch', '--tag', '--rev', '--path', '--registry', '--index', '--jobs', '-j', '--bin', '--example', '--config', '-Z', '--color']);

/** What `cargo install` installs, in words: `cargo-audit`, `the local crate at ./`, `https://github.com/x/y`. */
function installedCrate(args: string[]): string {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    if (i !== -1) return args[i + 1];
    return args.find((a) => a.startsWith(flag + '='))?.slice(flag.length + 1);
  };
  const path = value('--path');
  if (path !== undefined) return `the local crate at ${path}`;
  const git = value('--git');
  if (git !== undefined) return git;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (VALUE_FLAGS.has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return a;
  }
  return 'a crate';
}

export default defineRule({
  id: 'build/unlocked-install',
  title: 'Dependencies resolved without the lockfile',
  severity: 'medium',
  status: 'preview',
  severities: [
    { severity: 'medium', when: '`cargo install` runs without `--locked` (workflow or Dockerfile)' },
    { severity: 'low', when: 'a workflow runs `cargo build`/`cargo test` without `--locked` in a repository with a Cargo.lock, or `npm install` where a package-lock.json makes `npm ci` fit' },
  ],
  description:
    'Finds `cargo install` without `--locked`, and in CI `cargo build`/`cargo test` without `--locked` or `npm install` where `npm ci` fits: dependency resolution that ignores the lockfile.',
  rationale:
    '`cargo install` ignores the crate\'s published Cargo.lock unless `--locked` is given: it resolves the newest semver-compatible version of every dependency at that moment, so a yanked, broken or malicious release lands in your toolchain (cargo-audit itself has broken this way). ' +
    'In CI, a build without `--locked` silently updates Cargo.lock when it is out of date, so CI tests a dependency set nobody committed; `npm install` likewise rewrites package-lock.json where `npm ci` installs exactly it. No anchor (zizmor, actionlint, checkov) checks this.',
  remediation: 'Add `--locked` (`cargo install --locked cargo-audit`, `cargo test --locked`), and use `npm ci` in CI. Pin the version of installed tools too (`cargo install --locked cargo-audit@0.21.0`).',
  references: ['https://doc.rust-lang.org/cargo/commands/cargo-install.html#dealing-with-the-lockfile', 'https://docs.npmjs.com/cli/commands/npm-ci'],
  tags: ['supply-chain', 'reproducibility', 'ci', 'cargo', 'github-actions', 'dockerfile'],
  reads: ['pipelines', 'imageBuilds'],
  kinds: ['github-workflow', 'github-action', 'dockerfile'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/audit.yml',
    bad: 'on: push\npermissions:\n  contents: read\njobs:\n  audit:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: cargo install cargo-audit\n      - run: cargo audit\n',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  audit:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: cargo install --locked cargo-audit@0.21.0\n      - run: cargo audit\n',
  },
  check(ctx) {
    const hasCargoLock = (ctx.model.pathsByName.get('Cargo.lock') ?? []).length > 0;
    for (const c of cargoCommands(ctx.model)) {
      if (c.locked) continue;
      const at = c.subWord?.location ?? c.command.location;
      if (c.sub === 'install') {
        const crate = installedCrate(c.args);
        ctx.report({
          at: c.command.location,
          message: `${cap(originWords(c.origin))} runs \`cargo install\` of ${crate} without \`--locked\`: cargo ignores the crate's published Cargo.lock and resolves the newest version of every dependency at that moment, so a broken or malicious release can end up in the build. Add \`--locked\` and pin the version.`,
          key: `${originKey(c.origin)} cargo install ${crate}`,
        });
      } else if (c.origin.where === 'workflow' && CI_BUILDS.has(c.sub) && hasCargoLock) {
        ctx.report({
          at,
          message: `${cap(originWords(c.origin))} runs \`cargo ${c.sub}\` without \`--locked\`: when Cargo.lock is out of date cargo silently updates it, so CI tests dependencies nobody committed. Add \`--locked\`.`,
          key: `${originKey(c.origin)} cargo ${c.sub}`,
          severity: 'low',
        });
      }
    }
    const hasNpmLock = (ctx.model.pathsByName.get('package-lock.json') ?? []).length > 0;
    if (!hasNpmLock) return;
    for (const pipeline of ctx.model.pipelines)
      for (const s of stepScripts(pipeline)) {
        if (s.kind !== 'run') continue;
        for (const p of packageInstalls(s.shell.commands)) {
          if (p.manager !== 'npm' || !['install', 'i', 'add'].includes(p.subcommand) || p.packages.length > 0) continue;
          if (p.flags.some((f) => f.name === '-g' || f.name === '--global')) continue;
          const origin = { where: 'workflow' as const, script: s };
          ctx.report({
            at: p.subcommandWord?.location ?? p.command.location,
            message: `${cap(originWords(origin))} runs \`npm ${p.subcommand}\` in a repository with a package-lock.json: it may rewrite the lockfile and install versions nobody committed. Use \`npm ci\`.`,
            key: `${originKey(origin)} npm ${p.subcommand}`,
            severity: 'low',
          });
        }
      }
  },
});
