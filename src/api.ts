/**
 * Library entry point: scan a directory (or given files) with the built-in
 * rules and the directory's .shipshape.yml, and get the structured result.
 */
import { resolve } from 'node:path';
import { loadConfig, findConfigFile } from './config/load.js';
import type { ResolvedConfig } from './config/types.js';
import { loadRules, configDirOf } from './engine/registry.js';
import { scan, type ScanResult } from './engine/scan.js';
import type { BaseRevision, Rule } from './engine/rule.js';

export type { ScanResult } from './engine/scan.js';
export type { Finding } from './engine/finding.js';
export { defineRule } from './engine/rule.js';
export type { Rule, RuleContext, Severity } from './engine/rule.js';

export interface ScanDirectoryOptions {
  /** Explicit files inside root (absolute or root-relative); default: walk the root. */
  files?: string[];
  /** Adjust the loaded configuration before the scan. */
  configure?: (config: ResolvedConfig, rules: Rule<any>[]) => void;
  base?: BaseRevision;
}

export async function scanDirectory(root: string, opts: ScanDirectoryOptions = {}): Promise<ScanResult> {
  const absRoot = resolve(root);
  const config = await loadConfig(absRoot, findConfigFile(absRoot));
  const rules = await loadRules(config.plugins, configDirOf(config.source, absRoot));
  opts.configure?.(config, rules);
  return scan({ root: absRoot, files: (opts.files ?? []).map((f) => resolve(absRoot, f)), config, rules, base: opts.base });
}
