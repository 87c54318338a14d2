import type { Rule } from '../../src/engine/rule.js';
import fileTooLarge from './file-too-large.js';
import parseError from './parse-error.js';
import renderError from './render-error.js';
import unreadableFile from './unreadable-file.js';
import unusedSuppression from './unused-suppression.js';

export const coreRules: Rule<any>[] = [fileTooLarge, parseError, renderError, unreadableFile, unusedSuppression];
