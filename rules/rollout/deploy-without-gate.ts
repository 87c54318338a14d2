import { defineRule } from '../../src/engine/rule.js';
import { jobDeployCommands, runsTests, upstreamJobs } from '../../src/model/rollout-facts.js';

const WF = (deploy: string) =>
  `name: release\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --locked\n  deploy:\n    runs-on: ubuntu-latest\n${deploy}    steps:\n      - uses: actions/checkout@v4\n      - run: kubectl apply -f k8s/\n`;

export default defineRule({
  id: 'rollout/deploy-without-gate',
  title: 'Deploy job runs without an environment or a test gate',
  severity: 'medium',
  status: 'preview',
  description: 'Finds GitHub Actions jobs that deploy (`kubectl apply|set image|rollout restart`, `helm upgrade|install`, `aws ecs update-service`, `flyctl deploy`, `terraform apply`, deploy actions) without an `environment:` or without `needs:` on a job that runs tests.',
  rationale:
    'A deploy job without `needs:` on the tests runs in parallel with them, so a commit that fails its tests is already in production when the red check appears. Without an `environment:` there are no protection rules (required reviewers, branch restrictions, wait timers), no environment-scoped secrets and no deployment history to roll back from. Workflows started by `workflow_run` (after CI finished) count as gated on tests, and jobs that run tests themselves (deploying to a test cluster) are skipped. `docker push` is not treated as a deploy: telling a release tag from a CI tag needs more than the command line.',
  remediation: 'Add `needs: [test]` (the job that runs the tests) and `environment: production` to the deploy job, and configure protection rules for that environment.',
  references: ['https://docs.github.com/en/actions/deployment/targeting-different-environments/using-environments-for-deployment', 'https://docs.github.com/en/actions/using-jobs/using-jobs-in-a-workflow#defining-prerequisite-jobs'],
  tags: ['github-actions', 'ci', 'rollout'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  example: { language: 'yaml', path: '.github/workflows/release.yml', bad: WF(''), good: WF('    needs: [test]\n    environment: production\n') },
  check({ model, report }) {
    for (const p of model.pipelines) {
      if (p.kind !== 'workflow') continue;
      const afterCi = p.triggers.some((t) => t.value === 'workflow_run');
      for (const job of p.jobs) {
        const cmds = jobDeployCommands(p, job);
        if (cmds.length === 0 || runsTests(p, job)) continue;
        const gated = afterCi || upstreamJobs(p, job).some((j) => runsTests(p, j));
        const missing = [...(job.environment ? [] : ['an environment']), ...(gated ? [] : ['needs: on a job that runs tests'])];
        if (missing.length === 0) continue;
        report({
          at: job.location,
          message: `Job "${job.id}" deploys (${cmds[0]!.what}) without ${missing.join(' and without ')}: ${gated ? '' : 'a commit whose tests fail can reach production before the tests finish'}${gated ? '' : job.environment ? '' : ', and '}${job.environment ? '' : 'no protection rules, reviewers or deployment history apply'}. Add ${[...(gated ? [] : ['needs: [<test job>]']), ...(job.environment ? [] : ['environment: production'])].join(' and ')}.`,
          related: [{ location: cmds[0]!.location, message: cmds[0]!.what }],
          key: `${p.file.path} jobs.${job.id}`,
        });
      }
    }
  },
});
