/** Probe configuration and graceful shutdown: Kubernetes probes and preStop hooks, compose healthchecks, fly checks, systemd restarts. */
import type { Rule } from '../../src/engine/rule.js';
import identicalLivenessReadiness from './identical-liveness-readiness.js';
import livenessTooAggressive from './liveness-too-aggressive.js';
import missingLiveness from './missing-liveness.js';
import missingReadiness from './missing-readiness.js';
import portNotExposed from './port-not-exposed.js';
import terminationGraceTooShort from './termination-grace-too-short.js';

export const probeRules: Rule<any>[] = [
  identicalLivenessReadiness,
  livenessTooAggressive,
  missingLiveness,
  missingReadiness,
  portNotExposed,
  terminationGraceTooShort,
];
