/**
 * Config discovery, validation and merge. A bad config is a usage error: the
 * message names the key, the value found and what was expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import schema from './schema.json' with { type: 'json' };
import { defaultConfig } from './defaults.js';
import { cjsExports } from '../util/cjs.js';
import { parseSize } from './size.js';
import type { ResolvedConfig } from './types.js';
import type { Severity } from '../engine/rule.js';
import { resolveDomainSettings, type DomainSettings } from '../engine/domain-settings.js';

export class ConfigError extends Error {}

export const CONFIG_NAMES = ['.shipshape.yml', '.shipshape.yaml'];

export interface RawConfig {
  rules?: Record<string, string | { enabled?: boolean; severity?: Severity; options?: Record<string, unknown> }>;
  include?: string[];
  exclude?: string[];
  plugins?: string[];
  failOn?: ResolvedConfig['failOn'];
  baseline?: string;
  maxFileSize?: number | string;
  gitignore?: boolean;
  inlineIgnores?: boolean;
  images?: { nonRoot?: string[]; allowedRegistries?: string[] };
}

export function findConfigFile(root: string): string | undefined {
  for (const n of CONFIG_NAMES) {
    const p = join(root, n);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** `sections`: the settings rule domains contribute (see src/engine/domain-settings.ts), validated with their schemas. */
export async function loadConfig(root: string, explicitPath?: string, sections: readonly DomainSettings[] = []): Promise<ResolvedConfig> {
  const path = explicitPath ? resolve(explicitPath) : findConfigFile(root);
  const config = defaultConfig();
  config.settings = resolveDomainSettings(sections, {});
  if (!path) return config;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { parse } = cjsExports(await import('yaml'));
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100, prettyErrors: false }) ?? {};
  } catch (e) {
    throw new ConfigError(`${path}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  await validate(raw, path, sections);
  merge(config, raw as RawConfig);
  config.settings = resolveDomainSettings(sections, raw as Record<string, unknown>);
  config.source = path;
  return config;
}

async function validate(raw: unknown, path: string, sections: readonly DomainSettings[]): Promise<void> {
  const { Ajv } = cjsExports(await import('ajv'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  const full = { ...schema, properties: { ...schema.properties, ...Object.fromEntries(sections.map((s) => [s.section, s.schema])) } };
  const check = ajv.compile(full);
  if (check(raw)) return;
  const errors = check.errors ?? [];
  // anyOf failures repeat the same key; report the most specific error per key.
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const key = keyPath(e.instancePath, e.params as Record<string, unknown>, e.keyword);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`  ${key}: ${describeError(e.keyword, e.params as Record<string, unknown>, e.message, valueAt(raw, e.instancePath))}`);
  }
  throw new ConfigError(`invalid config ${path}:\n${lines.join('\n')}`);
}

function keyPath(instancePath: string, params: Record<string, unknown>, keyword: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') parts.push(params['additionalProperty']);
  if (keyword === 'propertyNames' && typeof params['propertyName'] === 'string') parts.push(params['propertyName']);
  return parts.length ? parts.join('.') : '(top level)';
}

function valueAt(raw: unknown, instancePath: string): unknown {
  let cur = raw;
  for (const p of instancePath.split('/').slice(1)) {
    const k = p.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  }
  return cur;
}

function describeError(keyword: string, params: Record<string, unknown>, message: string | undefined, value: unknown): string {
  const got = `got ${JSON.stringify(value)}`;
  switch (keyword) {
    case 'additionalProperties':
      return 'unknown key';
    case 'propertyNames':
      return 'rule ids look like "domain/kebab-name" or "kebab-name"';
    case 'enum':
      return `expected one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; ${got}`;
    case 'type':
      return `expected ${String(params['type'])}; ${got}`;
    case 'pattern':
      return `expected a value matching ${String(params['pattern'])}; ${got}`;
    default:
      return `${message ?? 'invalid'}; ${got}`;
  }
}

function merge(c: ResolvedConfig, raw: RawConfig): void {
  for (const [id, v] of Object.entries(raw.rules ?? {})) {
    if (typeof v === 'string') {
      if (v === 'off') c.rules[id] = { enabled: false, options: {} };
      else if (v === 'on') c.rules[id] = { enabled: true, options: {} };
      else c.rules[id] = { enabled: true, severity: v as Severity, options: {} };
    } else {
      c.rules[id] = { enabled: v.enabled ?? true, severity: v.severity, options: v.options ?? {} };
    }
  }
  if (raw.include) c.include = raw.include;
  if (raw.exclude) c.exclude = raw.exclude;
  if (raw.plugins) c.plugins = raw.plugins;
  if (raw.failOn) c.failOn = raw.failOn;
  if (raw.baseline) c.baseline = raw.baseline;
  // The schema has already checked the form, so parseSize cannot fail here.
  if (raw.maxFileSize !== undefined) c.maxFileSize = parseSize(raw.maxFileSize) ?? c.maxFileSize;
  if (raw.gitignore !== undefined) c.respectGitignore = raw.gitignore;
  if (raw.inlineIgnores !== undefined) c.inlineIgnores = raw.inlineIgnores;
  if (raw.images?.nonRoot) c.nonRootImages = [...c.nonRootImages, ...raw.images.nonRoot];
  if (raw.images?.allowedRegistries) {
    // Before rule options existed the list lived here; it is the option of one rule now.
    const id = 'image/untrusted-registry';
    // Off unless `rules:` switches it on, as the rule is by default: listing registries never enabled it.
    const setting = (c.rules[id] ??= { enabled: false, options: {} });
    if (setting.options['allowedRegistries'] === undefined) setting.options = { ...setting.options, allowedRegistries: raw.images.allowedRegistries };
    c.notices.push(`images.allowedRegistries is now rules.${id}.options.allowedRegistries; the old key keeps working`);
  }
}
