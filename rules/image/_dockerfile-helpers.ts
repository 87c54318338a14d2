/**
 * Shared helpers for the Dockerfile build-hygiene and "which image" rules.
 * They only read the model (ImageBuild / BuildStage / ShellScript); nothing
 * here reads files.
 */
import type { BuildStage, DockerInstruction, ImageBuild, ImageRef, Location, RunInstruction, ShellCommand } from '../../src/model/types.js';
import { realProgramIndex } from '../../src/model/package-installs.js';
import { trimTrailingSlashes } from '../../src/model/strings.js';

/** `stage[builder]` or `stage[0]`, for messages and fingerprint keys. */
export function stageLabel(stage: BuildStage): string {
  return `stage[${stage.name?.value ?? stage.index}]`;
}

/** Human wording: `stage "builder"`, `the final stage "runtime"`, `stage 0`. */
export function stageWords(build: ImageBuild, stage: BuildStage): string {
  const name = stage.name ? `"${stage.name.value}"` : `${stage.index}`;
  if (build.stages.length === 1) return 'the image';
  if (stage === build.finalStage) return stage.name ? `the final stage ${name}` : 'the final stage';
  return `stage ${name}`;
}

/**
 * The stages whose filesystem ends up in the shipped image: the final stage
 * and the stages it is built `FROM` (`FROM base AS runtime`). Builder stages
 * that are only copied from are not part of it.
 */
export function finalLineage(build: ImageBuild): BuildStage[] {
  const out: BuildStage[] = [];
  const seen = new Set<BuildStage>();
  for (let s = build.finalStage; s && !seen.has(s); s = s.parentStage) {
    seen.add(s);
    out.push(s);
  }
  return out;
}

/** The external base image a stage ultimately builds on (following `FROM <stage>`). */
export function rootBase(stage: BuildStage): { stage: BuildStage; base?: ImageRef } {
  let s = stage;
  const seen = new Set<BuildStage>();
  while (s.parentStage && !seen.has(s)) {
    seen.add(s);
    s = s.parentStage;
  }
  return { stage: s, base: s.base };
}

/** The program name after unwrapping `sudo`, `env`, `exec` ...: `/usr/bin/apt-get` is `apt-get`. */
export function commandName(cmd: ShellCommand): string {
  const w = cmd.argv[realProgramIndex(cmd)];
  const t = w?.text ?? '';
  return t.slice(t.lastIndexOf('/') + 1);
}

/** Location covering commands `from`..`to` of a script (a pipeline). */
export function spanOf(a: Location, b: Location): Location {
  return { path: a.path, startLine: a.startLine, startColumn: a.startColumn, endLine: b.endLine, endColumn: b.endColumn };
}

/** Short, single-line text of a command for messages and keys. */
export function commandText(cmd: ShellCommand, maxWords = 8): string {
  const words = cmd.argv.map((w) => w.text);
  const t = words.slice(0, maxWords).join(' ') + (words.length > maxWords ? ' …' : '');
  return t.length > 120 ? t.slice(0, 117) + '…' : t;
}

export type ShellKind = 'posix' | 'other';

export interface RunWithShell {
  run: RunInstruction;
  /** The SHELL in force for this RUN (undefined = the default `/bin/sh -c`). */
  shell?: string[];
}

/** Each RUN of a stage with the SHELL in force when it runs (resolved by the model). */
export function runsWithShell(stage: BuildStage): RunWithShell[] {
  return stage.runs.map((run) => ({ run, shell: run.shell }));
}

/** Windows base images run `cmd /S /C` by default, not a POSIX shell. */
export function isWindowsBase(stage: BuildStage): boolean {
  const b = rootBase(stage).base;
  if (!b) return false;
  return /(^|\/)(windows|nanoserver|servercore)(\/|$)|windowsservercore|nanoserver/i.test(b.repository) || /(^|-)(windowsservercore|nanoserver|ltsc\d{4})/i.test(b.tag ?? '');
}

/** True when the shell is sh/bash/ash/dash/zsh/ksh (pipefail and `-c` semantics apply). */
export function isPosixShell(shell: string[] | undefined, stage: BuildStage): boolean {
  if (!shell) return !isWindowsBase(stage);
  const prog = (shell[0] ?? '').replace(/\\/g, '/');
  const name = prog.slice(prog.lastIndexOf('/') + 1).toLowerCase();
  return /^(sh|bash|ash|dash|zsh|ksh|mksh|busybox)$/.test(name);
}

/** Options given to the SHELL, e.g. `-o pipefail` in `["/bin/bash", "-o", "pipefail", "-c"]`. */
export function shellHasPipefail(shell: string[] | undefined): boolean {
  if (!shell) return false;
  for (let i = 1; i < shell.length; i++) {
    const a = shell[i]!;
    if (a === 'pipefail' && /^-[a-z]*o$/.test(shell[i - 1] ?? '')) return true;
    if (a.includes('pipefail')) return true;
  }
  return false;
}

/** Stage reference resolution: an earlier stage by name (case-insensitive) or index. */
export function findStage(build: ImageBuild, ref: string, before: number): BuildStage | undefined {
  const lower = ref.toLowerCase();
  if (/^\d+$/.test(ref)) {
    const i = Number(ref);
    return i < before ? build.stages[i] : undefined;
  }
  return build.stages.find((s) => s.index < before && s.name?.value.toLowerCase() === lower);
}

/** All instructions of a stage with the given keyword. */
export function instructionsOf(stage: BuildStage, keyword: string): DockerInstruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/**
 * Dockerfiles that exist to provide a toolchain (dev containers, CI images,
 * builder images): a full OS or a compiler is the point there.
 */
export function isToolingDockerfile(path: string): boolean {
  if (/(^|\/)\.devcontainer\//.test(path)) return true;
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')).toLowerCase() : '';
  const tokens = name.split(/[._-]/);
  const TOOLING = new Set(['dev', 'devel', 'develop', 'development', 'devcontainer', 'ci', 'test', 'tests', 'testing', 'builder', 'build', 'toolchain', 'tools', 'cross', 'bench', 'lint', 'e2e']);
  if (tokens.some((t) => TOOLING.has(t))) return true;
  const dirs = dir.split('/');
  return dirs.some((d) => d === '.devcontainer' || d === 'devcontainer' || d === 'ci' || d === '.ci' || d === 'tools' || d === 'hack' || d === 'test' || d === 'tests' || d === 'e2e');
}

/** Text of every RUN in the given stages (for "was X configured earlier" checks). */
export function runsBefore(stages: BuildStage[], stop: RunInstruction): RunInstruction[] {
  const out: RunInstruction[] = [];
  for (const s of stages) {
    for (const r of s.runs) {
      if (r === stop) return out;
      out.push(r);
    }
  }
  return out;
}

/** The stage's ancestors from the root stage down to the stage itself. */
export function lineageTopDown(stage: BuildStage): BuildStage[] {
  const out: BuildStage[] = [];
  const seen = new Set<BuildStage>();
  for (let s: BuildStage | undefined = stage; s && !seen.has(s); s = s.parentStage) {
    seen.add(s);
    out.unshift(s);
  }
  return out;
}

/** ENV values visible in a stage (its own and inherited from parent stages). */
export function envOf(stage: BuildStage, name: string): string | undefined {
  let value: string | undefined;
  for (const s of lineageTopDown(stage)) for (const e of s.env) if (e.name === name) value = e.value;
  return value;
}

/** Cache mounts of a RUN whose target is `dir` or a parent/child of it. */
export function hasCacheMount(run: RunInstruction, ...dirs: string[]): boolean {
  return run.mounts.some((m) => {
    if (m.type !== 'cache' || !m.target) return false;
    const t = trimTrailingSlashes(m.target);
    return dirs.some((d) => t === d || d.startsWith(t + '/') || t.startsWith(d + '/'));
  });
}

const TOOLCHAINS: Record<string, string> = { rust: 'Rust', golang: 'Go', maven: 'Maven', gradle: 'Gradle', 'rust-musl-builder': 'Rust', 'cargo-chef': 'Rust' };

/** The toolchain a base image provides, if it is one. */
export function toolchainOf(base: ImageRef, final: BuildStage): string | undefined {
  if (base.scratch) return undefined;
  const repo = base.repository.toLowerCase();
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  const tag = (base.tag ?? '').toLowerCase();
  if (TOOLCHAINS[name]) return TOOLCHAINS[name];
  if (name === 'sdk' || name.endsWith('-sdk')) return 'SDK';
  if (/(^|[-.])jdk([-.]|$)/.test(tag) && !/jre/.test(tag)) return 'JDK';
  if (name === 'node' && runsCompiledBinary(final)) return 'Node.js';
  return undefined;
}

/** `node` image whose command is a compiled binary rather than node/npm or a script. */
function runsCompiledBinary(final: BuildStage): boolean {
  let s: BuildStage | undefined = final;
  let argv: string[] | undefined;
  while (s && !argv) {
    argv = s.entrypoint?.argv ?? s.cmd?.argv;
    s = s.parentStage;
  }
  if (!argv || argv.length === 0) return false;
  const first = (argv.length === 1 ? argv[0]!.trim().split(/\s+/)[0] : argv[0]) ?? '';
  const prog = first.slice(first.lastIndexOf('/') + 1);
  if (!prog || prog.includes('$')) return false;
  if (/^(node|nodejs|npm|npx|yarn|pnpm|bun|tini|dumb-init|sh|bash|ash|docker-entrypoint(\.sh)?|exec|env)$/.test(prog)) return false;
  // Scripts and files with an extension (server.js, start.sh, app.py) are not compiled binaries.
  return !prog.includes('.');
}
