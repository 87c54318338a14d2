import { defineRule } from '../../src/engine/rule.js';
import { urlCredentials } from '../../src/model/secret-facts.js';
import { maskSecret } from './_wording.js';

export default defineRule({
  id: 'secrets/credentials-in-url',
  title: 'Password in a URL',
  severity: 'high',
  status: 'preview',
  severities: [
    { severity: 'high', when: 'the URL carries a literal password' },
    { severity: 'low', when: 'the host is a loopback address (`localhost`, `127.0.0.1`) or the password repeats the user name (`postgres:postgres`): a local-development default' },
  ],
  description:
    'Finds `scheme://user:password@host` with a literal password anywhere in a scanned artifact: database URLs, DSNs, registry and git remotes. `${VAR}` passwords, markers (`<password>`, `changeme`, `****`) and documentation hosts (`example.com`) are skipped; a provider token in the password is `secrets/known-token`\'s finding.',
  rationale:
    'A URL carries its password wherever it is copied: logs, error messages, process lists, crash reports. Committed, it is readable by everyone with access to the repository and its history.',
  remediation:
    'Rotate the password and build the URL at run time from a secret (`postgres://app:${DB_PASSWORD}@db/app` resolved from the environment, or the driver\'s separate password setting fed from a Secret).',
  references: ['https://owasp.org/www-community/vulnerabilities/Password_Plaintext_Storage', 'https://cwe.mitre.org/data/definitions/798.html'],
  tags: ['security', 'secrets'],
  reads: ['imageBuilds', 'workloads', 'k8sObjects', 'pipelines', 'envFiles', 'terraform', 'systemdUnits', 'toml', 'yaml'],
  kinds: ['kubernetes', 'compose', 'dotenv', 'dockerfile', 'github-workflow', 'systemd', 'fly', 'terraform', 'helm-values'],
  security: true,
  example: {
    language: 'yaml',
    path: 'docker-compose.yml',
    bad: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n      DATABASE_URL: postgres://app:Pg-pr0d-2291@db:5432/app\n',
    good: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app\n',
  },
  check({ model, report }) {
    for (const u of urlCredentials(model)) {
      report({
        at: u.location,
        message: `A URL to ${u.host || 'a host'} in ${u.file.path} carries a literal password (${maskSecret(u.value)}): it travels with the URL into logs and error messages, and everyone who can read the repository has it. Rotate it and build the URL from a secret at run time.${u.localReason ? ` Reported low because ${u.localReason}.` : ''}`,
        severity: u.localReason ? 'low' : 'high',
        key: `${u.file.path} url-password ${u.host}`,
        secrets: [u.value],
      });
    }
  },
});
