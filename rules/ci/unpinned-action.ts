import { defineRule, type Severity } from '../../src/engine/rule.js';
import { remoteUses, stepKey, stepLabel, type UsesFact } from '../../src/model/pipeline-facts.js';

export default defineRule({
  id: 'ci/unpinned-action',
  title: 'Action not pinned to a commit SHA',
  severity: 'medium',
  status: 'preview',
  severities: [
    { severity: 'high', when: 'the ref is a branch such as `@main`/`@master`/`@stable`, or there is no ref' },
    { severity: 'medium', when: 'a third-party action or reusable workflow is pinned to a tag or an abbreviated SHA' },
    { severity: 'low', when: 'an `actions/*` or `github/*` action is pinned to a tag' },
  ],
  description:
    'Finds `uses:` of remote actions and reusable workflows that are not pinned to a full 40-character commit SHA. Local `./` actions are not reported; `docker://` images are left to the image rules.',
  rationale:
    'A tag or branch is a pointer the action\'s owner (or whoever compromises their account) can move: the next run executes the new code with the job\'s token and secrets, as in the tj-actions/changed-files compromise of 2025. ' +
    'A branch moves on every push, so it is reported high. Unlike zizmor\'s default, tags of GitHub\'s own `actions/*` and `github/*` are reported (low, not ignored): they are moved deliberately (`v4` follows `v4.x`), and pinning them is what Dependabot and Renovate keep up to date.',
  remediation:
    'Pin the full commit SHA and keep the version in a comment (`uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1`); let Dependabot or Renovate update it.',
  references: [
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions',
    'https://docs.zizmor.sh/audits/#unpinned-uses',
  ],
  tags: ['security', 'supply-chain', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow', 'github-action'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/scan.yml',
    bad: 'on: push\npermissions:\n  contents: read\njobs:\n  scan:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: aquasecurity/trivy-action@master\n',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  scan:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: aquasecurity/trivy-action@18f2510ee396bbf400402947b394f2dd8c87dbb0 # 0.29.0\n',
  },
  check(ctx) {
    for (const pipeline of ctx.model.pipelines)
      for (const u of remoteUses(pipeline)) {
        if (u.kind === 'sha') continue;
        const { severity, what } = judge(u);
        const name = [u.ref.owner, u.ref.repo, u.ref.path].filter(Boolean).join('/');
        const subject = u.reusableWorkflow ? 'reusable workflow' : 'action';
        ctx.report({
          at: u.ref.location,
          message:
            `${cap(stepLabel(pipeline, u.job, u.step))} uses the ${subject} ${u.ref.raw}, ${what}: the owner of ${u.ref.owner}/${u.ref.repo} (or whoever takes over their account) can change the code this job runs, with its token and secrets, without any change in this repository. ` +
            `Pin the full commit SHA and keep the version in a comment (\`${name}@<40-hex-sha> # ${u.kind === 'tag' ? u.ref.ref : 'vX.Y.Z'}\`).`,
          key: `${stepKey(pipeline, u.job, u.step)} uses ${name.toLowerCase()}`,
          severity,
        });
      }
  },
});

function judge(u: UsesFact): { severity: Severity; what: string } {
  if (u.kind === 'none') return { severity: 'high', what: 'with no ref at all (the default branch)' };
  if (u.kind === 'branch') return { severity: 'high', what: `pinned to the branch-like ref \`${u.ref.ref}\`, which moves with every push` };
  if (u.kind === 'short-sha') return { severity: 'medium', what: 'pinned to an abbreviated SHA, which can collide with a commit pushed to a fork' };
  return { severity: u.firstParty ? 'low' : 'medium', what: `pinned to the tag \`${u.ref.ref}\`, which can be moved` };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
