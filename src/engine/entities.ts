/**
 * The model entities a rule reads. A rule declares these rather than file
 * kinds, so that whatever produces the entity — a Dockerfile on disk, a
 * rendered Helm chart, a compose file — makes the rule run. The engine skips
 * a rule when none of the entities it reads exists in the model.
 */
import type { Model } from '../model/types.js';

export const MODEL_ENTITIES = [
  'imageBuilds',
  'dockerignores',
  'workloads',
  'k8sObjects',
  'services',
  'pdbs',
  'hpas',
  'k8sSecrets',
  'trafficRoutes',
  'progressiveDeliveries',
  'secrets',
  'pipelines',
  'migrations',
  'toml',
  'systemdUnits',
  'envFiles',
  'terraform',
  /** Raw YAML documents (Helm values, Kustomize files), for facts computed from them. */
  'yaml',
] as const;

export type ModelEntity = (typeof MODEL_ENTITIES)[number];

export function presentEntities(model: Model): Set<ModelEntity> {
  const out = new Set<ModelEntity>();
  for (const e of MODEL_ENTITIES) {
    const present = e === 'migrations' ? model.migrations.files.length > 0 || model.migrations.migrations.length > 0 : e === 'yaml' ? model.yaml.size > 0 : model[e].length > 0;
    if (present) out.add(e);
  }
  return out;
}
