/** Resource findings: fingerprint keys. */
import type { Container } from '../../src/model/types.js';

export function resKey(c: Container, field: string): string {
  return `${c.logicalPath}.resources.${field}`;
}
