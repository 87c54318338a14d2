/** Probe configuration and graceful shutdown: Kubernetes probes and preStop hooks, compose healthchecks, fly checks, systemd restarts. */
import type { Rule } from '../../src/engine/rule.js';
import dependsOnNotHealthy from './depends-on-not-healthy.js';
import execProbeWithoutShell from './exec-probe-without-shell.js';
import flyNoChecks from './fly-no-checks.js';
import healthcheckMissing from './healthcheck-missing.js';
import identicalLivenessReadiness from './identical-liveness-readiness.js';
import livenessTooAggressive from './liveness-too-aggressive.js';
import livenessChecksDependencies from './liveness-checks-dependencies.js';
import missingLiveness from './missing-liveness.js';
import missingReadiness from './missing-readiness.js';
import noPrestopDrain from './no-prestop-drain.js';
import portNotExposed from './port-not-exposed.js';
import slowStartWithoutStartupProbe from './slow-start-without-startup-probe.js';
import systemdNoRestart from './systemd-no-restart.js';
import terminationGraceTooShort from './termination-grace-too-short.js';

export const probeRules: Rule<any>[] = [
  dependsOnNotHealthy,
  execProbeWithoutShell,
  flyNoChecks,
  healthcheckMissing,
  identicalLivenessReadiness,
  livenessChecksDependencies,
  livenessTooAggressive,
  missingLiveness,
  missingReadiness,
  noPrestopDrain,
  portNotExposed,
  slowStartWithoutStartupProbe,
  systemdNoRestart,
  terminationGraceTooShort,
];
