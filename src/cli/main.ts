/**
 * `shipshape` command line. Exit codes: 0 = nothing at or above the fail
 * threshold, 1 = findings at or above it, 2 = usage or config error,
 * 3 = internal error.
 */
import { EXIT, HELP, UsageError } from './usage.js';
import { parseScanArgs } from './scan-args.js';
import { toolVersion } from './version.js';

interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
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
