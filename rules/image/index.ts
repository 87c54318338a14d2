/** Image references wherever an image is pulled: Dockerfile FROM, workload containers, workflow job containers and services. */
import type { Rule } from '../../src/engine/rule.js';
import noDigest from './no-digest.js';
import unpinnedTag from './unpinned-tag.js';
import untrustedRegistry from './untrusted-registry.js';

export const imageRules: Rule<any>[] = [noDigest, unpinnedTag, untrustedRegistry];
