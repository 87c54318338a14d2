/** Rollout strategy and availability: replicas, update budgets, disruption budgets, autoscalers, Services and progressive delivery. */
import type { Rule } from '../../src/engine/rule.js';
import argoInvalidSteps from './argo-invalid-steps.js';
import argoNoAnalysis from './argo-no-analysis.js';
import deployNoConcurrency from './deploy-no-concurrency.js';
import deployWithoutGate from './deploy-without-gate.js';
import flaggerNoAnalysis from './flagger-no-analysis.js';
import flyImmediate from './fly-immediate.js';
import helmNoAtomic from './helm-no-atomic.js';
import hpaMinReplicasLow from './hpa-min-replicas-low.js';
import hpaReplicasConflict from './hpa-replicas-conflict.js';
import hpaTargetMissing from './hpa-target-missing.js';
import invalidProgressDeadline from './invalid-progress-deadline.js';
import meshWeights from './mesh-weights.js';
import missingPdb from './missing-pdb.js';
import nakedPod from './naked-pod.js';
import noRolloutStatus from './no-rollout-status.js';
import noMinReadySeconds from './no-min-ready-seconds.js';
import noRevisionHistory from './no-revision-history.js';
import noSpread from './no-spread.js';
import pdbBlocksEviction from './pdb-blocks-eviction.js';
import pdbExceedsHpaMin from './pdb-exceeds-hpa-min.js';
import pdbSelectsNothing from './pdb-selects-nothing.js';
import recreateStrategy from './recreate-strategy.js';
import selectorMismatch from './selector-mismatch.js';
import serviceSelectsNothing from './service-selects-nothing.js';
import serviceSpansVersions from './service-spans-versions.js';
import singleReplica from './single-replica.js';
import targetPortMissing from './target-port-missing.js';
import unsafeSurgeSettings from './unsafe-surge-settings.js';

export const rolloutRules: Rule<any>[] = [
  argoInvalidSteps,
  argoNoAnalysis,
  deployNoConcurrency,
  deployWithoutGate,
  flaggerNoAnalysis,
  flyImmediate,
  helmNoAtomic,
  hpaMinReplicasLow,
  hpaReplicasConflict,
  hpaTargetMissing,
  invalidProgressDeadline,
  meshWeights,
  missingPdb,
  nakedPod,
  noMinReadySeconds,
  noRevisionHistory,
  noRolloutStatus,
  noSpread,
  pdbBlocksEviction,
  pdbExceedsHpaMin,
  pdbSelectsNothing,
  recreateStrategy,
  selectorMismatch,
  serviceSelectsNothing,
  serviceSpansVersions,
  singleReplica,
  targetPortMissing,
  unsafeSurgeSettings,
];
