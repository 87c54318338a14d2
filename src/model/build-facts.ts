/**
 * Rust build facts shared by the build/ rules: `cargo` invocations in
 * Dockerfile RUNs and workflow `run:` scripts (subcommand, `--locked`,
 * `--release`), RUSTFLAGS with `target-cpu=native`, the toolchain pinned by
 * `rust-toolchain(.toml)`, and `[profile.release]` of Cargo manifests.
 */
import { fileStart } from '../base/location.js';
import { realProgramIndex, realProgramName } from './package-installs.js';
import { stepScripts, type StepScript } from './pipeline-facts.js';
import type { BuildStage, ImageBuild, Location, Model, RunInstruction, ShellCommand, ShellWord, TomlDocument } from './types.js';
import { dirOf } from '../base/repo-path.js';

export type ScriptOrigin =
  | { where: 'dockerfile'; build: ImageBuild; stage: BuildStage; run: RunInstruction }
  | { where: 'workflow'; script: StepScript };

export interface CargoCommand {
  command: ShellCommand;
  /** `install`, `build`, `test`, `clippy` ...; '' when none. */
  sub: string;
  subWord?: ShellWord;
  /** `+nightly` of `cargo +nightly build`. */
  toolchain?: string;
  /** The words after the subcommand. */
  args: string[];
  argWords: ShellWord[];
  /** `--locked` or `--frozen`. */
  locked: boolean;
  /** `--release`, `-r` or `--profile <name>` (any name but `dev`/`test`). */
  release: boolean;
  origin: ScriptOrigin;
}

/** Parse one shell command as a cargo invocation. */
export function parseCargo(command: ShellCommand, origin: ScriptOrigin): CargoCommand | undefined {
  const name = realProgramName(command);
  if (name !== 'cargo' && name !== 'cross') return undefined;
  const words = command.argv.slice(realProgramIndex(command) + 1);
  let k = 0;
  let toolchain: string | undefined;
  if (words[k]?.text.startsWith('+')) toolchain = words[k++]!.text.slice(1);
  while (words[k] && words[k]!.text.startsWith('-')) k++; // `cargo -q build`
  const subWord = words[k];
  const argWords = words.slice(k + 1);
  const args = argWords.map((w) => w.text);
  let release = args.includes('--release') || args.includes('-r');
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const profile = a === '--profile' ? args[i + 1] : a.startsWith('--profile=') ? a.slice('--profile='.length) : undefined;
    if (profile !== undefined && profile !== 'dev' && profile !== 'test') release = true;
  }
  const locked = args.some((a) => a === '--locked' || a === '--frozen');
  return { command, sub: subWord?.text ?? '', subWord, toolchain, args, argWords, locked, release, origin };
}

/** Every cargo invocation in Dockerfile RUNs and workflow/composite `run:` scripts. */
export function cargoCommands(model: Model): CargoCommand[] {
  const out: CargoCommand[] = [];
  for (const build of model.imageBuilds)
    for (const stage of build.stages)
      for (const run of stage.runs)
        for (const c of run.script.commands) {
          const p = parseCargo(c, { where: 'dockerfile', build, stage, run });
          if (p) out.push(p);
        }
  for (const pipeline of model.pipelines)
    for (const script of stepScripts(pipeline)) {
      if (script.kind !== 'run') continue;
      for (const c of script.shell.commands) {
        const p = parseCargo(c, { where: 'workflow', script });
        if (p) out.push(p);
      }
    }
  return out;
}

/** A RUSTFLAGS value, rustflags list or compiler argument asks for `target-cpu=native` (`-C target-cpu=native`, `-Ctarget-cpu=native`). */
export function hasNativeCpu(text: string): boolean {
  return text.replace(/\s/g, '').includes('target-cpu=native');
}

/** Text of every flag an environment variable or TOML value carries (strings and string arrays). */
export function flagText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join(' ');
  return '';
}

/** Cargo manifests (`Cargo.toml`) in the scan. */
export function cargoManifests(model: Model): TomlDocument[] {
  return model.toml.filter((d) => d.file.kind === 'cargo');
}

/** `.cargo/config.toml` files. */
export function cargoConfigs(model: Model): TomlDocument[] {
  return model.toml.filter((d) => d.file.kind === 'cargo-config');
}

export interface ToolchainFile {
  path: string;
  /** `channel` as written (`1.75.0`, `stable`, `nightly-2024-05-01`), undefined when absent. */
  channel?: string;
  location: Location;
}

/** `rust-toolchain.toml` and the legacy `rust-toolchain` (a TOML file or a single channel line). */
export function toolchainFiles(model: Model): ToolchainFile[] {
  const out: ToolchainFile[] = [];
  for (const f of model.files) {
    if (f.kind !== 'rust-toolchain') continue;
    const doc = model.toml.find((d) => d.file === f);
    if (doc) {
      const tc = doc.value['toolchain'] as Record<string, unknown> | undefined;
      const channel = typeof tc?.['channel'] === 'string' ? (tc['channel'] as string) : undefined;
      const at = doc.locate('toolchain.channel')?.value ?? doc.locate('toolchain')?.key ?? fileStart(f.path);
      out.push({ path: f.path, channel, location: at });
      continue;
    }
    const lines = f.text.split('\n');
    const index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    if (index === -1) continue;
    const line = lines[index]!;
    const lineNo = index + 1;
    const lead = line.length - line.trimStart().length;
    out.push({ path: f.path, channel: line.trim(), location: { path: f.path, startLine: lineNo, startColumn: lead + 1, endLine: lineNo, endColumn: lead + 1 + line.trim().length } });
  }
  return out;
}

/** A toolchain channel that moves: `stable`, `beta`, `nightly` without a date. */
export function movingChannel(channel: string | undefined): boolean {
  if (!channel) return false;
  return /^(stable|beta|nightly)$/.test(channel.trim().toLowerCase());
}

/** Directory of a repository path ('' for the root). */

/** Whether a manifest declares a binary (a `[[bin]]` table, or `src/main.rs` next to it). */
export function hasBinaryTarget(model: Model, manifest: TomlDocument): boolean {
  if (Array.isArray(manifest.value['bin']) && (manifest.value['bin'] as unknown[]).length > 0) return true;
  const dir = dirOf(manifest.file.path);
  return model.paths.has(dir ? `${dir}/src/main.rs` : 'src/main.rs');
}

/** A `Cargo.lock` at or above the manifest's directory (a workspace lockfile counts). */
export function lockfileFor(model: Model, manifestPath: string): string | undefined {
  let dir = dirOf(manifestPath);
  for (;;) {
    const p = dir ? `${dir}/Cargo.lock` : 'Cargo.lock';
    if (model.paths.has(p)) return p;
    if (!dir) return undefined;
    dir = dirOf(dir);
  }
}

const SHIPPING_ACTIONS = ['actions/upload-artifact', 'softprops/action-gh-release', 'docker/build-push-action', 'ncipollo/release-action', 'actions/upload-release-asset', 'svenstaro/upload-release-action'];

/** The job hands its build output to someone else: uploads artifacts, publishes a release, pushes an image or a crate. */
export function jobShips(script: StepScript): boolean {
  const job = script.job;
  if (job.steps.some((s) => s.uses?.type === 'action' && SHIPPING_ACTIONS.includes([s.uses.owner, s.uses.repo].join('/').toLowerCase()))) return true;
  return stepScripts(script.pipeline).some(
    (s) => s.job === job && s.shell.commands.some((c) => {
      const words = c.argv.map((w) => w.text);
      const p = realProgramName(c);
      return (p === 'docker' && words.includes('push')) || (p === 'gh' && words.includes('release')) || (p === 'cargo' && words.includes('publish'));
    }),
  );
}

/**
 * The scan holds Rust sources (a `.rs` file), so it is a checkout of the crate
 * and not a copy of its build files alone: only then does a missing Cargo.lock
 * mean the repository lacks one.
 */
export function hasRustSources(model: Model): boolean {
  for (const p of model.paths) if (p.endsWith('.rs')) return true;
  return false;
}
