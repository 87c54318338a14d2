/** Every built-in rule, grouped by domain. test/meta.test.ts checks each rule file is listed. */
import type { Rule } from '../src/engine/rule.js';
import type { DomainSettings } from '../src/engine/domain-settings.js';
import { migrationScopeSettings, migrationSettings } from './migrations/_settings.js';
import { buildRules } from './build/index.js';
import { ciRules } from './ci/index.js';
import { containerRules } from './container/index.js';
import { coreRules } from './core/index.js';
import { dockerfileRules } from './dockerfile/index.js';
import { imageRules } from './image/index.js';
import { migrationRules } from './migrations/index.js';
import { probeRules } from './probes/index.js';
import { resourcesRules } from './resources/index.js';
import { rolloutRules } from './rollout/index.js';
import { secretsRules } from './secrets/index.js';
import { helmSettings } from './core/_helm-settings.js';

export const builtinRules: Rule<any>[] = [
  ...coreRules,
  ...dockerfileRules,
  ...imageRules,
  ...containerRules,
  ...migrationRules,
  ...probeRules,
  ...secretsRules,
  ...rolloutRules,
  ...resourcesRules,
  ...ciRules,
  ...buildRules,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The `.shipshape.yml` sections rule domains contribute, validated with their schemas when the config loads. */
export const builtinDomainSettings: DomainSettings[] = [migrationSettings, migrationScopeSettings, helmSettings];
