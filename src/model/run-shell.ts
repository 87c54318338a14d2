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

/**
 * What `/bin/sh` is in the stage's base image, from its root base:
 * `dash` (Debian, Ubuntu and the official language images built on them),
 * `busybox` (Alpine, BusyBox), `bash` (Fedora, RHEL/UBI, CentOS, Amazon Linux,
 * Arch, openSUSE), undefined when the image says nothing (distroless, vendor
 * images, `FROM $BASE`, a fragment's unknown base).
 */
export type BinSh = 'dash' | 'busybox' | 'bash';

const DEBIAN_LIKE = new Set(['debian', 'ubuntu', 'buildpack-deps']);
/** Official images whose default variants are Debian (eclipse-temurin: Ubuntu); `-alpine` tags are BusyBox. */
const DEBIAN_BASED_OFFICIAL = new Set(['python', 'node', 'ruby', 'golang', 'rust', 'perl', 'php', 'openjdk', 'eclipse-temurin', 'gcc', 'haskell', 'elixir', 'erlang', 'julia', 'r-base', 'swift', 'nginx', 'httpd', 'postgres', 'redis', 'mysql', 'mariadb', 'maven', 'gradle']);
const BASH_AS_SH = new Set(['fedora', 'centos', 'rockylinux', 'almalinux', 'oraclelinux', 'amazonlinux', 'archlinux', 'ubi', 'ubi8', 'ubi9', 'ubi-minimal', 'ubi8-minimal', 'ubi9-minimal', 'leap', 'tumbleweed', 'photon', 'clearlinux', 'mageia']);

export function binShOf(stage: BuildStage): BinSh | undefined {
  const b = stage.rootBase;
  if (!b || !b.resolved || b.scratch) return undefined;
  const repo = b.repository.toLowerCase();
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  const tag = (b.tag ?? '').toLowerCase();
  const official = !b.registry && !repo.includes('/');
  if (name === 'alpine' || name === 'busybox' || /(^|[-.])alpine/.test(tag)) return 'busybox';
  // Red Hat and SUSE images live under a namespace or their own registry; `acme/debian` is somebody's derived image.
  const vendor = official || repo.startsWith('redhat/') || repo.startsWith('opensuse/') || repo.startsWith('amazonlinux') ||
    b.registry === 'registry.access.redhat.com' || b.registry === 'registry.redhat.io' || b.registry === 'public.ecr.aws' || b.registry === 'quay.io' || b.registry === 'mcr.microsoft.com';
  if (!vendor) return undefined;
  if (DEBIAN_LIKE.has(name)) return 'dash';
  if (BASH_AS_SH.has(name)) return 'bash';
  if (official && DEBIAN_BASED_OFFICIAL.has(name)) return 'dash';
  return undefined;
}

/**
 * Whether a shell command line (a SHELL, or an exec-form RUN's argv) gives the
 * script pipefail: `off` without `-o pipefail`; `on` for bash, zsh, ksh, ash
 * and busybox; for `/bin/sh` it depends on what `sh` is (`binSh`): BusyBox
 * ash and bash accept it, dash (Debian's and Ubuntu's `/bin/sh`, which has no
 * pipefail option) stops with `Illegal option -o pipefail`, and an unknown
 * `/bin/sh` leaves it `unknown`.
 */
export type PipefailVerdict =
  | { kind: 'on' }
  | { kind: 'off' }
  | { kind: 'rejected'; shell: 'dash'; explicit: boolean }
  | { kind: 'unknown' };

export function shellPipefail(shell: string[] | undefined, binSh: BinSh | undefined): PipefailVerdict {
  if (!shellHasPipefail(shell)) return { kind: 'off' };
  const prog = (shell![0] ?? '').replace(/\\/g, '/');
  const name = prog.slice(prog.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'dash') return { kind: 'rejected', shell: 'dash', explicit: true };
  if (name !== 'sh') return { kind: 'on' };
  // distroless `:debug` and other images that ship BusyBox under its own folder.
  if (/(^|\/)busybox\//i.test(prog)) return { kind: 'on' };
  if (binSh === 'dash') return { kind: 'rejected', shell: 'dash', explicit: false };
  return binSh ? { kind: 'on' } : { kind: 'unknown' };
}

/** The SHELL turns pipefail on, e.g. `["/bin/bash", "-o", "pipefail", "-c"]` (whatever the shell: see shellPipefail). */
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
