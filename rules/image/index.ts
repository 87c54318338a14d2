import type { Rule } from '../../src/engine/rule.js';
import { buildHygieneRules } from './_build.js';
import { runtimeRules } from './_runtime.js';

export const imageRules: Rule<any>[] = [...buildHygieneRules, ...runtimeRules];
