/**
 * `shipshape` command line. Exit codes: 0 = nothing at or above the fail
 * threshold, 1 = findings at or above it, 2 = usage or config error,
 * 3 = internal error.
 */
import { parseArgs } from 'node:util';
import { existsSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEVERITIES } from '../engine/rule.js';
import { parseSize, SIZE_EXPECTED } from '../config/size.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export class UsageError extends Error {}

interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const HELP = `shipshape — policy-as-code checks for deployment artifacts

Usage:
  shipshape scan [PATH...] [options]     scan a repository (default: .) or the given files
  shipshape baseline [PATH...] [-o FILE] write current findings to a baseline file
  shipshape rules [--format text|json]   list every rule with its metadata
  shipshape explain RULE-ID              print a rule's documentation
  shipshape print-config [PATH]          show the effective configuration

Scan options:
  -f, --format terminal|json|sarif   report format (default: terminal)
  -o, --output FILE                  write the report to FILE (summary goes to stderr)
      --fail-on LEVEL                critical|high|medium|low|info|never (default: medium)
                                     The gate is independent of what is reported.
  -c, --config FILE                  config file (default: .shipshape.yml in the scan root)
      --baseline FILE                report only findings not in FILE
      --base REF                     compare with git REF (e.g. migrations modified after merge)
      --include GLOB                 only scan matching paths (repeatable)
      --exclude GLOB                 skip matching paths (repeatable)
      --no-gitignore                 do not apply .gitignore when walking
      --no-inline-ignores            ignore shipshape-ignore comments and annotations
      --include-suppressed           keep suppressed findings in SARIF (with suppressions)
      --max-file-size SIZE           larger files are not parsed and are reported as
                                     core/file-too-large (default: 5MiB; units B, KiB, MiB…)
      --allow-plugins                load \`plugins:\` listed in the config (they run code
                                     from the scanned repository; also SHIPSHAPE_ALLOW_PLUGINS=1)
      --                             end of options: every later argument is a path
  -h, --help                         show this help
  -v, --version                      print the version

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or config error, 3 internal error.
`;

export function toolVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'shipshape' && pkg.version) return pkg.version;
      } catch {
        /* keep looking */
      }
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    const err = e as Error;
    if (isUsageLike(err)) {
      io.stderr.write(`shipshape: ${usageMessage(err)}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`shipshape: internal error: ${err.stack ?? err.message}\n`);
    return EXIT.internal;
  }
}

/** node:util parseArgs messages are long and say nothing of our --help; say what went wrong and where to look. */
function usageMessage(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const opt = /'(-[^']*)'/.exec(e.message)?.[1] ?? 'option';
    return `unknown option ${opt}. Run \`shipshape --help\` for the options; put file names that start with "-" after --.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${e.message.split('\n')[0]} Run \`shipshape --help\` for usage.`;
  return e.message;
}

function isUsageLike(e: Error): boolean {
  return ['UsageError', 'ConfigError', 'PluginError', 'BaselineError'].includes(e.constructor.name) || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL';
}

async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === '-v' || command === '--version') {
    io.stdout.write(`${toolVersion()}\n`);
    return EXIT.ok;
  }
  switch (command) {
    case 'scan':
      return (await import('./scan-command.js')).scanCommand(parseScanArgs(rest, 'scan'), io, 'scan');
    case 'baseline':
      return (await import('./scan-command.js')).scanCommand(parseScanArgs(rest, 'baseline'), io, 'baseline');
    case 'rules':
      return (await import('./info-commands.js')).rulesCommand(rest, io);
    case 'explain':
      return (await import('./info-commands.js')).explainCommand(rest, io);
    case 'print-config':
      return (await import('./info-commands.js')).printConfigCommand(rest, io);
    default:
      throw new UsageError(`unknown command "${command}". Run \`shipshape --help\` for usage.`);
  }
}

export interface ScanArgs {
  paths: string[];
  format: 'terminal' | 'json' | 'sarif';
  output?: string;
  failOn?: (typeof SEVERITIES)[number] | 'never';
  config?: string;
  baseline?: string;
  base?: string;
  include: string[];
  exclude: string[];
  gitignore: boolean;
  inlineIgnores: boolean;
  includeSuppressed: boolean;
  maxFileSize?: number;
  allowPlugins: boolean;
  help: boolean;
}

/** Flags that only change the report or the gate, which `baseline` writes neither of. */
const REPORT_ONLY_FLAGS = ['format', 'fail-on', 'baseline', 'include-suppressed'] as const;

export function parseScanArgs(args: string[], mode: 'scan' | 'baseline' = 'scan'): ScanArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      config: { type: 'string', short: 'c' },
      baseline: { type: 'string' },
      base: { type: 'string' },
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      'no-gitignore': { type: 'boolean' },
      'no-inline-ignores': { type: 'boolean' },
      'include-suppressed': { type: 'boolean' },
      'max-file-size': { type: 'string' },
      'allow-plugins': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (mode === 'baseline') {
    const given = REPORT_ONLY_FLAGS.filter((f) => values[f] !== undefined);
    if (given.length) throw new UsageError(`baseline: --${given.join(', --')} ${given.length === 1 ? 'does' : 'do'} not apply: a baseline records every current finding, whatever its severity, and writes JSON to -o FILE`);
  }
  const format = values.format ?? 'terminal';
  if (!['terminal', 'json', 'sarif'].includes(format)) throw new UsageError(`--format: expected one of terminal, json, sarif; got "${format}"`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && ![...SEVERITIES, 'never'].includes(failOn as never)) {
    throw new UsageError(`--fail-on: expected one of ${[...SEVERITIES, 'never'].join(', ')}; got "${failOn}"`);
  }
  let maxFileSize: number | undefined;
  if (values['max-file-size'] !== undefined) {
    maxFileSize = parseSize(values['max-file-size']);
    if (maxFileSize === undefined) throw new UsageError(`--max-file-size: expected ${SIZE_EXPECTED}; got "${values['max-file-size']}"`);
  }
  return {
    paths: positionals,
    format: format as ScanArgs['format'],
    output: values.output,
    failOn: failOn as ScanArgs['failOn'],
    config: values.config,
    baseline: values.baseline,
    base: values.base,
    include: values.include ?? [],
    exclude: values.exclude ?? [],
    gitignore: !values['no-gitignore'],
    inlineIgnores: !values['no-inline-ignores'],
    includeSuppressed: values['include-suppressed'] ?? false,
    maxFileSize,
    allowPlugins: values['allow-plugins'] ?? false,
    help: values.help ?? false,
  };
}

/**
 * One directory → it is the root. Otherwise files are taken as given and
 * directories walked, relative to the current directory when they all lie
 * inside it (the pre-commit case), else to their deepest common directory.
 */
export function resolveTargets(paths: string[], cwd: string): { root: string; files: string[]; dirs: string[] } {
  const list = paths.length ? paths : ['.'];
  const abs = list.map((p) => resolve(cwd, p));
  for (let i = 0; i < abs.length; i++) {
    if (!existsSync(abs[i]!)) throw new UsageError(`path not found: ${list[i]}`);
  }
  const isDir = abs.map((p) => statSync(p).isDirectory());
  if (abs.length === 1 && isDir[0]) return { root: abs[0]!, files: [], dirs: [] };
  const within = (dir: string, p: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  const root = abs.every((p) => within(cwd, p)) ? cwd : commonDir(abs.map((p, i) => (isDir[i] ? p : dirname(p))));
  return { root, files: abs.filter((_, i) => !isDir[i]), dirs: abs.filter((_, i) => isDir[i]) };
}

function commonDir(dirs: string[]): string {
  let common = dirs[0]!;
  for (const d of dirs.slice(1)) {
    while (!(d === common || d.startsWith(common.endsWith(sep) ? common : common + sep))) common = dirname(common);
  }
  return common;
}

export function writeOutput(path: string, text: string): void {
  writeFileSync(path, text);
}

export { HELP };
