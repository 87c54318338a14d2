import { defineRule } from '../../src/engine/rule.js';
import type { PipelineStep } from '../../src/model/types.js';

interface Static {
  action: string;
  input: string;
  cloud: string;
  oidc: string;
}

/** The static-key input of each cloud login action, and its OIDC replacement. */
function staticCredential(s: PipelineStep): Static | undefined {
  const u = s.uses;
  if (!u || u.type !== 'action' || !u.owner || !u.repo) return undefined;
  const action = `${u.owner}/${u.repo}`.toLowerCase();
  const has = (k: string) => s.with[k] !== undefined && s.with[k]!.value.trim() !== '';
  if (action === 'aws-actions/configure-aws-credentials' && has('aws-access-key-id') && !has('role-to-assume')) {
    return { action, input: 'aws-access-key-id', cloud: 'AWS', oidc: '`role-to-assume` (an IAM role trusting GitHub\'s OIDC provider)' };
  }
  if (action === 'google-github-actions/auth' && has('credentials_json') && !has('workload_identity_provider')) {
    return { action, input: 'credentials_json', cloud: 'Google Cloud', oidc: '`workload_identity_provider` and `service_account` (Workload Identity Federation)' };
  }
  if (action === 'azure/login') {
    if (has('creds')) return { action, input: 'creds', cloud: 'Azure', oidc: '`client-id`, `tenant-id` and `subscription-id` with a federated credential' };
    if (has('client-secret')) return { action, input: 'client-secret', cloud: 'Azure', oidc: '`client-id`, `tenant-id` and `subscription-id` with a federated credential' };
  }
  return undefined;
}

export default defineRule({
  id: 'secrets/long-lived-cloud-credentials',
  title: 'Workflow logs in to a cloud with static keys',
  severity: 'medium',
  status: 'preview',
  description:
    'Finds workflow steps that configure cloud access with long-lived keys: `aws-actions/configure-aws-credentials` with `aws-access-key-id` (no `role-to-assume`), `google-github-actions/auth` with `credentials_json`, `azure/login` with `creds` or a client secret.',
  rationale:
    'A static key is valid until someone rotates it, works from anywhere, and sits in the repository\'s secrets for every workflow to read; a leaked key is a standing breach. OIDC federation gives each job a short-lived credential bound to the repository, branch or environment.',
  remediation:
    'Use OIDC: grant the job `permissions: id-token: write` and configure the action with its federation inputs (AWS `role-to-assume`, Google `workload_identity_provider`, Azure `client-id`/`tenant-id`/`subscription-id`); then delete the static key at the provider.',
  references: [
    'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect',
    'https://github.com/aws-actions/configure-aws-credentials#oidc',
    'https://github.com/google-github-actions/auth#preferred-direct-workload-identity-federation',
  ],
  tags: ['security', 'secrets', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow', 'github-action'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/deploy.yml',
    bad: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n          aws-region: eu-west-1\n',
    good: 'on: push\npermissions:\n  id-token: write\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::123456789012:role/deploy\n          aws-region: eu-west-1\n',
  },
  check({ model, report }) {
    for (const p of model.pipelines) {
      for (const j of p.jobs) {
        for (const s of j.steps) {
          const c = staticCredential(s);
          if (!c) continue;
          report({
            at: s.with[c.input]!.location,
            message: `Job "${j.id}" logs in to ${c.cloud} with a static key (\`${c.input}\` of ${c.action}): it stays valid until rotated and works from anywhere it leaks to. Use OIDC instead: ${c.oidc}, with \`permissions: id-token: write\`.`,
            key: `${p.file.path} jobs.${j.id}.steps[${s.id ?? s.index}].with.${c.input}`,
          });
        }
      }
    }
  },
});
