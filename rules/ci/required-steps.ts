import { defineRule } from '../../src/engine/rule.js';
import { allActivities, workflowMatches, type StepActivity } from '../../src/model/pipeline-steps.js';
import { fileStart } from '../../src/model/location.js';

interface RequiredStep {
  /** What the step is, in findings: "dependency audit", "SBOM". */
  name: string;
  /** Matches a step whose `uses:` action is this (`owner/repo[/path]`, without ref; case-insensitive, a prefix of the path counts). */
  uses?: string;
  /** Matches a step whose `run:` has a command containing this text (case-insensitive). */
  run?: string;
  /** Workflow files (globs on the path, or on the file name when there is no `/`) that must hold the step, together; default every workflow. */
  workflows?: string[];
}

interface Options {
  steps: RequiredStep[];
}

export default defineRule<Options>({
  id: 'ci/required-steps',
  title: 'Workflows lack a step your organisation requires',
  severity: 'medium',
  status: 'preview',
  enabledByDefault: false,
  description:
    'Off by default. Configured with a list of required steps (a name, the `uses:` action or `run:` text that satisfies it, and optionally which workflows): reports each requirement no step of the selected workflows satisfies.',
  rationale:
    'Pipeline policy ("every repository scans its image", "releases produce an SBOM", "deploys go through our reusable workflow") is usually written down and then drifts; encoding it as configuration makes every repository that lacks the step visible in the same report as everything else.',
  remediation: 'Add the required step to one of the selected workflows, or, if the repository legitimately does without it, disable the requirement for it in `.shipshape.yml`.',
  references: ['https://docs.github.com/en/actions/sharing-automations/reusing-workflows'],
  tags: ['ci', 'github-actions', 'supply-chain'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        steps: {
          type: 'array',
          description: 'Required steps; each needs `name` and `uses` or `run`.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              uses: { type: 'string', minLength: 1 },
              run: { type: 'string', minLength: 1 },
              workflows: { type: 'array', items: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
    defaults: { steps: [] },
  },
  configProblem: (_config, options) => {
    if (options.steps.length === 0) return 'is enabled but options.steps is empty; expected e.g. [{ name: "image scan", uses: "aquasecurity/trivy-action" }]';
    const bad = options.steps.find((s) => !s.uses && !s.run);
    return bad ? `step "${bad.name}" has neither "uses" nor "run"; expected one of them to say which step satisfies it` : undefined;
  },
  example: {
    language: 'yaml',
    path: '.github/workflows/release.yml',
    context: {
      '.shipshape.yml': 'rules:\n  ci/required-steps:\n    enabled: true\n    options:\n      steps:\n        - name: SBOM\n          uses: anchore/sbom-action\n          workflows: [release.yml]\n',
    },
    bad: 'on:\n  push:\n    tags: ["v*"]\npermissions:\n  contents: write\njobs:\n  release:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make release\n',
    good: 'on:\n  push:\n    tags: ["v*"]\npermissions:\n  contents: write\njobs:\n  release:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make release\n      - uses: anchore/sbom-action@f325610c9f50a54015d37c8d16cb3b0e2c8f4de0 # v0.18.0\n',
  },
  check(ctx) {
    const workflows = ctx.model.pipelines.filter((p) => p.kind === 'workflow');
    if (workflows.length === 0) return;
    const acts = allActivities(ctx.model);
    for (const req of ctx.options.steps) {
      const selected = req.workflows?.length ? workflows.filter((p) => workflowMatches(p, req.workflows!)) : workflows;
      if (selected.length === 0) continue;
      const inScope = acts.filter((a) => selected.includes(a.pipeline) || a.pipeline.kind === 'composite-action');
      if (inScope.some((a) => satisfies(a, req))) continue;
      const first = [...selected].sort((a, b) => (a.file.path < b.file.path ? -1 : 1))[0]!;
      const at = first.triggers[0]?.location ?? fileStart(first.file.path);
      const what = req.uses ? `a step using ${req.uses}` : `a \`run:\` with "${req.run}"`;
      ctx.report({
        at,
        message: `No step of ${selected.length === 1 ? `workflow ${first.file.path}` : `the ${selected.length} workflows ${req.workflows?.length ? `matching ${req.workflows.join(', ')}` : 'of the repository'}`} is ${what}, which the configuration requires as "${req.name}". Add it, or adjust ci/required-steps in .shipshape.yml.`,
        key: `required-step ${req.name}`,
      });
    }
  },
});

function satisfies(a: StepActivity, req: RequiredStep): boolean {
  if (req.uses) {
    const lower = req.uses.toLowerCase();
    const want = lower.includes('@') ? lower.slice(0, lower.indexOf('@')) : lower;
    if (a.uses && (a.uses === want || a.uses.startsWith(want + '/'))) return true;
  }
  if (req.run) {
    const want = req.run.toLowerCase();
    if (a.commands.some((c) => c.text.toLowerCase().includes(want))) return true;
    if (a.step.run && a.step.run.value.toLowerCase().includes(want)) return true;
  }
  return false;
}
