import { defineRule } from '../../src/engine/rule.js';
import { jobDeployCommands } from '../../src/model/rollout-facts.js';

const WF = (cmd: string) =>
  `name: deploy\non:\n  push:\n    branches: [main]\nconcurrency: deploy\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${cmd}\n`;

export default defineRule({
  id: 'rollout/helm-no-atomic',
  title: 'helm upgrade without --atomic or --wait',
  severity: 'medium',
  status: 'preview',
  description: 'Finds `helm upgrade` / `helm install` in workflow scripts without `--atomic`, `--rollback-on-failure` (Helm 4) or at least `--wait`.',
  rationale:
    'Without them Helm returns as soon as the manifests are accepted: the job is green while the new pods crash-loop, and a failed release stays half-applied in state `failed`, blocking the next upgrade until someone rolls it back by hand. `--atomic` waits and rolls back on failure; `--wait` at least makes the job fail.',
  remediation: 'Add `--atomic` (Helm 3) or `--rollback-on-failure` (Helm 4), with a `--timeout` that fits the rollout.',
  references: ['https://helm.sh/docs/helm/helm_upgrade/'],
  tags: ['github-actions', 'helm', 'rollback', 'deploy-failure'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  example: {
    language: 'yaml',
    path: '.github/workflows/deploy.yml',
    bad: WF('helm upgrade --install api ./chart -f values.yaml'),
    good: WF('helm upgrade --install --atomic --timeout 10m api ./chart -f values.yaml'),
  },
  check({ model, report }) {
    for (const p of model.pipelines) {
      for (const job of p.jobs) {
        for (const c of jobDeployCommands(p, job)) {
          if (c.tool !== 'helm' || c.flags.has('--atomic') || c.flags.has('--rollback-on-failure') || c.flags.has('--wait')) continue;
          report({
            at: c.location,
            message: `${c.what} in job "${job.id}" has neither --atomic nor --wait: the job succeeds while new pods fail, and a failed release stays half-applied until rolled back by hand. Add --atomic (or --rollback-on-failure).`,
            key: `${p.file.path} jobs.${job.id}.steps[${c.step.index}] ${c.what}`,
          });
        }
      }
    }
  },
});
