/** Container runtime hardening in every orchestrator: Kubernetes, compose, systemd, fly (formerly part of image/). */
import type { Rule } from '../../src/engine/rule.js';
import capabilitiesNotDropped from './capabilities-not-dropped.js';
import dangerousCapability from './dangerous-capability.js';
import exposedSsh from './exposed-ssh.js';
import hostNamespace from './host-namespace.js';
import hostPathMount from './host-path-mount.js';
import hostPort from './host-port.js';
import nonNumericUser from './non-numeric-user.js';
import privilegeEscalation from './privilege-escalation.js';
import privileged from './privileged.js';
import rootGroup from './root-group.js';
import runAsRoot from './run-as-root.js';
import seccompUnconfined from './seccomp-unconfined.js';
import writableRootFilesystem from './writable-root-filesystem.js';

export const containerRules: Rule<any>[] = [
  capabilitiesNotDropped,
  dangerousCapability,
  exposedSsh,
  hostNamespace,
  hostPathMount,
  hostPort,
  nonNumericUser,
  privilegeEscalation,
  privileged,
  rootGroup,
  runAsRoot,
  seccompUnconfined,
  writableRootFilesystem,
];
