/**
 * Facts about users that several rules need, kept apart from the Dockerfile
 * lifter so a rule reading them does not load the Dockerfile parser.
 */
import type { DockerUser } from './types.js';

/** A `USER` that resolves to root (by name or uid 0); an unresolved `$VAR` is unknown, not root. */
export function isRootUser(u: DockerUser | undefined): boolean {
  if (!u || !u.resolved) return false;
  return u.user === 'root' || u.uid === 0;
}
