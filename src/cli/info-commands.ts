/** `shipshape rules`, `explain` and `print-config`. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { getBuiltinRules, pluginsAllowed } from '../engine/registry.js';
import { describeUnknown, lookupRuleId } from '../engine/rule-ids.js';
import { prepareRun } from '../api.js';
import { domainOf } from '../engine/rule.js';
import { renderRuleText, ruleDocUrl, severityCases, severitySummary } from '../report/rule-doc.js';
import { EXIT, UsageError } from './usage.js';
import { resolveTargets } from './targets.js';

interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The options every info command shares with `scan`: which config, and whether its plugins may load. */
const COMMON_OPTIONS = { config: { type: 'string', short: 'c' }, 'allow-plugins': { type: 'boolean' } } as const;

async function rulesFor(io: Io, values: { config?: string; 'allow-plugins'?: boolean }, root = io.cwd) {
  const run = await prepareRun({
    root,
    configPath: values.config ? resolve(io.cwd, values.config) : undefined,
    fallbackDir: io.cwd,
    allowPlugins: pluginsAllowed(values['allow-plugins'] ?? false, io.env),
  });
  for (const line of run.notices) io.stderr.write(line + '\n');
  return run;
}

export async function rulesCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { format: { type: 'string', short: 'f' }, ...COMMON_OPTIONS } });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format: expected text or json; got "${format}"`);
  const { rules, config } = await rulesFor(io, values);
  if (format === 'json') {
    const list = rules.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      // Every severity the rule can report, with its condition; a rule with one severity lists just its default.
      severities: severityCases(r).length ? severityCases(r) : [{ severity: r.severity, when: 'every finding' }],
      domain: domainOf(r.id),
      status: r.status,
      // Ids this rule had before, oldest first: config, suppressions and baselines written with them keep working.
      formerIds: r.formerIds ?? [],
      description: r.description,
      rationale: r.rationale,
      remediation: r.remediation,
      references: r.references,
      tags: r.tags,
      kinds: r.kinds,
      reads: r.reads,
      security: r.security ?? false,
      enabled: config.rules[r.id]?.enabled ?? r.enabledByDefault !== false,
      options: r.options?.defaults ?? null,
      helpUri: ruleDocUrl(r.id),
    }));
    io.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return EXIT.ok;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  const sevWidth = Math.max(...rules.map((r) => severitySummary(r).length));
  for (const r of rules) {
    const enabled = config.rules[r.id]?.enabled ?? r.enabledByDefault !== false;
    io.stdout.write(`${r.id.padEnd(width)}  ${severitySummary(r).padEnd(sevWidth)}  ${enabled ? '' : '(off) '}${r.title}\n`);
  }
  io.stdout.write(`\n${rules.length} rules. Severity: the default, and in parentheses what else a rule can report. \`shipshape explain RULE-ID\` prints one rule's documentation, with the condition for each severity.\n`);
  return EXIT.ok;
}

export async function explainCommand(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parseArgs({ args, strict: true, allowPositionals: true, options: COMMON_OPTIONS });
  const typed = positionals[0];
  if (!typed) throw new UsageError('explain: expected a rule id, e.g. `shipshape explain container/run-as-root`');
  // Built-in rules need no config; plugin rules only load when allowed.
  const builtin = getBuiltinRules();
  let rules = builtin;
  if (!('id' in lookupRuleId(typed, builtin))) rules = (await rulesFor(io, values)).rules;
  const found = lookupRuleId(typed, rules);
  if (!('id' in found)) throw new UsageError(`explain: ${describeUnknown(found)}; run \`shipshape rules\` for the list`);
  const rule = rules.find((r) => r.id === found.id)!;
  io.stdout.write(renderRuleText(rule) + '\n');
  return EXIT.ok;
}

export async function printConfigCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: COMMON_OPTIONS });
  const { root } = resolveTargets(positionals, io.cwd);
  const { config, rules } = await rulesFor(io, values, root);
  const effectiveRules = Object.fromEntries(
    rules.map((r) => {
      const s = config.rules[r.id];
      return [r.id, { enabled: s?.enabled ?? r.enabledByDefault !== false, severity: s?.severity ?? r.severity, options: { ...(r.options?.defaults ?? {}), ...(s?.options ?? {}) } }];
    }),
  );
  const out = {
    source: config.source ?? null,
    failOn: config.failOn,
    ...config.settings,
    baseline: config.baseline ?? null,
    maxFileSize: config.maxFileSize,
    gitignore: config.respectGitignore,
    inlineIgnores: config.inlineIgnores,
    include: config.include,
    exclude: config.exclude,
    plugins: config.plugins,
    images: { nonRoot: config.nonRootImages },
    rules: effectiveRules,
  };
  io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return EXIT.ok;
}
