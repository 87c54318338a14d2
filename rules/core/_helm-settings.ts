/**
 * The `helm:` section of `.shipshape.yml` (read by src/render/helm/settings.ts):
 * declared here with the other domain settings so the config loader validates it
 * (an unknown key or a wrong type exits 2 naming it). Kept free of imports so a
 * scan without charts loads nothing of the Helm renderer.
 */
import type { DomainSettings } from '../../src/engine/domain-settings.js';

const CHART_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    values: { type: 'array', items: { type: 'string' }, description: 'Values files (paths from the scan root), later ones win, after the chart\'s values.yaml.' },
    set: { type: 'object', description: 'Values as `--set` would give them: `{ "image.tag": "1.4.2" }` (keys in strvals syntax).' },
    release: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, namespace: { type: 'string' } } },
    kubeVersion: { type: 'string', pattern: '^v?[0-9]{1,4}\\.[0-9]{1,4}(\\.[0-9]{1,4})?$' },
    apiVersions: { type: 'array', items: { type: 'string' } },
  },
};

export const helmSettings: DomainSettings = {
  section: 'helm',
  domain: 'kubernetes',
  description: 'How Helm charts are rendered: per-chart values files, --set values, release name/namespace, Kubernetes version and extra API versions.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      charts: { type: 'object', additionalProperties: CHART_SCHEMA },
      // Filled from the command line (`scan --values/--set/--set-string`), not meant for the file.
      cli: { type: 'object', additionalProperties: false, properties: { values: { type: 'array', items: { type: 'string' } }, set: { type: 'array', items: { type: 'string' } }, setString: { type: 'array', items: { type: 'string' } }, binary: { type: 'string' }, root: { type: 'string' } } },
    },
  },
  defaults: { charts: {} },
};

