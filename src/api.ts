/**
 * Library entry point and the one composition root: config → rules (with the
 * plugin policy) → rule-setting validation → scan. The CLI commands call
 * `prepareRun` too, so the library and the CLI accept and reject the same
 * configurations.
 */
import { resolve } from 'node:path';
import { loadConfig, findConfigFile } from './config/load.js';
import type { ResolvedConfig } from './config/types.js';
import { validateRuleSettings } from './config/rule-settings.js';
import { getBuiltinDomainSettings, loadRules, configDirOf, pluginNotices, type LoadedRules } from './engine/registry.js';
import { scan, type ScanResult } from './engine/scan.js';
import type { Rule } from './engine/rule.js';
import type { RevisionReader } from './engine/base-model.js';

export type { ScanResult } from './engine/scan.js';
export type { Finding } from './engine/finding.js';
export { defineRule } from './engine/rule.js';
export type { Rule, RuleContext, Severity } from './engine/rule.js';

export interface PrepareOptions {
  /** The scan root: where `.shipshape.yml` is looked for. */
  root: string;
  /** An explicit config file (`--config`); otherwise `.shipshape.yml` in root, then in `fallbackDir`. */
  configPath?: string;
  fallbackDir?: string;
  /** Import `plugins:` listed in the config (code from the scanned repository). Default: refuse them. */
  allowPlugins?: boolean;
  /** Adjust the loaded configuration (CLI flags) before the rule settings are validated. */
  configure?: (config: ResolvedConfig) => void;
}

export interface PreparedRun {
  config: ResolvedConfig;
  rules: Rule<any>[];
  plugins: LoadedRules;
  /** Lines for the person running the scan: plugins loaded or refused, rule ids completed. */
  notices: string[];
}

export async function prepareRun(opts: PrepareOptions): Promise<PreparedRun> {
  const path = opts.configPath ?? findConfigFile(opts.root) ?? (opts.fallbackDir ? findConfigFile(opts.fallbackDir) : undefined);
  const config = await loadConfig(opts.root, path, getBuiltinDomainSettings());
  opts.configure?.(config);
  const plugins = await loadRules(config.plugins, configDirOf(config.source, opts.root), { allow: opts.allowPlugins ?? false });
  const notices = [...config.notices.map((n) => `shipshape: ${config.source ?? 'config'}: ${n}`), ...pluginNotices(plugins, config.source)];
  await validateRuleSettings(config, plugins.rules, {
    refusedPlugins: plugins.refused.length > 0,
    onRename: (typed, id, why) =>
      notices.push(
        why === 'renamed'
          ? `shipshape: ${config.source ?? 'config'}: rule ${typed} is now ${id}; the old id keeps working, rename the key when convenient`
          : `shipshape: ${config.source ?? 'config'}: rules.${typed} taken as ${id}`,
      ),
  });
  return { config, rules: plugins.rules, plugins, notices };
}

export interface ScanDirectoryOptions {
  /** Explicit files inside root (absolute or root-relative); default: walk the root. */
  files?: string[];
  /** Adjust the loaded configuration and rule set before the scan (after validation). */
  configure?: (config: ResolvedConfig, rules: Rule<any>[]) => void;
  base?: RevisionReader;
  /** Import `plugins:` from the directory's config. Default false: scanning must not run the scanned code. */
  allowPlugins?: boolean;
}

export async function scanDirectory(root: string, opts: ScanDirectoryOptions = {}): Promise<ScanResult> {
  const absRoot = resolve(root);
  const { config, rules } = await prepareRun({ root: absRoot, allowPlugins: opts.allowPlugins });
  opts.configure?.(config, rules);
  return scan({ root: absRoot, files: (opts.files ?? []).map((f) => resolve(absRoot, f)), config, rules, base: opts.base });
}
