import { defineRule } from '../../src/engine/rule.js';
import { cap } from '../../src/model/labels.js';
import { literalSecrets } from '../../src/model/secret-facts.js';
import { maskSecret } from './_wording.js';

export default defineRule({
  id: 'secrets/literal-secret',
  title: 'Literal secret in a deployment artifact',
  severity: 'high',
  status: 'preview',
  severities: [
    { severity: 'high', when: 'a secret-looking key holds a literal value' },
    { severity: 'medium', when: 'the value is in a compose service built from source with no `deploy:` section (a local-development file), or in an `env_file:` that only such services load' },
    { severity: 'low', when: 'the value looks like a placeholder (`changeme`, `<password>`, `xxx`, `example`, a stock word)' },
  ],
  description:
    'Finds a secret-looking key (password, secret, token, API key, private key, credentials, auth, ...) assigned a literal value: in Kubernetes container `env` and ConfigMap `data`, compose `environment`, `.env` files, Dockerfile `ENV`/`ARG` defaults, workflow `env:`/`with:` and container credentials, systemd `Environment=`, fly.toml `[env]`, Terraform arguments and variable defaults, Helm `values*.yaml` and Kustomize `secretGenerator` literals. References (`${VAR}`, `$(VAR)`, `{{ ... }}`, `$VAR`), booleans, numbers, paths and names such as `PASSWORD_FILE` or `TOKEN_TTL` are not secrets. A `valueFrom.secretKeyRef` is the recommended pattern and is deliberately not reported (unlike CKV_K8S_35). URLs with a password are `secrets/credentials-in-url`\'s finding and provider tokens `secrets/known-token`\'s.',
  rationale:
    'A committed secret is readable by everyone with access to the repository, its forks, its CI logs and every image or chart built from it, forever: removing it later does not remove it from history. A chart default such as `auth.rootPassword` ships to every install that does not override it.',
  remediation:
    'Rotate the secret, then take it out of the file: read it from a secret store at deploy time (a Kubernetes Secret created by External Secrets or Sealed Secrets, `valueFrom.secretKeyRef`, `${{ secrets.NAME }}` in workflows, `fly secrets set`, a Terraform variable marked `sensitive` without a default).',
  remediationByKind: {
    compose: 'Rotate the secret, then pass it from the environment (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}`), an uncommitted `.env` file, or compose `secrets:`.',
    dockerfile: 'Rotate the secret and remove the default: pass it at build time with `RUN --mount=type=secret,id=...` and at run time through the orchestrator, never as `ENV`/`ARG`.',
    'github-workflow': 'Rotate the secret and store it as a repository or environment secret: `password: ${{ secrets.REGISTRY_PASSWORD }}`.',
    terraform: 'Rotate the secret and remove the literal: pass it as a `sensitive` variable without a default, or generate it (`random_password`) and keep it in a secret manager.',
    'helm-values': 'Rotate the secret and leave the chart default empty (`rootPassword: ""`), generating it or reading it from an `existingSecret` when the value is not set at install time.',
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions',
    'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
  ],
  tags: ['security', 'secrets', 'kubernetes', 'compose', 'dockerfile', 'github-actions', 'helm', 'terraform'],
  reads: ['workloads', 'k8sObjects', 'imageBuilds', 'pipelines', 'terraform', 'envFiles', 'yaml'],
  kinds: ['kubernetes', 'compose', 'dotenv', 'dockerfile', 'github-workflow', 'systemd', 'fly', 'terraform', 'helm-values', 'kustomization'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          env:\n            - name: DB_PASSWORD\n              value: Pr0d-db-2024-k3y!\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: { name: api-db, key: password }\n',
  },
  check({ model, report }) {
    for (const s of literalSecrets(model)) {
      const what = `${cap(s.subject)} holds ${s.confidence === 'low' ? 'a placeholder-looking value' : 'a literal secret'} (${maskSecret(s.value)})`;
      const message =
        s.confidence === 'low'
          ? `${what}: ${s.reason}. It is reported low rather than ignored, because the day a real value replaces it here it is committed. Reference the secret from a secret store instead.`
          : `${what}: everyone who can read the repository, its history or what is built from it can use it. Rotate it and reference it from a secret store.${s.confidence === 'medium' ? ` Reported medium because ${s.reason}.` : ''}`;
      // A placeholder (`mysql`, `changeme`) is no secret to mask: masking it would blank every other
      // occurrence of the word in the report (the container named "mysql").
      report({ at: s.location, message, key: s.key, severity: s.confidence, ...(s.confidence === 'low' ? {} : { secrets: [s.value] }) });
    }
  },
});
