/** Sprig's defaults and flow functions: default, empty, coalesce, all, any, ternary, fromJson's cousins. */
import type { FuncMap } from '../types.js';
import { isEmpty, needBool } from './values.js';

export function defaultsFuncs(): FuncMap {
  return {
    // `default D V`: V unless it is empty (Go zero value); with no V, D.
    default: (_c, d, ...given) => (given.length === 0 || isEmpty(given[0]!) ? d ?? null : given[0]!),
    empty: (_c, v) => isEmpty(v ?? null),
    coalesce: (_c, ...args) => args.find((a) => !isEmpty(a)) ?? null,
    all: (_c, ...args) => args.every((a) => !isEmpty(a)),
    any: (_c, ...args) => args.some((a) => !isEmpty(a)),
    ternary: (_c, vt, vf, cond) => (needBool('ternary', cond) ? vt ?? null : vf ?? null),
  };
}
