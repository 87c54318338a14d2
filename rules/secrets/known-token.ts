import { defineRule } from '../../src/engine/rule.js';
import { knownTokens } from '../../src/model/secret-facts.js';
import { maskSecret } from './_wording.js';

const NAMES: Record<string, string> = {
  'aws-access-key-id': 'An AWS access key id',
  'aws-secret-access-key': 'An AWS secret access key',
  'github-token': 'A GitHub token',
  'github-fine-grained-token': 'A GitHub fine-grained personal access token',
  'gitlab-token': 'A GitLab personal access token',
  'slack-token': 'A Slack token',
  'stripe-live-key': 'A Stripe live key',
  'google-api-key': 'A Google API key',
  'npm-token': 'An npm access token',
  'openai-or-anthropic-key': 'An OpenAI or Anthropic API key',
  jwt: 'A signed JWT',
  'private-key': 'A private key',
};

export default defineRule({
  id: 'secrets/known-token',
  title: 'Provider token or private key committed',
  severity: 'critical',
  status: 'preview',
  description:
    'Finds credentials recognised by their provider-specific shape anywhere in a scanned artifact, whatever they are called: AWS access key ids (`AKIA`/`ASIA`) and secret keys next to AWS words, GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab (`glpat-`), Slack (`xox*-`), Stripe live keys, Google API keys, npm tokens, OpenAI/Anthropic keys, signed JWTs and PEM private key blocks (including a GCP service-account `private_key`).',
  rationale:
    'These shapes are issued by a provider and work as they are: anyone who reads the file (or any clone, fork or CI log of it) can call the provider as you. Bots scan public repositories for them within minutes.',
  remediation:
    'Revoke the credential at the provider now (deleting the file does not remove it from history), issue a new one, and give it to the workload from a secret store (`${{ secrets.NAME }}`, a Kubernetes Secret managed by External Secrets or Sealed Secrets, `fly secrets set`).',
  references: [
    'https://docs.github.com/en/code-security/secret-scanning/about-secret-scanning',
    'https://github.com/gitleaks/gitleaks',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#securing_access-keys',
  ],
  tags: ['security', 'secrets'],
  reads: ['imageBuilds', 'workloads', 'k8sObjects', 'pipelines', 'envFiles', 'terraform', 'systemdUnits', 'toml', 'yaml'],
  kinds: ['kubernetes', 'compose', 'dotenv', 'dockerfile', 'github-workflow', 'systemd', 'fly', 'terraform', 'helm-values'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/release.yml',
    bad: 'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: npm_' + 'N1xq7Rk2LmZp9Vt4Bc6Hd8Fg0Js3Wy5Ea1Ou\n',
    good: 'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
  },
  check({ model, report }) {
    for (const t of knownTokens(model)) {
      const what = NAMES[t.shape] ?? 'A provider credential';
      const shown = t.shape === 'private-key' ? '' : ` (${maskSecret(t.value)})`;
      report({
        at: t.location,
        message: `${what}${shown} is committed in ${t.file.path}: anyone who can read the repository or its history can use it. Revoke it at the provider now, then pass the new one from a secret store.`,
        key: `${t.file.path} ${t.shape}`,
        secrets: [t.value],
      });
    }
  },
});
