import { defineRule } from '../../src/engine/rule.js';
import { jobDeployCommands, runsTests } from '../../src/model/rollout-facts.js';

const WF = (top: string) =>
  `name: deploy\non:\n  push:\n    branches: [main]\n${top}jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: helm upgrade --install --atomic api ./chart\n`;

export default defineRule({
  id: 'rollout/deploy-no-concurrency',
  title: 'Deploy workflow without a concurrency group',
  severity: 'low',
  status: 'preview',
  description: 'Finds GitHub Actions jobs that deploy while neither the job nor its workflow sets `concurrency:`.',
  rationale:
    'Two pushes in quick succession start two deploys that run at the same time: their applies interleave, the older commit can finish last and win, and Helm or Terraform runs fail on each other\'s locks. A concurrency group serialises them. Jobs that run tests themselves (deploying to a per-run test cluster) are skipped.',
  remediation: 'Add `concurrency: { group: deploy-production, cancel-in-progress: false }` to the workflow or the deploy job.',
  references: ['https://docs.github.com/en/actions/using-jobs/using-concurrency'],
  tags: ['github-actions', 'ci', 'rollout'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  example: { language: 'yaml', path: '.github/workflows/deploy.yml', bad: WF(''), good: WF('concurrency:\n  group: deploy-production\n  cancel-in-progress: false\n') },
  check({ model, report }) {
    for (const p of model.pipelines) {
      if (p.kind !== 'workflow' || p.concurrency) continue;
      for (const job of p.jobs) {
        // A job that runs tests deploys to a per-run test environment, not to production.
        if (job.concurrency || runsTests(p, job)) continue;
        const cmds = jobDeployCommands(p, job);
        if (cmds.length === 0) continue;
        report({
          at: job.location,
          message: `Job "${job.id}" deploys (${cmds[0]!.what}) with no concurrency group on it or its workflow: two pushes start two deploys that interleave, and the older one may finish last. Add concurrency: with a deploy group.`,
          key: `${p.file.path} jobs.${job.id}.concurrency`,
        });
      }
    }
  },
});
