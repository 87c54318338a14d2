/** Sprig's type reflection: typeOf/typeIs/typeIsLike/kindOf/kindIs/deepEqual. */
import type { FuncMap } from '../types.js';
import { deepEqual, kindOf, needString, typeOf } from './values.js';

export function reflectFuncs(): FuncMap {
  return {
    typeOf: (_c, v) => typeOf(v ?? null),
    typeIs: (_c, t, v) => needString('typeIs', t) === typeOf(v ?? null),
    typeIsLike: (_c, t, v) => {
      const want = needString('typeIsLike', t);
      const got = typeOf(v ?? null);
      return want === got || want === '*' + got;
    },
    kindOf: (_c, v) => kindOf(v ?? null),
    kindIs: (_c, k, v) => needString('kindIs', k) === kindOf(v ?? null),
    deepEqual: (_c, a, b) => deepEqual(a ?? null, b ?? null),
  };
}
