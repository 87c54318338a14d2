/**
 * The Sprig v3 + Helm 3 function library, as Helm's engine installs it (sprig.TxtFuncMap() minus
 * `env`/`expandenv`, plus Helm's own). Which functions real charts call, and what is deliberately
 * left out, is measured in docs/helm-functions.md (scripts/helm-function-usage.ts).
 * text/template's builtins (and, or, not, len, index, print, printf, eq, ...) are the engine's.
 */
import type { FuncMap } from '../types.js';
import { stringFuncs } from './strings.js';
import { listFuncs } from './lists.js';
import { dictFuncs } from './dicts.js';
import { mathFuncs } from './math.js';
import { semverFuncs } from './semver.js';
import { encodingFuncs } from './encoding.js';
import { regexFuncs } from './regex.js';
import { dateFuncs } from './dates.js';
import { pathFuncs } from './paths.js';
import { reflectFuncs } from './reflect.js';
import { helmFuncFamily } from './helm.js';
import { defaultsFuncs } from './defaults.js';
import { extraFuncs } from './extras.js';

let cached: FuncMap | undefined;

export function helmFuncs(): FuncMap {
  cached ??= Object.freeze({
    ...stringFuncs(),
    ...listFuncs(),
    ...dictFuncs(),
    ...mathFuncs(),
    ...semverFuncs(),
    ...encodingFuncs(),
    ...regexFuncs(),
    ...dateFuncs(),
    ...pathFuncs(),
    ...reflectFuncs(),
    ...defaultsFuncs(),
    ...extraFuncs(),
    ...helmFuncFamily(),
  });
  return cached;
}
