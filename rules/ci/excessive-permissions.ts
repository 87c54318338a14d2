import { defineRule } from '../../src/engine/rule.js';
import { jobPermissions, stepKey, triggerNames } from '../../src/model/pipeline-facts.js';

const UNTRUSTED_WRITE_TRIGGERS = ['pull_request_target', 'issue_comment'];
/** Scopes these workflows exist to use (label, comment, set a status): writing them is their job, not a finding. */
const CONVERSATION_SCOPES = new Set(['issues', 'pull-requests', 'statuses', 'checks', 'discussions']);

export default defineRule({
  id: 'ci/excessive-permissions',
  title: 'Workflow token with default or write-all permissions',
  severity: 'medium',
  status: 'preview',
  severities: [
    { severity: 'high', when: 'the permissions are `write-all`, or a workflow started by `pull_request_target`/`issue_comment` grants write on scopes other than issues, pull-requests, statuses, checks and discussions (`contents`, `packages`, `actions`, `id-token` ...)' },
    { severity: 'medium', when: 'neither the job nor the workflow sets `permissions:`, so the repository default applies (one finding per workflow, naming every such job)' },
  ],
  description:
    'Finds workflow jobs whose `GITHUB_TOKEN` permissions are not restricted: no `permissions:` at workflow or job level, `permissions: write-all`, or write scopes in a workflow that fork pull requests and comments can start.',
  rationale:
    'Without `permissions:` the token gets the repository or organisation default, which is read-write on every scope for repositories created before February 2023 and for many organisations: any step (or a compromised action) can push code, publish releases or packages. ' +
    'Write scopes in `pull_request_target`/`issue_comment` workflows are handed to runs that outsiders start. ' +
    'Writing issues, pull requests, statuses and checks is what labelling and comment bots on these triggers are for, so those scopes are not reported there. Unlike zizmor, which reports each over-broad scope, we only report what is missing or blanket; a `contents: write` in a release workflow is a decision, not a finding.',
  remediation:
    'Set `permissions: {}` or `contents: read` at the top of the workflow and grant each job only the scopes it needs (`packages: write` for the publishing job). Avoid `write-all`.',
  references: [
    'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token',
    'https://docs.zizmor.sh/audits/#excessive-permissions',
  ],
  tags: ['security', 'least-privilege', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/ci.yml',
    bad: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make test\n',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make test\n',
  },
  check(ctx) {
    for (const pipeline of ctx.model.pipelines) {
      if (pipeline.kind !== 'workflow') continue;
      const triggers = triggerNames(pipeline);
      const untrusted = UNTRUSTED_WRITE_TRIGGERS.filter((t) => triggers.has(t));
      const reportedAt = new Set<string>();
      // Jobs on the repository default: one finding per workflow (the fix is one workflow-level block), the other jobs as related locations.
      const unset = pipeline.jobs.filter((j) => jobPermissions(pipeline, j).source === 'default');
      if (unset.length) {
        const names = unset.map((j) => `"${j.id}"`);
        ctx.report({
          at: unset[0]!.location,
          message: `Workflow ${pipeline.file.path} sets no \`permissions:\`, and neither ${unset.length === 1 ? `does job ${names[0]}` : `do jobs ${names.join(', ')}`}, so ${unset.length === 1 ? 'its' : 'their'} GITHUB_TOKEN gets the repository default, which can be write access to code, packages and releases: any step or compromised action can use it. Add a \`permissions:\` block with \`contents\` set to read to the workflow and grant each job only what it needs.`,
          related: unset.slice(1).map((j) => ({ location: j.location, message: `job "${j.id}" has no permissions either` })),
          key: `${pipeline.file.path} permissions`,
        });
      }
      for (const job of pipeline.jobs) {
        const p = jobPermissions(pipeline, job);
        if (p.source === 'default') continue;
        const loc = p.location!;
        const locKey = `${loc.startLine}:${loc.startColumn}`;
        if (reportedAt.has(locKey)) continue;
        const level = p.source === 'job' ? `job "${job.id}"` : 'workflow';
        const keyBase = p.source === 'job' ? stepKey(pipeline, job) : `${pipeline.file.path}`;
        if (p.writeAll) {
          reportedAt.add(locKey);
          ctx.report({
            at: loc,
            message: `The ${level} permissions in ${pipeline.file.path} are \`write-all\`: every step gets a token that can push code, change releases, packages and settings. Grant only the scopes the job needs.`,
            key: `${keyBase} permissions write-all`,
            severity: 'high',
          });
        } else if (untrusted.length && p.writes.some((w) => !CONVERSATION_SCOPES.has(w))) {
          reportedAt.add(locKey);
          ctx.report({
            at: loc,
            message: `The ${level} permissions in ${pipeline.file.path} grant ${p.writes.filter((w) => !CONVERSATION_SCOPES.has(w)).map((w) => `\`${w}\``).join(', ')} write access in a workflow started by \`${untrusted.join('`/`')}\`, which people outside the repository can trigger: a step that handles their input with that token can write to the repository. Keep write scopes out of these workflows or move the writing job behind a trusted trigger.`,
            key: `${keyBase} permissions write on ${untrusted.join(',')}`,
            severity: 'high',
          });
        }
      }
    }
  },
});
