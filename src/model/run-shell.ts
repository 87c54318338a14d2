/**
 * Facts about how a Dockerfile RUN executes: whether its shell is POSIX (so
 * `-c` and pipefail semantics apply), whether pipefail is on, and which
 * directories it mounts as build caches.
 */
import { trimTrailingSlashes } from './strings.js';
import type { BuildStage, RunInstruction } from './types.js';

/** Windows base images run `cmd /S /C` by default, not a POSIX shell. */
export function isWindowsBase(stage: BuildStage): boolean {
  const b = stage.rootBase;
  if (!b) return false;
  return /(^|\/)(windows|nanoserver|servercore)(\/|$)|windowsservercore|nanoserver/i.test(b.repository) || /(^|-)(windowsservercore|nanoserver|ltsc\d{4})/i.test(b.tag ?? '');
}

/** True when the shell (undefined = the platform default) is sh/bash/ash/dash/zsh/ksh. */
export function isPosixShell(shell: string[] | undefined, stage: BuildStage): boolean {
  if (!shell) return !isWindowsBase(stage);
  const prog = (shell[0] ?? '').replace(/\\/g, '/');
  const name = prog.slice(prog.lastIndexOf('/') + 1).toLowerCase();
  return /^(sh|bash|ash|dash|zsh|ksh|mksh|busybox)$/.test(name);
}

/** The SHELL turns pipefail on, e.g. `["/bin/bash", "-o", "pipefail", "-c"]`. */
export function shellHasPipefail(shell: string[] | undefined): boolean {
  if (!shell) return false;
  for (let i = 1; i < shell.length; i++) {
    const a = shell[i]!;
    if (a === 'pipefail' && /^-[a-z]*o$/.test(shell[i - 1] ?? '')) return true;
    if (a.includes('pipefail')) return true;
  }
  return false;
}

/** The RUN has a cache mount whose target is one of `dirs` or a parent/child of it. */
export function hasCacheMount(run: RunInstruction, ...dirs: string[]): boolean {
  return run.mounts.some((m) => {
    if (m.type !== 'cache' || !m.target) return false;
    const t = trimTrailingSlashes(m.target);
    return dirs.some((d) => t === d || d.startsWith(t + '/') || t.startsWith(d + '/'));
  });
}
