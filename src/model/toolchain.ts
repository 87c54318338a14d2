/** Which compiler toolchain a base image provides, if it is one (rust, golang, maven, a JDK, an SDK ...). */
import type { BuildStage, ImageRef } from './types.js';

const TOOLCHAINS: Record<string, string> = { rust: 'Rust', golang: 'Go', maven: 'Maven', gradle: 'Gradle', 'rust-musl-builder': 'Rust', 'cargo-chef': 'Rust' };

/** The toolchain `base` provides; `final` is the stage that runs on it (a `node` image counts only for a compiled binary). */
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
