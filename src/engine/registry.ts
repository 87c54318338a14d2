/**
 * The rule set for a run: built-ins plus `plugins:` from config. A plugin is a
 * local module path (relative to the config file's folder) or an npm package
 * whose default export (or `rules` export) is a rule or an array of rules
 * made with the same `defineRule` API.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinDomainSettings, builtinRules } from '../../rules/index.js';
import type { DomainSettings } from './domain-settings.js';
import type { Rule } from './rule.js';
import { SEVERITIES } from './rule.js';
import { MODEL_ENTITIES } from './entities.js';
import { isKnownTag } from './tags.js';

export class PluginError extends Error {}

export function getBuiltinRules(): Rule<any>[] {
  return builtinRules;
}

/** The config sections built-in domains contribute. */
export function getBuiltinDomainSettings(): readonly DomainSettings[] {
  return builtinDomainSettings;
}

/**
 * Plugins are code from the scanned repository's config (or a package it
 * names), so they run only when the person starting the scan allows it: a CI
 * job scanning an untrusted pull request must never execute that pull
 * request's code. Without permission the listed plugins are refused, named,
 * and the scan goes on with the built-in rules.
 */
export interface PluginPolicy {
  allow: boolean;
}

export interface LoadedRules {
  rules: Rule<any>[];
  /** Plugins that were imported, with the rule ids each contributed. */
  loaded: Array<{ spec: string; ruleIds: string[] }>;
  /** Plugins listed in config but not imported because plugins were not allowed. */
  refused: string[];
}

export const ALLOW_PLUGINS_ENV = 'SHIPSHAPE_ALLOW_PLUGINS';

/** `--allow-plugins`, or SHIPSHAPE_ALLOW_PLUGINS=1 (for wrappers that cannot add a flag). */
export function pluginsAllowed(flag: boolean, env: NodeJS.ProcessEnv): boolean {
  const v = env[ALLOW_PLUGINS_ENV];
  return flag || (v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false');
}

export async function loadRules(plugins: string[], configDir: string, policy: PluginPolicy): Promise<LoadedRules> {
  const rules = [...builtinRules];
  if (!policy.allow) return { rules, loaded: [], refused: [...plugins] };
  const ids = new Set(rules.flatMap((r) => [r.id, ...(r.formerIds ?? [])]));
  const loaded: LoadedRules['loaded'] = [];
  for (const spec of plugins) {
    const mod = await importPlugin(spec, configDir);
    const exported = (mod['default'] ?? mod['rules']) as unknown;
    const list = Array.isArray(exported) ? exported : [exported];
    const ruleIds: string[] = [];
    for (const r of list) {
      const problem = validateRuleShape(r);
      if (problem) throw new PluginError(`plugin "${spec}": ${problem}`);
      const rule = r as Rule<any>;
      const taken = [rule.id, ...(rule.formerIds ?? [])].find((id) => ids.has(id));
      if (taken) throw new PluginError(`plugin "${spec}": rule id "${taken}" is already defined`);
      for (const id of [rule.id, ...(rule.formerIds ?? [])]) ids.add(id);
      rules.push(rule);
      ruleIds.push(rule.id);
    }
    loaded.push({ spec, ruleIds });
  }
  return { rules, loaded, refused: [] };
}

/** The stderr lines that tell the person running the scan which plugin code ran, or was refused. */
export function pluginNotices(set: LoadedRules, configPath: string | undefined): string[] {
  const lines = set.loaded.map((p) => `shipshape: loaded plugin ${p.spec} (${p.ruleIds.length} rule${p.ruleIds.length === 1 ? '' : 's'}: ${p.ruleIds.join(', ')})`);
  if (set.refused.length) {
    lines.push(
      `shipshape: not loading plugin${set.refused.length === 1 ? '' : 's'} ${set.refused.join(', ')} listed in ${configPath ?? 'the config'}: ` +
        `plugins run code from the scanned repository. Pass --allow-plugins (or set ${ALLOW_PLUGINS_ENV}=1) when you trust it.`,
    );
  }
  return lines;
}

async function importPlugin(spec: string, configDir: string): Promise<Record<string, unknown>> {
  const local = spec.startsWith('.') || isAbsolute(spec);
  if (local && !existsSync(resolve(configDir, spec))) throw new PluginError(`plugin "${spec}" not found (looked for ${resolve(configDir, spec)})`);
  let url: string;
  try {
    url = local
      ? pathToFileURL(resolve(configDir, spec)).href
      : pathToFileURL(createRequire(resolve(configDir, 'noop.js')).resolve(spec)).href;
  } catch {
    throw new PluginError(`plugin "${spec}" not found (looked in ${local ? resolve(configDir, spec) : `node_modules from ${configDir}`})`);
  }
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new PluginError(`plugin "${spec}" failed to load: ${(e as Error).message}`);
  }
}

export function validateRuleShape(r: unknown): string | undefined {
  if (!r || typeof r !== 'object') return 'export is not a rule object';
  const o = r as Record<string, unknown>;
  if (typeof o['id'] !== 'string' || !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(o['id'])) return `rule id ${JSON.stringify(o['id'])} must look like "domain/kebab-name"`;
  for (const k of ['title', 'description', 'rationale', 'remediation']) {
    if (typeof o[k] !== 'string' || !(o[k] as string).trim()) return `rule ${o['id']}: "${k}" must be a non-empty string`;
  }
  if (!SEVERITIES.includes(o['severity'] as never)) return `rule ${o['id']}: severity must be one of ${SEVERITIES.join(', ')}`;
  const cases = o['severities'];
  if (cases !== undefined && (!Array.isArray(cases) || !cases.every((c) => c && SEVERITIES.includes(c.severity) && typeof c.when === 'string' && c.when.trim()))) {
    return `rule ${o['id']}: severities must be a list of {severity: ${SEVERITIES.join(' | ')}, when: "condition"}`;
  }
  if (typeof o['check'] !== 'function') return `rule ${o['id']}: "check" must be a function`;
  if (!Array.isArray(o['kinds']) || !Array.isArray(o['reads']) || !Array.isArray(o['tags']) || !Array.isArray(o['references'])) return `rule ${o['id']}: kinds, reads, tags and references must be arrays`;
  const unknownEntity = (o['reads'] as unknown[]).find((e) => !MODEL_ENTITIES.includes(e as never));
  if (unknownEntity !== undefined) return `rule ${o['id']}: reads: ${JSON.stringify(unknownEntity)} is not a model entity (one of ${MODEL_ENTITIES.join(', ')})`;
  const unknownTag = (o['tags'] as unknown[]).find((t) => typeof t !== 'string' || !isKnownTag(t));
  if (unknownTag !== undefined) return `rule ${o['id']}: tag ${JSON.stringify(unknownTag)} is not in the tag vocabulary (src/engine/tags.ts)`;
  if (o['status'] !== 'preview' && o['status'] !== 'stable') return `rule ${o['id']}: status must be "preview" or "stable"`;
  const former = o['formerIds'];
  if (former !== undefined && (!Array.isArray(former) || !former.every((f) => typeof f === 'string' && /^[a-z0-9-]+\/[a-z0-9-]+$/.test(f)))) return `rule ${o['id']}: formerIds must be a list of "domain/kebab-name" ids`;
  return undefined;
}

export function configDirOf(source: string | undefined, root: string): string {
  return source ? dirname(source) : root;
}
