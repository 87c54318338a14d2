import { defineRule } from '../../src/engine/rule.js';
import { jobDeployCommands, jobWaitsForRollout } from '../../src/model/rollout-facts.js';

const WF = (extra: string) =>
  `name: deploy\non:\n  push:\n    branches: [main]\nconcurrency: deploy\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: kubectl set image deployment/api api=ghcr.io/acme/api:\${{ github.sha }}\n${extra}`;

export default defineRule({
  id: 'rollout/no-rollout-status',
  title: 'kubectl deploy step never waits for the rollout',
  severity: 'low',
  status: 'preview',
  description: 'Finds workflow jobs that run `kubectl apply`, `set image` or `rollout restart` but never `kubectl rollout status` or `kubectl wait`.',
  rationale:
    'kubectl returns once the API server accepts the change, not when the new pods are ready: the job reports success for a rollout that is still in progress or will never complete (crash loop, unschedulable, failing probes), and nobody is told.',
  remediation: 'Add `kubectl rollout status deployment/<name> --timeout=5m` after the apply, so a failing rollout fails the job (and can trigger `kubectl rollout undo`).',
  references: ['https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_status/'],
  tags: ['github-actions', 'kubernetes', 'rollout', 'deploy-failure'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  example: {
    language: 'yaml',
    path: '.github/workflows/deploy.yml',
    bad: WF(''),
    good: WF('      - run: kubectl rollout status deployment/api --timeout=5m\n'),
  },
  check({ model, report }) {
    for (const p of model.pipelines) {
      for (const job of p.jobs) {
        const kubectl = jobDeployCommands(p, job).filter((c) => c.tool === 'kubectl');
        if (kubectl.length === 0 || jobWaitsForRollout(p, job)) continue;
        const c = kubectl[0]!;
        report({
          at: c.location,
          message: `Job "${job.id}" runs ${c.what} but never waits for the rollout: the job succeeds as soon as the API accepts the change, even if the new pods never become ready. Add kubectl rollout status.`,
          key: `${p.file.path} jobs.${job.id} rollout-status`,
        });
      }
    }
  },
});
