import { defineRule } from '../../src/engine/rule.js';
import { checkouts, triggerNames } from '../../src/model/pipeline-facts.js';

const RISKY = ['pull_request_target', 'workflow_run'];

export default defineRule({
  id: 'ci/dangerous-trigger',
  title: 'Privileged trigger runs pull request code',
  severity: 'critical',
  status: 'preview',
  severities: [
    { severity: 'critical', when: 'a `pull_request_target`, `workflow_run` or `issue_comment` workflow checks out the pull request\'s head (`ref: ${{ github.event.pull_request.head.sha }}`, `refs/pull/.../merge`, `workflow_run.head_sha`)' },
    { severity: 'medium', when: 'a `pull_request_target` or `workflow_run` workflow does not check out the head: the trigger is still privileged and needs care' },
  ],
  description:
    'Finds workflows started by `pull_request_target` or `workflow_run` (and `issue_comment` that checks out a PR), which run in the base repository with its secrets and a write token, and reports critical when they check out the pull request\'s code.',
  rationale:
    'These triggers run with the base repository\'s secrets and a token that can write, even for a fork\'s pull request. Checking out the fork\'s head and then building, testing or installing it runs the attacker\'s code with those privileges ("pwn request"). ' +
    'Like zizmor\'s dangerous-triggers we flag the trigger itself (medium); unlike it, we raise it to critical only when the head is checked out, which is the exploitable shape.',
  remediation:
    'Use `pull_request` for anything that builds or runs the PR\'s code. If you need `pull_request_target` (labelling, comments), do not check out the head; if you must, do it in a job without secrets and with `permissions: {}`, and pass results through artifacts to a `workflow_run` job that treats them as data.',
  references: [
    'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/',
    'https://docs.zizmor.sh/audits/#dangerous-triggers',
  ],
  tags: ['security', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/pr.yml',
    bad: 'on: pull_request_target\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: make test\n',
    good: 'on: pull_request\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n      - run: make test\n',
  },
  check(ctx) {
    for (const pipeline of ctx.model.pipelines) {
      if (pipeline.kind !== 'workflow') continue;
      const triggers = triggerNames(pipeline);
      const risky = [...RISKY, 'issue_comment'].filter((t) => triggers.has(t));
      if (risky.length === 0) continue;
      const heads = checkouts(pipeline).filter((c) => c.checksOutPrHead);
      for (const c of heads)
        ctx.report({
          at: c.ref!.location,
          message:
            `Workflow ${pipeline.file.path} is started by \`${risky.join('`/`')}\` and job "${c.job.id}" checks out ${c.ref!.value}, the pull request's own code: anything that builds, tests or installs it runs a fork's code with the base repository's secrets and write token. ` +
            'Run PR code under `pull_request`, or keep this job free of secrets and write permissions.',
          key: `${pipeline.file.path} jobs.${c.job.id} checkout ${c.ref!.value}`,
        });
      if (heads.length) continue;
      const t = pipeline.triggers.find((x) => RISKY.includes(x.value.toLowerCase()));
      if (!t) continue;
      ctx.report({
        at: t.location,
        message: `Workflow ${pipeline.file.path} is started by \`${t.value}\`, which runs with the base repository's secrets and a write token for events a fork can cause: it must never run the fork's code or use its text unquoted. Prefer \`pull_request\` unless the workflow needs those privileges.`,
        key: `${pipeline.file.path} on.${t.value}`,
        severity: 'medium',
      });
    }
  },
});
