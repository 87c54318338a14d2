/** text/template's comparison builtins (eq, ne, lt, le, gt, ge) over our Value model. */
import { formatV, sprintf } from './format.js';
import type { Value } from './types.js';
import { goTypeName } from './values.js';

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: Value): Kind {
  if (v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'string';
  }
  return 'other';
}

/** Go's `eq arg1 arg2...`: true when arg1 equals any of the others. */
export function goEq(a: Value, others: Value[]): boolean {
  if (others.length === 0) throw new Error('missing argument for comparison');
  const ka = basicKind(a);
  for (const b of others) {
    const kb = basicKind(b);
    if (ka !== kb) {
      if (a !== null && b !== null) throw new Error('incompatible types for comparison');
      continue;
    }
    if (ka === 'other') {
      // Slices, maps and structs holding them are not comparable in Go.
      if (goTypeName(a) !== goTypeName(b)) {
        throw new Error(`non-comparable types ${sprintf('%s', a)}: ${goTypeName(a)}, ${goTypeName(b)}: ${formatV(b)}`);
      }
      throw new Error(`non-comparable type ${sprintf('%s', b)}: ${goTypeName(b)}`);
    }
    if (a === b) return true;
  }
  return false;
}

/** Go's `lt`. */
export function goLt(a: Value, b: Value): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  // Go: non-basic operands first, then differing kinds, then kinds without an order (bool).
  if (ka === 'invalid' || ka === 'other' || kb === 'invalid' || kb === 'other') throw new Error('invalid type for comparison');
  if (ka !== kb) throw new Error('incompatible types for comparison');
  if (ka === 'bool') throw new Error('invalid type for comparison');
  return (a as string | number | bigint) < (b as string | number | bigint);
}
