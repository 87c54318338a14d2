import { mayBeNamedContext, type ImageUse } from '../../src/model/image-use.js';

/** The hedge for `FROM name`: it may be a named context rather than an image pulled from Docker Hub. */
export function namedContextNote(u: ImageUse): string {
  if (!mayBeNamedContext(u)) return '';
  const n = u.ref.raw;
  return ` (If "${n}" is a BuildKit named context a build passes with \`--build-context ${n}=...\` or bake \`contexts\`, nothing is pulled: suppress this with that reason.)`;
}
