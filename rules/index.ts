/** Every built-in rule, grouped by domain. test/meta.test.ts checks each rule file is listed. */
import type { Rule } from '../src/engine/rule.js';
import { containerRules } from './container/index.js';
import { coreRules } from './core/index.js';
import { dockerfileRules } from './dockerfile/index.js';
import { imageRules } from './image/index.js';
import { migrationRules } from './migrations/index.js';
import { secretsRules } from './secrets/index.js';

export const builtinRules: Rule<any>[] = [...coreRules, ...dockerfileRules, ...imageRules, ...containerRules, ...migrationRules, ...secretsRules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
