/** Wording shared by the secrets rules (messages and keys only). */
import { maskSecret } from '../../src/model/secret-names.js';

/** `"DB_PASSWORD" (Pg-p****)`: the name and the masked value, never the value. */
export function named(name: string, value: string): string {
  return `"${name}" (${maskSecret(value)})`;
}

export { maskSecret };
