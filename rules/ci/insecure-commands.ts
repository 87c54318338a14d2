import { defineRule } from '../../src/engine/rule.js';
import type { Field } from '../../src/model/types.js';

export default defineRule({
  id: 'ci/insecure-commands',
  title: 'Deprecated workflow commands re-enabled',
  severity: 'high',
  status: 'preview',
  description: 'Finds `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` in a workflow, job or step `env:`, which re-enables the `::set-env` and `::add-path` workflow commands.',
  rationale:
    'With these commands any text a step prints, such as a log line that echoes an issue title or a dependency\'s output, can set environment variables like `NODE_OPTIONS` or `LD_PRELOAD` for the following steps: code execution with the job\'s secrets (CVE-2020-15228).',
  remediation: 'Remove the variable and write to the `$GITHUB_ENV` and `$GITHUB_PATH` files instead (`echo "NAME=value" >> "$GITHUB_ENV"`); update actions that still need `set-env`.',
  references: ['https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/', 'https://docs.zizmor.sh/audits/#insecure-commands'],
  tags: ['security', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow', 'github-action'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/ci.yml',
    bad: 'on: push\npermissions:\n  contents: read\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "$HOME/bin" >> "$GITHUB_PATH"\n',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "$HOME/bin" >> "$GITHUB_PATH"\n',
  },
  check(ctx) {
    for (const pipeline of ctx.model.pipelines) {
      const check = (env: Record<string, Field<string>>, where: string, key: string) => {
        for (const [name, v] of Object.entries(env)) {
          if (name.toUpperCase() !== 'ACTIONS_ALLOW_UNSECURE_COMMANDS') continue;
          if (v.value.trim().toLowerCase() !== 'true') continue;
          ctx.report({
            at: v.location,
            message: `${where} sets ${name} to true, re-enabling \`::set-env\`/\`::add-path\`: any output a step prints (a log line echoing an issue title, a dependency's output) can then set variables such as NODE_OPTIONS or PATH for later steps, and so run code with the job's secrets. Write to $GITHUB_ENV / $GITHUB_PATH instead.`,
            key: `${key} env.${name}`,
          });
        }
      };
      check(pipeline.env, `Workflow ${pipeline.file.path}`, pipeline.file.path);
      for (const job of pipeline.jobs) {
        check(job.env, `Job "${job.id}" of ${pipeline.file.path}`, `${pipeline.file.path} jobs.${job.id}`);
        for (const s of job.steps) check(s.env, `Step ${s.index + 1}${s.name ? ` ("${s.name}")` : ''} of job "${job.id}" in ${pipeline.file.path}`, `${pipeline.file.path} jobs.${job.id}.steps[${s.id ?? s.name ?? s.index}]`);
      }
    }
  },
});
