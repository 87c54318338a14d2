/**
 * Checks the `rules:` section against the loaded rule set: every id must name
 * a rule, and options must match the rule's own options schema.
 */
import type { Rule } from '../engine/rule.js';
import type { ResolvedConfig } from './types.js';
import { ConfigError } from './load.js';
import { cjsExports } from '../util/cjs.js';
import { domainOf } from '../engine/rule.js';
import { describeUnknown, lookupRuleId } from '../engine/rule-ids.js';

export interface RuleSettingsContext {
  /** Plugins listed in config but not loaded: settings for their (unknown) domains are left alone, not errors. */
  refusedPlugins?: boolean;
  /** Called for each id written without its domain prefix, or under a former id, and resolved to the rule's id. */
  onRename?: (typed: string, id: string, why: 'unprefixed' | 'renamed') => void;
}

export async function validateRuleSettings(config: ResolvedConfig, rules: Rule<any>[], ctx: RuleSettingsContext = {}): Promise<void> {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const ids = [...byId.keys()];
  const domains = new Set(ids.map(domainOf));
  const problems: string[] = [];
  let ajv: import('ajv').Ajv | undefined;
  for (const [typed, setting] of Object.entries(config.rules)) {
    const found = lookupRuleId(typed, rules);
    if (!('id' in found)) {
      if (ctx.refusedPlugins && typed.includes('/') && !domains.has(domainOf(typed))) continue;
      problems.push(`  rules.${typed}: ${describeUnknown(found)}; run \`shipshape rules\` for the list`);
      continue;
    }
    const id = found.id;
    if (id !== typed) {
      if (config.rules[id]) {
        problems.push(`  rules.${typed}: names ${id}, which is also configured; keep one`);
        continue;
      }
      delete config.rules[typed];
      config.rules[id] = setting;
      ctx.onRename?.(typed, id, found.formerId ? 'renamed' : 'unprefixed');
    }
    const rule = byId.get(id)!;
    if (Object.keys(setting.options).length === 0) continue;
    if (!rule.options) {
      problems.push(`  rules.${id}.options: this rule takes no options; got ${JSON.stringify(setting.options)}`);
      continue;
    }
    if (!ajv) {
      const { Ajv } = cjsExports(await import('ajv'));
      ajv = new Ajv({ allErrors: true, strict: false });
    }
    const check = ajv.compile(rule.options.schema);
    if (!check(setting.options)) {
      for (const e of check.errors ?? []) {
        const key = [`rules.${id}.options`, ...e.instancePath.split('/').slice(1)].join('.');
        const extra = e.keyword === 'additionalProperties' ? `.${String((e.params as { additionalProperty?: string }).additionalProperty)}: unknown option` : `: ${e.message}`;
        problems.push(`  ${key}${extra}`);
      }
    }
  }
  for (const rule of rules) {
    const enabled = config.rules[rule.id]?.enabled ?? rule.enabledByDefault !== false;
    const options = { ...(rule.options?.defaults ?? {}), ...(config.rules[rule.id]?.options ?? {}) };
    const problem = enabled ? rule.configProblem?.(config, options) : undefined;
    if (problem) problems.push(`  rules.${rule.id}: ${problem}`);
  }
  if (problems.length) throw new ConfigError(`invalid config ${config.source ?? ''}:\n${problems.join('\n')}`);
}
