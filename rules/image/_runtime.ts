/** Runtime hardening and image-reference rules (registered in ./index.ts). */
import type { Rule } from '../../src/engine/rule.js';
import capabilitiesNotDropped from './capabilities-not-dropped.js';
import dangerousCapability from './dangerous-capability.js';
import hostNamespace from './host-namespace.js';
import hostPathMount from './host-path-mount.js';
import hostPort from './host-port.js';
import noDigest from './no-digest.js';
import nonNumericUser from './non-numeric-user.js';
import privilegeEscalation from './privilege-escalation.js';
import privileged from './privileged.js';
import runAsRoot from './run-as-root.js';
import seccompUnconfined from './seccomp-unconfined.js';
import unpinnedTag from './unpinned-tag.js';
import untrustedRegistry from './untrusted-registry.js';
import writableRootFilesystem from './writable-root-filesystem.js';

export const runtimeRules: Rule<any>[] = [
  capabilitiesNotDropped,
  dangerousCapability,
  hostNamespace,
  hostPathMount,
  hostPort,
  noDigest,
  nonNumericUser,
  privilegeEscalation,
  privileged,
  runAsRoot,
  seccompUnconfined,
  unpinnedTag,
  untrustedRegistry,
  writableRootFilesystem,
];
