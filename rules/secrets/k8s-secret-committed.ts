import { defineRule } from '../../src/engine/rule.js';
import { committedSecret } from '../../src/model/secret-facts.js';
import { isNonSecretKey } from '../../src/model/secret-names.js';
import { maskSecret } from './_wording.js';

export default defineRule({
  id: 'secrets/k8s-secret-committed',
  title: 'Kubernetes Secret committed with its values',
  severity: 'high',
  status: 'preview',
  severities: [
    { severity: 'high', when: 'the Secret holds at least one real-looking value (`data` is base64-decoded to judge it)' },
    { severity: 'low', when: 'every value is a placeholder (`changeme`, `<password>`, a stock word)' },
  ],
  description:
    'Finds `kind: Secret` manifests with non-empty `data` or `stringData`. SealedSecret and ExternalSecret resources, SOPS-encrypted files (`sops:` metadata) and service-account-token Secrets are not reported, nor Secrets whose values are all empty or references.',
  rationale:
    "A Secret's `data` is base64, not encryption: a committed Secret gives its values to everyone who can read the repository and its history, and every clone keeps them after the file is deleted.",
  remediation:
    'Rotate the values, delete the manifest from the repository, and commit what creates the Secret instead: a SealedSecret (Bitnami Sealed Secrets), an ExternalSecret (External Secrets Operator) reading your secret manager, or a SOPS-encrypted file decrypted at deploy time.',
  references: [
    'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    'https://github.com/bitnami-labs/sealed-secrets',
    'https://external-secrets.io/',
    'https://github.com/getsops/sops',
  ],
  tags: ['security', 'secrets', 'kubernetes'],
  reads: ['k8sSecrets'],
  kinds: ['kubernetes'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Secret\nmetadata: { name: api-db }\ntype: Opaque\nstringData:\n  password: Pr0d-db-2024-k3y!\n',
    good: 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: { name: api-db }\nspec:\n  secretStoreRef: { name: vault, kind: ClusterSecretStore }\n  target: { name: api-db }\n  data:\n    - secretKey: password\n      remoteRef: { key: prod/api/db, property: password }\n',
  },
  check({ model, report }) {
    for (const s of model.k8sSecrets) {
      const v = committedSecret(s);
      if (!v) continue;
      // Point at the first key holding secret material (`password`, not `username`).
      const first = v.keys.find((k) => !isNonSecretKey(k.key)) ?? v.keys[0]!;
      const rest = v.keys.filter((k) => k !== first);
      // Backticks, not quotes: `"a.password", "b"` reads to the masker as an argument list holding a password.
      const names = v.keys.map((k) => `\`${k.key}\``).join(', ');
      const alternatives = 'commit a SealedSecret, an ExternalSecret or a SOPS-encrypted file instead';
      const message = v.placeholdersOnly
        ? `Secret ${s.name} is committed with placeholder values only (${names}): reported low, but whoever fills them in here commits real credentials; ${alternatives}.`
        : `Secret ${s.name} is committed with its values (${names}${v.keys.some((k) => k.encoded) ? '; base64 is an encoding, not encryption' : ', in plain text'}): everyone who can read the repository can read them. Rotate them and ${alternatives}.`;
      report({
        at: first.location,
        message,
        related: rest.map((k) => ({ location: k.location, message: `also holds \`${k.key}\` (${maskSecret(k.value)})` })),
        key: `Secret/${s.name}${s.object.namespace ? `.${s.object.namespace}` : ''}`,
        severity: v.placeholdersOnly ? 'low' : 'high',
        secrets: v.keys.map((k) => k.value),
      });
    }
  },
});
