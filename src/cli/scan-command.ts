/** `shipshape scan` and `shipshape baseline`. */
import { dirname, relative, resolve, sep } from 'node:path';
import { writeFileSync } from 'node:fs';
import picomatch from 'picomatch';
import { ConfigError } from '../config/load.js';
import { configDirOf, pluginsAllowed } from '../engine/registry.js';
import { scan, failsThreshold, type ScanResult } from '../engine/scan.js';
import { prepareRun } from '../api.js';
import { readBaseline, writeBaseline } from '../engine/baseline.js';
import { EXIT, HELP, UsageError } from './usage.js';
import { resolveTargets } from './targets.js';
import { toolVersion } from './version.js';
import type { ScanArgs } from './scan-args.js';
import { renderTerminal, summaryLine, useColor } from '../report/terminal.js';

interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function scanCommand(args: ScanArgs, io: Io, mode: 'scan' | 'baseline'): Promise<number> {
  if (args.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const targets = resolveTargets(args.paths, io.cwd);
  const { config, rules, notices } = await prepareRun({
    root: targets.root,
    configPath: args.config ? resolve(io.cwd, args.config) : undefined,
    fallbackDir: io.cwd,
    allowPlugins: pluginsAllowed(args.allowPlugins, io.env),
    configure(config) {
      if (args.failOn) config.failOn = args.failOn;
      if (args.maxFileSize) config.maxFileSize = args.maxFileSize;
      if (!args.gitignore) config.respectGitignore = false;
      if (!args.inlineIgnores) config.inlineIgnores = false;
      config.include = [...config.include, ...args.include];
      config.exclude = [...config.exclude, ...args.exclude];
      if (args.helmValues.length || args.helmSet.length || args.helmSetString.length || args.helmBinary) {
        // Values files are read through the scan (inside the root): name them from the root.
        const values = args.helmValues.map((p) => relative(targets.root, resolve(io.cwd, p)).split(sep).join('/'));
        config.settings['helm'] = { ...config.settings['helm'], cli: { values, set: args.helmSet, setString: args.helmSetString, ...(args.helmBinary ? { binary: resolve(io.cwd, args.helmBinary), root: targets.root } : {}) } };
      }
    },
  });
  for (const line of notices) io.stderr.write(line + '\n');

  let baseline: Set<string> | undefined;
  const baselinePath = args.baseline ?? (mode === 'scan' ? config.baseline && resolve(configDirOf(config.source, targets.root), config.baseline) : undefined);
  if (mode === 'scan' && baselinePath) baseline = readBaseline(resolve(io.cwd, baselinePath));

  let base;
  if (args.base) {
    const { openBaseRevision } = await import('../engine/git-base.js');
    try {
      base = openBaseRevision(targets.root, args.base);
    } catch (e) {
      // openBaseRevision's messages already start with "--base REF:".
      throw new UsageError((e as Error).message);
    }
  }

  const onlyChanged = args.newMigrationsOnly || config.settings['migrations']?.['onlyChanged'] === true;
  if (onlyChanged && !base) io.stderr.write('shipshape: migrations.onlyChanged has no effect without --base REF: every migration is judged\n');
  const onlyChangedDomains = onlyChanged && base ? ['migrations'] : [];
  const result = await scan({ root: targets.root, files: targets.files, dirs: targets.dirs, config, rules, baseline, base, onlyChangedDomains });
  const tool = { name: 'shipshape', version: toolVersion() };
  const unmatched = unmatchedIncludes(args.include, result);
  if (unmatched.length) throw new UsageError(`--include ${unmatched.map((p) => JSON.stringify(p)).join(', ')} matched no file under ${targets.root}: nothing was scanned for ${unmatched.length === 1 ? 'it' : 'them'}. Check the pattern (globs are relative to the scan root, e.g. "k8s/**/*.yaml").`);

  if (mode === 'baseline') {
    const out = resolve(io.cwd, args.output ?? '.shipshape-baseline.json');
    const n = writeBaseline(out, result.findings, `shipshape ${tool.version}`);
    io.stderr.write(`wrote ${n} finding fingerprint${n === 1 ? '' : 's'} to ${out}\n`);
    return result.ruleErrors.length ? EXIT.internal : EXIT.ok;
  }

  let report: string;
  if (args.format === 'json') report = (await import('../report/json.js')).renderJson(result, tool);
  else if (args.format === 'sarif') report = (await import('../report/sarif.js')).renderSarif(result, rules, { includeSuppressed: args.includeSuppressed, tool });
  else report = renderTerminal(result, rules, { color: !args.output && useColor(io.stdout, io.env), summaryOnly: args.summary });

  if (args.output) {
    const out = resolve(io.cwd, args.output);
    try {
      writeFileSync(out, report);
    } catch (e) {
      throw new UsageError(`--output ${args.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) in ${dirname(out)}`);
    }
    io.stderr.write(summaryLine(result) + '\n');
  } else {
    io.stdout.write(report);
  }
  for (const e of result.ruleErrors) io.stderr.write(`shipshape: internal error in rule ${e.ruleId}:\n${e.message}\n`);
  if (result.ruleErrors.length) return EXIT.internal;
  return failsThreshold(result.findings, config.failOn) ? EXIT.findings : EXIT.ok;
}

/** `--include` patterns that selected nothing: a typo there must not turn CI green by scanning nothing. */
function unmatchedIncludes(patterns: string[], result: ScanResult): string[] {
  if (patterns.length === 0) return [];
  const seen = [...result.sources.keys(), ...result.notes.map((n) => n.path), ...result.notEvaluated.map((n) => n.path)];
  return patterns.filter((p) => {
    const match = picomatch(p, { dot: true });
    return !seen.some((path) => match(path));
  });
}

export { ConfigError };
