/** `shipshape rules`, `explain` and `print-config`. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadConfig, findConfigFile } from '../config/load.js';
import { loadRules, configDirOf, getBuiltinRules } from '../engine/registry.js';
import { domainOf } from '../engine/rule.js';
import { renderRuleText, ruleDocUrl, severityCases, severitySummary } from '../report/rule-doc.js';
import { EXIT, UsageError, resolveTargets } from './main.js';

interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd: string;
}

async function rulesFor(io: Io, configArg?: string) {
  const root = io.cwd;
  const path = configArg ? resolve(io.cwd, configArg) : findConfigFile(root);
  const config = await loadConfig(root, path);
  return { config, rules: await loadRules(config.plugins, configDirOf(config.source, root)) };
}

export async function rulesCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { format: { type: 'string', short: 'f' }, config: { type: 'string', short: 'c' } } });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format: expected text or json; got "${format}"`);
  const { rules, config } = await rulesFor(io, values.config);
  if (format === 'json') {
    const list = rules.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      // Every severity the rule can report, with its condition; a rule with one severity lists just its default.
      severities: severityCases(r).length ? severityCases(r) : [{ severity: r.severity, when: 'every finding' }],
      domain: domainOf(r.id),
      description: r.description,
      rationale: r.rationale,
      remediation: r.remediation,
      references: r.references,
      tags: r.tags,
      kinds: r.kinds,
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
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
  const id = positionals[0];
  if (!id) throw new UsageError('explain: expected a rule id, e.g. `shipshape explain image/run-as-root`');
  const rule = getBuiltinRules().find((r) => r.id === id) ?? (await rulesFor(io)).rules.find((r) => r.id === id);
  if (!rule) throw new UsageError(`explain: unknown rule id "${id}"; run \`shipshape rules\` for the list`);
  io.stdout.write(renderRuleText(rule) + '\n');
  return EXIT.ok;
}

export async function printConfigCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { config: { type: 'string', short: 'c' } } });
  const { root } = resolveTargets(positionals, io.cwd);
  const path = values.config ? resolve(io.cwd, values.config) : findConfigFile(root) ?? findConfigFile(io.cwd);
  const config = await loadConfig(root, path);
  const rules = await loadRules(config.plugins, configDirOf(config.source, root));
  const { validateRuleSettings } = await import('../config/rule-settings.js');
  await validateRuleSettings(config, rules);
  const effectiveRules = Object.fromEntries(
    rules.map((r) => {
      const s = config.rules[r.id];
      return [r.id, { enabled: s?.enabled ?? r.enabledByDefault !== false, severity: s?.severity ?? r.severity, options: { ...(r.options?.defaults ?? {}), ...(s?.options ?? {}) } }];
    }),
  );
  const out = {
    source: config.source ?? null,
    failOn: config.failOn,
    postgres: config.postgres,
    baseline: config.baseline ?? null,
    maxFileSize: config.maxFileSize,
    gitignore: config.respectGitignore,
    inlineIgnores: config.inlineIgnores,
    include: config.include,
    exclude: config.exclude,
    plugins: config.plugins,
    images: { nonRoot: config.nonRootImages, allowedRegistries: config.allowedRegistries },
    rules: effectiveRules,
  };
  io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return EXIT.ok;
}
