/**
 * Which package-manager caches a RUN leaves in its layer, per manager: apt's
 * lists and (once docker-clean is gone) its archives, the apk index, pip's and
 * uv's wheel caches, the yum/dnf/microdnf and zypper metadata, npm's, yarn's
 * and pnpm's download caches, cargo's registry.
 *
 * A cache counts as clean when the same RUN removes it (`rm -rf DIR`, `find
 * DIR -delete`), runs the manager's own cleanup (`dnf clean all`, `zypper
 * clean`, `npm cache clean --force`, `yarn cache clean`, `pnpm store prune`,
 * `apk cache clean`, `pip cache purge`, `apt-get dist-clean`), passes the
 * manager's no-cache option (`apk add --no-cache`, `pip --no-cache-dir`,
 * `uv --no-cache`) or sets its environment variable (`PIP_NO_CACHE_DIR`,
 * `UV_NO_CACHE`), or when a BuildKit cache mount covers the directory (the
 * cache then never reaches the layer). A cleanup in a later RUN does not
 * count: the files already ship in the earlier layer.
 *
 * Per RUN the removals, cleanups and exports are collected in one pass over
 * its commands and each directory question is answered once, so the cost is
 * linear in the RUN however many installs and `rm`s it holds.
 */
import { realProgramName, type PackageInstall, type PackageManager } from './package-installs.js';
import { hasCacheMount } from './run-shell.js';
import { envOf, stageLineage } from './stages.js';
import type { BuildStage, RunInstruction } from './types.js';

export interface CacheLeft {
  /** The command that fills the cache (apt: the `update` for the lists, the `install` for the archives). */
  install: PackageInstall;
  manager: PackageManager;
  /** What stays in the layer, for messages: `the package lists in /var/lib/apt/lists`. */
  what: string;
  /** The manager's own fix, in its syntax. */
  fix: string;
}

/** What one RUN does to caches, collected in one pass. */
class RunCleanup {
  private readonly removed: string[] = [];
  private readonly cleans = new Set<string>();
  private readonly exports = new Map<string, number>();
  private readonly memo = new Map<string, boolean>();

  constructor(private readonly run: RunInstruction) {
    run.script.commands.forEach((c, index) => {
      const name = realProgramName(c);
      const words = c.argv.map((w) => w.text);
      if (name === 'rm') for (const w of words) if (!w.startsWith('-')) this.removed.push(stripHome(w));
      if (name === 'find' && words.some((w) => w === '-delete' || w === 'rm')) for (const w of words.slice(1)) if (w.startsWith('/') || w.startsWith('~') || w.startsWith('$')) this.removed.push(stripHome(w));
      if (name === 'uv' && words[1] === 'cache' && (words[2] === 'clean' || words[2] === 'prune')) this.cleans.add('uv cache clean');
      if (name === 'export' || name === 'declare') for (const w of words) { const eq = w.indexOf('='); if (eq > 0 && !this.exports.has(w.slice(0, eq))) this.exports.set(w.slice(0, eq), index); }
    });
    for (const p of run.installs) {
      const words = p.command.argv.map((w) => w.text);
      const after = words.slice(words.indexOf(p.subcommand) + 1);
      if (p.subcommand === 'clean' || p.subcommand === 'cc') this.cleans.add(`${family(p.manager)} clean`);
      if (p.subcommand === 'dist-clean' || p.subcommand === 'distclean') this.cleans.add('apt dist-clean');
      if (p.subcommand === 'cache' && after.some((w) => w === 'clean' || w === 'purge' || w === 'prune')) this.cleans.add(`${family(p.manager)} cache clean`);
      if (p.manager === 'pnpm' && p.subcommand === 'store' && after[0] === 'prune') this.cleans.add('pnpm cache clean');
    }
  }

  /** The RUN removes `dir` or everything in it. */
  removes(...dirs: string[]): boolean {
    const key = dirs.join('\n');
    let v = this.memo.get(key);
    if (v === undefined) {
      v = dirs.some((d) => this.removed.some((r) => r === d || r === `${d}/` || r.startsWith(`${d}/`) || r === `${d}*` || (r.endsWith('/*') && d.startsWith(r.slice(0, -1)) && !d.slice(r.length - 1).includes('/'))));
      this.memo.set(key, v);
    }
    return v;
  }

  cleaned(what: string): boolean {
    return this.cleans.has(what);
  }

  mounted(...dirs: string[]): boolean {
    return hasCacheMount(this.run, ...dirs);
  }

  /** `NAME=... cmd` on the command itself, or `export NAME=...` before it in this RUN. */
  sets(p: PackageInstall, name: string): boolean {
    if (p.command.assignments.some((a) => a.text.startsWith(`${name}=`))) return true;
    const at = this.exports.get(name);
    return at !== undefined && at < p.commandIndex;
  }
}

/** `~/.npm` and `$HOME/.npm` as `/root/.npm` (builds run as root unless a USER says otherwise). */
function stripHome(p: string): string {
  if (p.startsWith('~/')) return `/root/${p.slice(2)}`;
  if (p.startsWith('$HOME/')) return `/root/${p.slice(6)}`;
  if (p.startsWith('${HOME}/')) return `/root/${p.slice(8)}`;
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function family(m: PackageManager): string {
  if (m === 'apt-get' || m === 'apt') return 'apt';
  if (m === 'dnf' || m === 'yum' || m === 'microdnf') return 'rpm';
  return m;
}

const RPM_CACHE = ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5'];
const YARN_CACHE = ['/usr/local/share/.cache/yarn', '/root/.cache/yarn', '/root/.yarn/berry/cache'];
const PNPM_STORE = ['/root/.local/share/pnpm/store', '/root/.local/share/pnpm', '/pnpm/store', '/root/.pnpm-store'];
const CARGO_REGISTRY = ['/usr/local/cargo/registry', '/root/.cargo/registry', '$CARGO_HOME/registry', '${CARGO_HOME}/registry'];

/** The caches the RUNs of `stage` (not its parents) leave in their layers. */
export function stageCachesLeft(stage: BuildStage): CacheLeft[] {
  const out: CacheLeft[] = [];
  const env = (name: string) => (envOf(stage, name) ?? '') !== '';
  // Removing /etc/apt/apt.conf.d/docker-clean (Debian's images ship it to delete downloaded .debs) keeps the archives
  // in later layers too; it is usually done for a cache mount, which then has to be on every RUN that installs.
  let dockerCleanGone = stageLineage(stage).slice(0, -1).some((s) => s.runs.some(removesDockerClean));
  for (const run of stage.runs) {
    if (removesDockerClean(run)) dockerCleanGone = true;
    const installs = run.installs;
    if (installs.length === 0) continue;
    const r = new RunCleanup(run);
    const apt = installs.filter((p) => p.manager === 'apt-get' || p.manager === 'apt');
    const update = apt.find((p) => p.subcommand === 'update');
    const aptInstall = apt.find((p) => ['install', 'upgrade', 'dist-upgrade', 'full-upgrade'].includes(p.subcommand));
    if (update && aptInstall && !r.cleaned('apt dist-clean') && !r.removes('/var/lib/apt/lists') && !r.mounted('/var/lib/apt/lists', '/var/lib/apt')) {
      out.push({ install: update, manager: update.manager, what: 'the package lists in /var/lib/apt/lists (often 20–50 MB)', fix: 'Add `&& rm -rf /var/lib/apt/lists/*` at the end of the same RUN (or `apt-get dist-clean` with apt 2.7.8+), or use a cache mount for /var/lib/apt.' });
    }
    if (aptInstall && dockerCleanGone && !r.cleaned('apt clean') && !r.cleaned('apt dist-clean') && !r.removes('/var/cache/apt', '/var/cache/apt/archives') && !r.mounted('/var/cache/apt/archives', '/var/cache/apt')) {
      out.push({ install: aptInstall, manager: aptInstall.manager, what: 'every downloaded .deb in /var/cache/apt/archives, because /etc/apt/apt.conf.d/docker-clean was removed', fix: 'Put `--mount=type=cache,target=/var/cache/apt,sharing=locked` on this RUN too, or end it with `apt-get clean`.' });
    }

    for (const p of installs) {
      const left = (what: string, fix: string) => out.push({ install: p, manager: p.manager, what, fix });
      switch (p.manager) {
        case 'apk':
          if (p.subcommand !== 'add' || p.flags.some((f) => f.name === '--no-cache')) break;
          if (r.removes('/var/cache/apk') || r.mounted('/var/cache/apk', '/etc/apk/cache') || r.cleaned('apk cache clean')) break;
          left('the package index in /var/cache/apk', 'Use `apk add --no-cache`.');
          break;
        case 'pip':
          if (p.subcommand !== 'install' || p.flags.some((f) => f.name === '--no-cache-dir') || env('PIP_NO_CACHE_DIR') || r.sets(p, 'PIP_NO_CACHE_DIR')) break;
          if (r.mounted('/root/.cache/pip', '/root/.cache') || r.removes('/root/.cache', '/root/.cache/pip') || r.cleaned('pip cache clean')) break;
          left("every downloaded wheel in pip's cache (~/.cache/pip)", 'Add --no-cache-dir (or `ENV PIP_NO_CACHE_DIR=1`), or use `RUN --mount=type=cache,target=/root/.cache/pip`.');
          break;
        case 'uv':
          if (p.subcommand !== 'install' && p.subcommand !== 'sync') break;
          if (p.flags.some((f) => f.name === '--no-cache' || f.name === '-n') || env('UV_NO_CACHE') || r.sets(p, 'UV_NO_CACHE')) break;
          if (r.mounted('/root/.cache/uv', '/root/.cache') || r.removes('/root/.cache', '/root/.cache/uv') || r.cleaned('uv cache clean')) break;
          left("uv's download cache (~/.cache/uv)", 'Add --no-cache (or `ENV UV_NO_CACHE=1`), or use `RUN --mount=type=cache,target=/root/.cache/uv`.');
          break;
        case 'dnf':
        case 'yum':
        case 'microdnf':
          if (!['install', 'reinstall', 'update', 'upgrade', 'groupinstall', 'localinstall', 'in'].includes(p.subcommand)) break;
          if (r.cleaned('rpm clean') || r.removes(...RPM_CACHE, '/var/cache') || r.mounted(...RPM_CACHE)) break;
          left(`the repository metadata and packages in ${p.manager === 'yum' ? '/var/cache/yum' : '/var/cache/dnf'}`, `End the same RUN with \`&& ${p.manager} clean all\` (or use a cache mount for ${p.manager === 'yum' ? '/var/cache/yum' : '/var/cache/dnf'}).`);
          break;
        case 'zypper':
          if (!['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch'].includes(p.subcommand)) break;
          if (r.cleaned('zypper clean') || r.removes('/var/cache/zypp', '/var/cache') || r.mounted('/var/cache/zypp')) break;
          left('the repository metadata and packages in /var/cache/zypp', 'End the same RUN with `&& zypper clean --all` (or use a cache mount for /var/cache/zypp).');
          break;
        case 'npm':
          if (!['install', 'i', 'ci', 'add'].includes(p.subcommand)) break;
          if (r.cleaned('npm cache clean') || r.removes('/root/.npm', '/root/.npm/_cacache') || r.mounted('/root/.npm') || env('npm_config_cache') || env('NPM_CONFIG_CACHE')) break;
          left("every downloaded tarball in npm's cache (~/.npm/_cacache)", 'End the same RUN with `&& npm cache clean --force`, or use `RUN --mount=type=cache,target=/root/.npm`.');
          break;
        case 'yarn':
          // A bare `yarn` installs; `yarn --version` does not.
          if (!['install', 'add', ''].includes(p.subcommand) || (p.subcommand === '' && p.flags.length > 0)) break;
          if (r.cleaned('yarn cache clean') || r.removes(...YARN_CACHE) || r.mounted(...YARN_CACHE) || env('YARN_CACHE_FOLDER')) break;
          left("every downloaded package in yarn's cache (/usr/local/share/.cache/yarn)", 'End the same RUN with `&& yarn cache clean`, or use `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`.');
          break;
        case 'pnpm':
          if (!['install', 'i', 'add'].includes(p.subcommand)) break;
          if (r.cleaned('pnpm cache clean') || r.removes(...PNPM_STORE) || r.mounted(...PNPM_STORE) || env('PNPM_HOME')) break;
          left("pnpm's content-addressed store (~/.local/share/pnpm/store)", 'End the same RUN with `&& pnpm store prune`, or use `RUN --mount=type=cache,id=pnpm,target=/pnpm/store`.');
          break;
        case 'cargo':
          if (p.subcommand !== 'install') break;
          if (r.removes(...CARGO_REGISTRY) || r.mounted(...CARGO_REGISTRY)) break;
          left("the crates.io index and downloaded sources in cargo's registry (/usr/local/cargo/registry)", 'End the same RUN with `&& rm -rf /usr/local/cargo/registry`, or use `RUN --mount=type=cache,target=/usr/local/cargo/registry`.');
          break;
        default:
          break;
      }
    }
  }
  return out;
}

function removesDockerClean(run: RunInstruction): boolean {
  return run.script.commands.some((c) => realProgramName(c) === 'rm' && c.argv.some((w) => w.text.endsWith('/apt.conf.d/docker-clean')));
}
