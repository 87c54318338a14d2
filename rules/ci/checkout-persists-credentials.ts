import { defineRule } from '../../src/engine/rule.js';
import { actionName, checkouts, stepKey, stepLabel, triggerNames } from '../../src/model/pipeline-facts.js';

export default defineRule({
  id: 'ci/checkout-persists-credentials',
  title: 'Checkout leaves the token in .git/config',
  severity: 'low',
  status: 'preview',
  description:
    '`actions/checkout` without `persist-credentials: false` in a job that uploads the whole workspace as an artifact, checks out a pull request\'s head, or runs under `pull_request_target`/`workflow_run`.',
  rationale:
    'By default checkout writes the GITHUB_TOKEN into `.git/config`, where every later step, and any artifact that uploads the working directory, can read it (the "ArtiPACKED" leak). ' +
    'zizmor reports every checkout; we report only jobs where the token can leave the job (an artifact of the whole workspace or with hidden files) or untrusted code runs next to it, which keeps the rule quiet in ordinary test jobs.',
  remediation: 'Add `with: persist-credentials: false` to the checkout, and pass a token explicitly to the one step that pushes.',
  references: ['https://github.com/actions/checkout#usage', 'https://docs.zizmor.sh/audits/#artipacked'],
  tags: ['security', 'secrets', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/build.yml',
    bad: 'on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n      - run: make dist\n      - uses: actions/upload-artifact@65c4c4a1ddee5b72f698fdd19549f0f0fb45cf08 # v4.6.0\n        with:\n          path: .\n',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n        with:\n          persist-credentials: false\n      - run: make dist\n      - uses: actions/upload-artifact@65c4c4a1ddee5b72f698fdd19549f0f0fb45cf08 # v4.6.0\n        with:\n          path: .\n',
  },
  check(ctx) {
    for (const pipeline of ctx.model.pipelines) {
      if (pipeline.kind !== 'workflow') continue;
      const triggers = triggerNames(pipeline);
      const privileged = triggers.has('pull_request_target') || triggers.has('workflow_run');
      for (const c of checkouts(pipeline)) {
        if (!c.persistsCredentials) continue;
        const uploads = c.job.steps.some((s) => s.index > c.step.index && actionName(s.uses) === 'actions/upload-artifact' && uploadsCheckout(s.with));
        const why = c.checksOutPrHead
          ? 'it checks out pull request code, which can read the token from `.git/config`'
          : uploads
            ? 'the job later uploads the working directory as an artifact, `.git/config` included'
            : privileged
              ? 'the workflow runs on a privileged trigger'
              : undefined;
        if (!why) continue;
        ctx.report({
          at: c.step.uses!.location,
          message: `${cap(stepLabel(pipeline, c.job, c.step))} keeps the GITHUB_TOKEN in \`.git/config\` (\`persist-credentials\` is not set to false) and ${why}. Set \`persist-credentials\` to false in its \`with:\`.`,
          key: `${stepKey(pipeline, c.job, c.step)} persist-credentials`,
        });
      }
    }
  },
});

/** The upload can contain `.git/config`: the whole workspace, or hidden files included on purpose. */
function uploadsCheckout(w: Record<string, { value: string }>): boolean {
  if (w['include-hidden-files']?.value.trim().toLowerCase() === 'true') return true;
  const paths = (w['path']?.value ?? '').split('\n').map((p) => p.trim()).filter((p) => p && !p.startsWith('!'));
  return paths.some((p) => ['.', './', '*', '**', '**/*', './**', '${{ github.workspace }}', '${{ github.workspace }}/'].includes(p) || p.endsWith('.git') || p.includes('.git/'));
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
