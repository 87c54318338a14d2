/**
 * Package-manager invocations inside shell commands: `apt-get install -y
 * --no-install-recommends curl=7.88.1-10`, `apk add --no-cache --virtual .deps
 * gcc`, `pip install -r requirements.txt`, `npm ci` ...
 *
 * Each manager gets a small option table (which options take a value), so
 * `-t bookworm-backports`, `--index-url URL`, `-r requirements.txt` or
 * `--virtual .build-deps` are never mistaken for package names (the false
 * positives hadolint#928 and #345 are about). Words that are variables,
 * local files, URLs or requirement files are classified, not guessed at:
 * a rule asking "is this package pinned?" only looks at `kind: 'name'`.
 *
 * Pure function of the model's ShellCommands; no regex here has nested
 * quantifiers, so the pass is linear in the script size.
 */
import type { ShellCommand, ShellWord } from './shell-types.js';

export type PackageManager = 'apt-get' | 'apt' | 'apk' | 'pip' | 'uv' | 'npm' | 'yarn' | 'pnpm' | 'gem' | 'dnf' | 'yum' | 'microdnf' | 'zypper' | 'go' | 'cargo';

export interface PackageFlag {
  /** The option as written without its value, e.g. `--no-install-recommends`, `-y`, `-o`. */
  name: string;
  value?: string;
  word: ShellWord;
}

export interface PackageArg {
  /** Package name without version, extras or release suffix. */
  name: string;
  /**
   * Version constraint when one is written (`=1.2`, `==1.2`, `@1.2`, `~1.2`, `-v 1.2`, `@v1.2.3`,
   * `--version 1.2`). A moving reference (`@latest`, `@next`, go `@master`) is not a version: it is
   * kept in `release`, so "is this pinned?" is `version !== undefined` for every manager.
   */
  version?: string;
  /** apt `pkg/bookworm-backports`, apk `pkg@edge`: a release or repository tag, not a version. */
  release?: string;
  /** The version is fixed elsewhere: `go install example.com/cmd` inside a module takes go.mod's version. */
  lockedBy?: string;
  /**
   * `name`: a registry package; `variable`: contains `$` (value unknown);
   * `file`: a local path or archive (`./x.deb`, `.`, `-e .`); `url`: a URL or VCS reference.
   */
  kind: 'name' | 'variable' | 'file' | 'url';
  word: ShellWord;
}

export interface PackageInstall {
  manager: PackageManager;
  /** First positional word: `install`, `add`, `update`, `ci`, `dist-upgrade` ...; '' when absent. */
  subcommand: string;
  subcommandWord?: ShellWord;
  /** Word naming the manager (`apt-get`, `pip3`, or `python3` of `python3 -m pip`). */
  programWord: ShellWord;
  packages: PackageArg[];
  flags: PackageFlag[];
  command: ShellCommand;
  /** Index of the command in the script's `commands`. */
  commandIndex: number;
}

interface ManagerSpec {
  /** Long options that take a separate value (`--opt value`); `--opt=value` is always understood. */
  longValue: ReadonlySet<string>;
  /** Single-letter options that take a value (`-t value` or `-tvalue`). */
  shortValue: ReadonlySet<string>;
  /** Subcommands whose positional arguments are packages. */
  installs: ReadonlySet<string>;
}

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

const APT: ManagerSpec = {
  longValue: set('--option', '--config-file', '--target-release', '--default-release', '--host-architecture', '--architecture'),
  shortValue: set('o', 'c', 't', 'a'),
  installs: set('install', 'reinstall', 'build-dep', 'source', 'download'),
};
const APK: ManagerSpec = {
  longValue: set('--virtual', '--repository', '--root', '--keys-dir', '--arch', '--cache-dir', '--repositories-file', '--cache-max-age', '--progress-fd', '--wait', '--timeout'),
  shortValue: set('t', 'X', 'p'),
  installs: set('add'),
};
const PIP: ManagerSpec = {
  longValue: set(
    '--requirement', '--constraint', '--editable', '--index-url', '--extra-index-url', '--find-links', '--target', '--prefix', '--root',
    '--src', '--upgrade-strategy', '--platform', '--python-version', '--implementation', '--abi', '--no-binary', '--only-binary',
    '--progress-bar', '--trusted-host', '--cache-dir', '--log', '--log-file', '--proxy', '--timeout', '--retries', '--exists-action',
    '--cert', '--client-cert', '--global-option', '--install-option', '--config-settings', '--report', '--python', '--build',
    '--root-user-action', '--keyring-provider', '--use-feature', '--use-deprecated', '--group',
  ),
  shortValue: set('r', 'c', 'e', 'i', 'f', 't', 'b', 'C'),
  installs: set('install', 'download', 'wheel'),
};
const NPM: ManagerSpec = {
  longValue: set(
    '--prefix', '--registry', '--cache', '--omit', '--include', '--tag', '--workspace', '--loglevel', '--userconfig', '--globalconfig',
    '--install-strategy', '--location', '--before', '--scope', '--otp', '--network-concurrency', '--network-timeout', '--modules-folder',
    '--cwd', '--mutex', '--filter', '--store-dir', '--cache-folder',
  ),
  shortValue: set('w', 'C'),
  installs: set('install', 'i', 'add', 'isntall', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal'),
};
const GEM: ManagerSpec = {
  longValue: set('--version', '--install-dir', '--bindir', '--source', '--platform', '--trust-policy', '--build-root', '--document', '--file', '--config-file'),
  shortValue: set('v', 'i', 'n', 's', 'P', 'g'),
  installs: set('install', 'i'),
};
const RPM: ManagerSpec = {
  longValue: set('--setopt', '--enablerepo', '--disablerepo', '--releasever', '--installroot', '--config', '--repo', '--repoid', '--exclude', '--forcearch', '--downloaddir', '--destdir', '--nobest-x'),
  shortValue: set('c', 'x', 'R', 'd', 'e'),
  installs: set('install', 'reinstall', 'localinstall', 'groupinstall', 'in'),
};

const ZYPPER: ManagerSpec = {
  // Global options come before the subcommand (`zypper -n --gpg-auto-import-keys install`), command options after.
  longValue: set('--root', '--config', '--reposd-dir', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '--repo', '--from', '--type', '--auto-agree-with-product-licenses-x', '--download'),
  shortValue: set('R', 'c', 'D', 'C', 'r', 't', 'f'),
  installs: set('install', 'in'),
};
const GO: ManagerSpec = {
  longValue: set(),
  shortValue: set('C', 'o', 'p', 'tags', 'ldflags', 'gcflags', 'mod', 'modfile', 'overlay', 'pgo', 'pkgdir', 'buildmode', 'compiler', 'installsuffix', 'asmflags', 'toolexec'),
  installs: set('install', 'get'),
};
const CARGO: ManagerSpec = {
  longValue: set('--version', '--vers', '--git', '--branch', '--tag', '--rev', '--path', '--root', '--index', '--registry', '--features', '--target', '--target-dir', '--profile', '--bin', '--example', '--jobs', '--config', '--color'),
  shortValue: set('F', 'j', 'Z'),
  installs: set('install'),
};

const SPECS: Record<PackageManager, ManagerSpec> = {
  'apt-get': APT,
  apt: APT,
  apk: APK,
  pip: PIP,
  uv: PIP,
  npm: NPM,
  yarn: NPM,
  pnpm: NPM,
  gem: GEM,
  dnf: RPM,
  yum: RPM,
  microdnf: RPM,
  zypper: ZYPPER,
  go: GO,
  cargo: CARGO,
};

/** Words that wrap the real command: `sudo -E apt-get`, `env X=1 pip`, `xargs -r apt-get` is not unwrapped. */
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'time', 'nice', 'nohup', 'command', 'doas', 'eatmydata', 'chronic']);
const SUDO_VALUE_OPTS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group']);

/** Index of the real program word, skipping wrappers such as `sudo -E` and `env A=1`. */
export function realProgramIndex(cmd: ShellCommand): number {
  const argv = cmd.argv;
  let k = 0;
  while (k < argv.length - 1) {
    const t = base(argv[k]!.text);
    if (!WRAPPERS.has(t)) break;
    k++;
    // Skip the wrapper's options and, for env, assignments.
    while (k < argv.length - 1) {
      const w = argv[k]!.text;
      if (w === '--') {
        k++;
        break;
      }
      if (w.startsWith('-')) {
        k += (t === 'sudo' || t === 'doas') && SUDO_VALUE_OPTS.has(w) ? 2 : 1;
        continue;
      }
      if (t === 'env' && /^[A-Za-z_]\w*=/.test(w)) {
        k++;
        continue;
      }
      if (t === 'nice' && /^-?\d+$/.test(w)) {
        k++;
        continue;
      }
      break;
    }
  }
  return Math.min(k, Math.max(argv.length - 1, 0));
}

/** The real program's name after unwrapping `sudo`, `env`, `exec` ...: `sudo /usr/bin/apt-get` is `apt-get`. */
export function realProgramName(cmd: ShellCommand): string {
  return base(cmd.argv[realProgramIndex(cmd)]?.text ?? '');
}

function base(t: string): string {
  return t.slice(t.lastIndexOf('/') + 1);
}

function managerOf(program: string): PackageManager | undefined {
  const p = base(program);
  switch (p) {
    case 'apt-get':
    case 'apt':
    case 'apk':
    case 'npm':
    case 'yarn':
    case 'pnpm':
    case 'gem':
    case 'dnf':
    case 'yum':
    case 'microdnf':
    case 'zypper':
    case 'go':
    case 'cargo':
      return p;
    case 'tdnf':
      return 'dnf';
  }
  // pip, pip3, pip3.12
  if (/^pip(\d+(\.\d+)?)?$/.test(p)) return 'pip';
  return undefined;
}

/** Package-manager invocations among `commands`, in order. */
export function packageInstalls(commands: readonly ShellCommand[]): PackageInstall[] {
  const out: PackageInstall[] = [];
  commands.forEach((command, commandIndex) => {
    const parsed = parsePackageCommand(command, commandIndex);
    if (parsed) out.push(parsed);
  });
  return out;
}

export function parsePackageCommand(command: ShellCommand, commandIndex = 0): PackageInstall | undefined {
  const argv = command.argv;
  if (argv.length === 0) return undefined;
  let k = realProgramIndex(command);
  const programWord = argv[k]!;
  let manager = managerOf(programWord.text);
  if (!manager) {
    // python -m pip / python3.12 -m pip
    if (/^python(\d+(\.\d+)?)?$/.test(base(programWord.text)) && argv[k + 1]?.text === '-m' && /^pip\d*$/.test(argv[k + 2]?.text ?? '')) {
      manager = 'pip';
      k += 2;
    } else if (base(programWord.text) === 'uv' && argv[k + 1]?.text === 'pip') {
      // `uv pip install`: pip's interface (uv's own `uv add` edits a lock file and is not an install).
      manager = 'uv';
      k += 1;
    } else {
      return undefined;
    }
  }
  const spec = SPECS[manager];
  const flags: PackageFlag[] = [];
  const positionals: ShellWord[] = [];
  let endOfOptions = false;
  for (let i = k + 1; i < argv.length; i++) {
    const w = argv[i]!;
    const t = w.text;
    if (endOfOptions || t === '-' || !t.startsWith('-')) {
      positionals.push(w);
      continue;
    }
    if (t === '--') {
      endOfOptions = true;
      continue;
    }
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      if (eq !== -1) {
        flags.push({ name: t.slice(0, eq), value: t.slice(eq + 1), word: w });
      } else if (spec.longValue.has(t) && i + 1 < argv.length) {
        flags.push({ name: t, value: argv[i + 1]!.text, word: w });
        i++;
      } else {
        flags.push({ name: t, word: w });
      }
      continue;
    }
    if (manager === 'go') {
      // Go flags are whole words with one dash (`-ldflags "-s -w"`, `-trimpath`, `-tags=x`).
      const name = t.slice(1);
      const eq = name.indexOf('=');
      if (eq !== -1) flags.push({ name: `-${name.slice(0, eq)}`, value: name.slice(eq + 1), word: w });
      else if (spec.shortValue.has(name) && i + 1 < argv.length) {
        flags.push({ name: t, value: argv[i + 1]!.text, word: w });
        i++;
      } else flags.push({ name: t, word: w });
      continue;
    }
    // Short option cluster: `-yq`, `-t bookworm`, `-oDebug=1`.
    let consumed = false;
    for (let j = 1; j < t.length; j++) {
      const c = t[j]!;
      if (spec.shortValue.has(c)) {
        const rest = t.slice(j + 1);
        if (rest) flags.push({ name: `-${c}`, value: rest, word: w });
        else if (i + 1 < argv.length) {
          flags.push({ name: `-${c}`, value: argv[i + 1]!.text, word: w });
          consumed = true;
        } else flags.push({ name: `-${c}`, word: w });
        break;
      }
      flags.push({ name: `-${c}`, word: w });
    }
    if (consumed) i++;
  }

  let subIndex = 0;
  // `yarn global add x`, `pnpm -g add`: skip `global`.
  if ((manager === 'yarn' || manager === 'pnpm') && positionals[0]?.text === 'global') subIndex = 1;
  const subcommandWord = positionals[subIndex];
  const subcommand = subcommandWord?.text ?? '';
  const args = positionals.slice(subIndex + 1);
  const packages = spec.installs.has(subcommand) ? args.map((w) => classify(manager!, w)) : [];

  // gem install rails -v 7.1, cargo install ripgrep --version 14.1: the version option applies to the named packages.
  if (manager === 'gem' || manager === 'cargo') {
    const v = flags.find((f) => f.name === '-v' || f.name === '--version' || f.name === '--vers')?.value;
    if (v) for (const p of packages) if (p.kind === 'name' && !p.version) p.version = v;
  }
  // `go get pkg` upgrades to the latest version (it is `@upgrade`); only `go install pkg` keeps go.mod's.
  if (manager === 'go' && subcommand === 'get') {
    for (const p of packages) {
      if (p.lockedBy) {
        delete p.lockedBy;
        p.release = 'upgrade';
      }
    }
  }
  // cargo install --git URL / --path DIR: the source is not the registry.
  if (manager === 'cargo') {
    const git = flags.find((f) => f.name === '--git');
    const path = flags.find((f) => f.name === '--path');
    if (path) for (const p of packages) p.kind = 'file';
    if (git) {
      const pinned = flags.find((f) => f.name === '--rev' || f.name === '--tag');
      for (const p of packages) {
        p.kind = 'name';
        if (pinned?.value) p.version = pinned.value;
      }
      if (packages.length === 0) packages.push({ name: git.value ?? '', kind: 'name', word: git.word, ...(pinned?.value ? { version: pinned.value } : {}) });
    }
  }
  return { manager, subcommand, subcommandWord, programWord, packages, flags, command, commandIndex };
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;
const ARCHIVE = /\.(deb|rpm|apk|whl|tgz|tar|gz|bz2|xz|zip|gem|egg)$/i;

function classify(manager: PackageManager, word: ShellWord): PackageArg {
  const t = word.text;
  if (t.includes('$') || t.includes('`')) return { name: t, kind: 'variable', word };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t) || /^(git\+|git@|github:|file:|link:|npm:|workspace:)/i.test(t) || (manager === 'pip' && / @ /.test(t))) {
    return { name: t, kind: 'url', word };
  }
  if (t === '.' || t === '..' || t.startsWith('./') || t.startsWith('../') || t.startsWith('/') || t.startsWith('~') || ARCHIVE.test(t)) {
    return { name: t, kind: 'file', word };
  }
  if (t.includes('*') || t.includes('?')) return { name: t, kind: 'file', word };
  switch (manager) {
    case 'apt-get':
    case 'apt': {
      // name[:arch][=version][/release]
      const eq = t.indexOf('=');
      const slash = t.indexOf('/');
      if (eq !== -1) return { name: t.slice(0, eq), version: t.slice(eq + 1), kind: 'name', word };
      if (slash !== -1) return { name: t.slice(0, slash), release: t.slice(slash + 1), kind: 'name', word };
      return { name: t, kind: 'name', word };
    }
    case 'apk': {
      // name[@repository][<op>version]. The head regex has no `$`: an end-anchored one backtracked
      // quadratically over long runs of operator characters; the tail is split by hand.
      const m = /^([^=~<>@]+)(@[^=~<>]+)?/.exec(t);
      const rest = m ? t.slice(m[0].length) : '';
      let op = 0;
      while (op < rest.length && '=~<>'.includes(rest[op]!)) op++;
      if (op === rest.length && rest.length > 0) op--; // the version needs at least one character
      if (!m || (rest !== '' && (op === 0 || LINE_BREAK.test(rest)))) return { name: t, kind: 'name', word };
      return { name: m[1]!, release: m[2]?.slice(1), version: rest ? rest : undefined, kind: 'name', word };
    }
    case 'pip':
    case 'uv': {
      if (t.includes('/')) return { name: t, kind: 'file', word };
      // No `\s*(.*)$` tail: it backtracked quadratically over whitespace before a line break.
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?/.exec(t);
      if (!m) return { name: t, kind: 'name', word };
      const spec = t.slice(m[0].length).split(';')[0]!.trim();
      return { name: m[1]!, version: /^(==|>=|<=|~=|!=|===|<|>)/.test(spec) ? spec : undefined, kind: 'name', word };
    }
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      // @scope/name@version or name@version
      const at = t.indexOf('@', 1);
      if (at === -1) {
        if (t.includes('/') && !t.startsWith('@')) return { name: t, kind: 'url', word }; // github shorthand user/repo
        return { name: t, kind: 'name', word };
      }
      const version = t.slice(at + 1);
      const moving = version === '' || version === 'latest' || version === 'next' || version === '*' || version === 'x';
      return { name: t.slice(0, at), version: moving ? undefined : version, release: moving && version ? version : undefined, kind: 'name', word };
    }
    case 'go': {
      // module/path[/...]@version; `./cmd/x`, `...` patterns and paths without a dot in the first element are local.
      const at = t.lastIndexOf('@');
      const path = at === -1 ? t : t.slice(0, at);
      const first = path.split('/')[0] ?? '';
      if (path.includes('...') && !first.includes('.')) return { name: t, kind: 'file', word };
      if (!first.includes('.')) return { name: t, kind: 'file', word };
      if (at === -1) return { name: path, kind: 'name', word, lockedBy: 'go.mod' };
      const v = t.slice(at + 1);
      return goPinned(v) ? { name: path, version: v, kind: 'name', word } : { name: path, release: v, kind: 'name', word };
    }
    case 'cargo': {
      const at = t.indexOf('@');
      if (at <= 0) return { name: t, kind: 'name', word };
      return { name: t.slice(0, at), version: t.slice(at + 1), kind: 'name', word };
    }
    case 'zypper': {
      // name=1.2, name>=1.2 (a constraint), name-1.2-3.1 (full rpm name)
      for (let i = 1; i < t.length; i++) {
        const c = t[i]!;
        if (c === '=' || c === '<' || c === '>') return { name: t.slice(0, i), version: t.slice(i), kind: 'name', word };
      }
      return rpmName(t, word);
    }
    case 'gem': {
      const colon = t.indexOf(':');
      return colon === -1 ? { name: t, kind: 'name', word } : { name: t.slice(0, colon), version: t.slice(colon + 1), kind: 'name', word };
    }
    default:
      return rpmName(t, word);
  }
}

/** rpm: name-1.2.3[-rel] or name-1.2; the name runs up to a `-` followed by a digit. */
function rpmName(t: string, word: ShellWord): PackageArg {
  for (let i = 1; i < t.length - 1; i++) {
    if (t[i] === '-' && t.charCodeAt(i + 1) >= 48 && t.charCodeAt(i + 1) <= 57) return { name: t.slice(0, i), version: t.slice(i + 1), kind: 'name', word };
  }
  return { name: t, kind: 'name', word };
}

/**
 * A go version query that names one version: a full semantic version (`v1.2.3`, `v0.0.0-2024...-abcdef`)
 * or a commit hash. `latest`, `upgrade`, `patch`, branches and `v1`/`v1.2` prefixes move.
 */
function goPinned(v: string): boolean {
  if (/^v\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(v)) return true;
  return /^[0-9a-f]{7,40}$/.test(v);
}

/** True when the invocation has the flag (any of `names`). */
export function hasFlag(p: PackageInstall, ...names: string[]): boolean {
  return p.flags.some((f) => names.includes(f.name));
}

/** The value of an option, e.g. apt `-o APT::Install-Recommends=false`. */
export function flagValues(p: PackageInstall, ...names: string[]): string[] {
  return p.flags.filter((f) => names.includes(f.name) && f.value !== undefined).map((f) => f.value!);
}

/** Subcommands that ask "Do you want to continue? [Y/n]" unless told not to. */
const PROMPTING: Partial<Record<PackageManager, ReadonlySet<string>>> = {
  'apt-get': set('install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove', 'build-dep'),
  apt: set('install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove', 'build-dep'),
  yum: set('install', 'reinstall', 'update', 'upgrade', 'remove', 'erase', 'groupinstall', 'localinstall', 'downgrade', 'autoremove'),
  dnf: set('install', 'reinstall', 'update', 'upgrade', 'remove', 'erase', 'groupinstall', 'localinstall', 'downgrade', 'autoremove', 'in'),
  zypper: set('install', 'in', 'update', 'up', 'remove', 'rm', 'dist-upgrade', 'dup', 'patch', 'source-install', 'si'),
  pip: set('uninstall'),
};

/**
 * Whether the invocation would stop at a confirmation prompt: undefined when the manager never asks
 * (apk, npm, microdnf, which assumes yes, pip install), else true/false. Non-interactive means
 * `-y`/`--yes`/`--assume-yes` (apt; `-qq` implies `-y`), `-y`/`--assumeyes` (yum, dnf), zypper's
 * global `-n`/`--non-interactive` before the subcommand or `-y`/`--no-confirm` after it, pip's `-y`,
 * an `-o APT::Get::Assume-Yes=true`, or `yes |` in front. DEBIAN_FRONTEND=noninteractive only stops
 * debconf's questions, not apt's own prompt.
 */
export function waitsForConfirmation(p: PackageInstall, pipedFromYes: boolean): boolean | undefined {
  const prompting = PROMPTING[p.manager];
  if (!prompting || !prompting.has(p.subcommand)) return undefined;
  if (pipedFromYes) return false;
  const names = new Set(p.flags.map((f) => f.name));
  switch (p.manager) {
    case 'apt-get':
    case 'apt': {
      if (names.has('-y') || names.has('--yes') || names.has('--assume-yes') || names.has('--force-yes')) return false;
      // `-qq` is two `-q` in one cluster (or `-q=2`): quiet level 2 implies -y.
      if (p.flags.filter((f) => f.name === '-q').length >= 2 || p.flags.some((f) => f.name === '--quiet' && f.value === '2')) return false;
      if (flagValues(p, '-o', '--option').some((v) => /^APT::Get::Assume-Yes=(true|1|yes)$/i.test(v.replace(/["']/g, '')))) return false;
      return true;
    }
    case 'yum':
    case 'dnf':
      if (names.has('-y') || names.has('--assumeyes')) return false;
      return !flagValues(p, '--setopt').some((v) => /^assumeyes=(1|true|yes)$/i.test(v));
    case 'zypper': {
      const argv = p.command.argv;
      const sub = p.subcommandWord ? argv.indexOf(p.subcommandWord) : argv.length;
      for (const f of p.flags) {
        const at = argv.indexOf(f.word);
        if (at < sub && (f.name === '-n' || f.name === '--non-interactive')) return false;
        if (at > sub && (f.name === '-y' || f.name === '--no-confirm')) return false;
      }
      return true;
    }
    case 'pip':
      return !(names.has('-y') || names.has('--yes'));
    default:
      return undefined;
  }
}

/** The indexes of commands that read the output of `yes` (`yes | apt-get install ...`), from the script's pipelines. */
export function commandsFedByYes(commands: readonly ShellCommand[], pipelines: readonly (readonly number[])[]): Set<number> {
  const out = new Set<number>();
  for (const line of pipelines) {
    let fed = false;
    for (const i of line) {
      if (fed) out.add(i);
      const c = commands[i];
      if (c && realProgramName(c) === 'yes') fed = true;
    }
  }
  return out;
}
