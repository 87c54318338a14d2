import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { definedObjects } from '../../src/model/secret-facts.js';
import type { Location } from '../../src/model/types.js';

export default defineRule({
  id: 'secrets/missing-reference',
  title: 'Reference to a Secret or ConfigMap no manifest defines',
  severity: 'low',
  status: 'preview',
  severities: [
    { severity: 'low', when: 'the scan defines other Secrets (or ConfigMaps) but not this one' },
    { severity: 'info', when: 'the scan defines no Secret (or no ConfigMap) at all: they are clearly managed elsewhere' },
  ],
  description:
    'Finds `secretKeyRef`, `envFrom.secretRef`, secret volumes and `configMapKeyRef`/`envFrom.configMapRef` that name an object no scanned manifest creates (Secret and ConfigMap objects, SealedSecret and ExternalSecret targets, cert-manager Certificates and Kustomize generators count), unless the reference is `optional: true`.',
  rationale:
    'A pod whose Secret or ConfigMap does not exist never starts (`CreateContainerConfigError`): a typo or a Secret created by hand in one cluster only is found at deploy time, not in review.',
  remediation:
    'Fix the name, add the manifest that creates the object (an ExternalSecret or SealedSecret for secrets), or mark the reference `optional: true` when the workload copes without it.',
  references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables', 'https://kubernetes.io/docs/concepts/configuration/configmap/'],
  tags: ['secrets', 'deploy-failure', 'kubernetes', 'cross-artifact'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Secret\nmetadata: { name: api-db }\ntype: Opaque\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: { name: api-database, key: password }\n',
    good: 'apiVersion: v1\nkind: Secret\nmetadata: { name: api-db }\ntype: Opaque\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: { name: api-db, key: password }\n',
  },
  check({ model, report }) {
    const defined = definedObjects(model);
    const anyConfigMap = defined.configMaps.size > 0;
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      const seen = new Set<string>();
      const check = (kind: 'Secret' | 'ConfigMap', name: string, at: Location, what: string, key: string) => {
        if (!name || name.includes('{{') || name.includes('$')) return;
        const known = kind === 'Secret' ? defined.secrets : defined.configMaps;
        if (known.has(name) || seen.has(`${key}`)) return;
        seen.add(key);
        const none = kind === 'Secret' ? !defined.anySecretSource : !anyConfigMap;
        report({
          at,
          message: `${cap(what)} names ${kind} "${name}", which no scanned manifest creates: ${none ? `this scan defines no ${kind} at all, so it is probably managed elsewhere; make sure it exists in every target cluster` : 'if it does not exist in the cluster the pod never starts (CreateContainerConfigError, or FailedMount for a volume)'}. Fix the name, commit what creates it, or mark the reference \`optional: true\`.`,
          key,
          severity: none ? 'info' : 'low',
        });
      };
      for (const c of [...w.containers, ...w.initContainers]) {
        for (const e of c.env) {
          if ((e.source !== 'secretRef' && e.source !== 'configMapRef') || !e.ref || e.ref.optional) continue;
          const kind = e.source === 'secretRef' ? 'Secret' : 'ConfigMap';
          check(kind, e.ref.name, e.valueLocation ?? e.location, `env "${e.name}" of ${describe(c)}`, `${c.logicalPath}.env.${e.name}`);
        }
        for (const f of c.envFrom) {
          if (f.optional) continue;
          const kind = f.source === 'secretRef' ? 'Secret' : 'ConfigMap';
          check(kind, f.name, f.location, `envFrom of ${describe(c)}`, `${c.logicalPath}.envFrom.${kind}.${f.name}`);
        }
      }
      for (const v of w.volumes) {
        if (v.kind === 'secret' && v.secretName && !v.optional) check('Secret', v.secretName, v.location, `volume "${v.name}" of ${w.kind} ${w.name}`, `${w.id}.volumes.${v.name}`);
      }
    }
  },
});
