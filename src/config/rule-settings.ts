/**
 * Checks the `rules:` section against the loaded rule set: every id must name
 * a rule, and options must match the rule's own options schema.
 */
import type { Rule } from '../engine/rule.js';
import type { ResolvedConfig } from './types.js';
import { ConfigError } from './load.js';
import { cjsExports } from '../util/cjs.js';

export async function validateRuleSettings(config: ResolvedConfig, rules: Rule<any>[]): Promise<void> {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const problems: string[] = [];
  let ajv: import('ajv').Ajv | undefined;
  for (const [id, setting] of Object.entries(config.rules)) {
    const rule = byId.get(id);
    if (!rule) {
      const hint = closest(id, [...byId.keys()]);
      problems.push(`  rules.${id}: unknown rule id${hint ? ` (did you mean ${hint}?)` : ''}; run \`shipshape rules\` for the list`);
      continue;
    }
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
    const problem = enabled ? rule.configProblem?.(config) : undefined;
    if (problem) problems.push(`  rules.${rule.id}: ${problem}`);
  }
  if (problems.length) throw new ConfigError(`invalid config ${config.source ?? ''}:\n${problems.join('\n')}`);
}

function closest(id: string, ids: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of ids) {
    const d = distance(id, candidate);
    if (d < bestScore) {
      bestScore = d;
      best = candidate;
    }
  }
  return bestScore <= Math.max(3, id.length / 4) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
