/** `scan` and `baseline` flags, parsed and checked once. */
import { parseArgs } from 'node:util';
import { SEVERITIES } from '../base/severity.js';
import { parseSize, SIZE_EXPECTED } from '../config/size.js';
import { UsageError } from './usage.js';

export interface ScanArgs {
  paths: string[];
  format: 'terminal' | 'json' | 'sarif';
  output?: string;
  failOn?: (typeof SEVERITIES)[number] | 'never';
  config?: string;
  baseline?: string;
  base?: string;
  /** With --base: judge only migration files added or changed since it. */
  newMigrationsOnly: boolean;
  include: string[];
  exclude: string[];
  gitignore: boolean;
  inlineIgnores: boolean;
  includeSuppressed: boolean;
  maxFileSize?: number;
  allowPlugins: boolean;
  /** Terminal format: only the per-rule and per-directory summary. */
  summary: boolean;
  /** Helm: values files (relative to the current directory), `--set` and `--set-string` expressions, for every chart. */
  helmValues: string[];
  helmSet: string[];
  helmSetString: string[];
  /** Render charts with this `helm` binary (outside the scan root) instead of in process. */
  helmBinary?: string;
  help: boolean;
}

/** Flags that only change the report or the gate, which `baseline` writes neither of. */
const REPORT_ONLY_FLAGS = ['format', 'fail-on', 'baseline', 'include-suppressed', 'summary'] as const;

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
      'new-migrations-only': { type: 'boolean' },
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      'no-gitignore': { type: 'boolean' },
      'no-inline-ignores': { type: 'boolean' },
      'include-suppressed': { type: 'boolean' },
      'max-file-size': { type: 'string' },
      'allow-plugins': { type: 'boolean' },
      summary: { type: 'boolean' },
      values: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      'set-string': { type: 'string', multiple: true },
      'helm-binary': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (mode === 'baseline') {
    const given = REPORT_ONLY_FLAGS.filter((f) => values[f] !== undefined);
    if (given.length) throw new UsageError(`baseline: --${given.join(', --')} ${given.length === 1 ? 'does' : 'do'} not apply: a baseline records every current finding, whatever its severity, and writes JSON to -o FILE`);
  }
  const format = values.format ?? 'terminal';
  if (!['terminal', 'json', 'sarif'].includes(format)) throw new UsageError(`--format: expected one of terminal, json, sarif; got "${format}"`);
  if (values.summary && format !== 'terminal') throw new UsageError(`--summary shapes the terminal report; JSON and SARIF always carry every finding (got --format ${format})`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && ![...SEVERITIES, 'never'].includes(failOn as never)) {
    throw new UsageError(`--fail-on: expected one of ${[...SEVERITIES, 'never'].join(', ')}; got "${failOn}"`);
  }
  if (values['new-migrations-only'] && values.base === undefined) {
    throw new UsageError('--new-migrations-only: needs --base REF, the revision whose migrations count as already applied (e.g. --base origin/main)');
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
    newMigrationsOnly: values['new-migrations-only'] ?? false,
    include: values.include ?? [],
    exclude: values.exclude ?? [],
    gitignore: !values['no-gitignore'],
    inlineIgnores: !values['no-inline-ignores'],
    includeSuppressed: values['include-suppressed'] ?? false,
    maxFileSize,
    allowPlugins: values['allow-plugins'] ?? false,
    summary: values.summary ?? false,
    helmValues: values.values ?? [],
    helmSet: values.set ?? [],
    helmSetString: values['set-string'] ?? [],
    helmBinary: values['helm-binary'],
    help: values.help ?? false,
  };
}
