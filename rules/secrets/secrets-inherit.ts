import { defineRule } from '../../src/engine/rule.js';
import { inheritedSecrets } from '../../src/model/secret-facts.js';

export default defineRule({
  id: 'secrets/secrets-inherit',
  title: 'Reusable workflow called with `secrets: inherit`',
  severity: 'medium',
  status: 'preview',
  severities: [
    { severity: 'medium', when: 'the called workflow is in another repository' },
    { severity: 'low', when: 'the called workflow is in the same repository (`./.github/workflows/...`), reviewed with the caller' },
  ],
  description: 'Finds jobs that call a reusable workflow with `secrets: inherit`, which hands it every secret the calling workflow can read.',
  rationale:
    'The called workflow, and every action it runs, gets all of the caller\'s repository, environment and organisation secrets rather than the one or two it needs: a compromised or careless step in it can exfiltrate credentials it never had a reason to see.',
  remediation: 'Pass only the secrets the workflow declares under `on.workflow_call.secrets`: `secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`.',
  references: ['https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-inputs-and-secrets-to-a-reusable-workflow'],
  tags: ['security', 'secrets', 'ci', 'github-actions', 'least-privilege'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/release.yml',
    bad: 'on: push\njobs:\n  publish:\n    uses: acme/workflows/.github/workflows/publish.yml@v3\n    secrets: inherit\n',
    good: 'on: push\njobs:\n  publish:\n    uses: acme/workflows/.github/workflows/publish.yml@v3\n    secrets:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
  },
  check({ model, report }) {
    for (const i of inheritedSecrets(model)) {
      const local = i.uses?.startsWith('./') ?? false;
      report({
        at: i.location,
        message: `Job "${i.job}" calls ${i.uses ? `reusable workflow ${i.uses}` : 'a reusable workflow'} with \`secrets: inherit\`: it receives every secret this workflow can read, not only the ones it needs. Pass the secrets it declares by name.${local ? ' Reported low because the called workflow is in this repository, so it changes under the same review.' : ''}`,
        severity: local ? 'low' : 'medium',
        key: `${i.pipeline.file.path} jobs.${i.job}.secrets`,
      });
    }
  },
});
