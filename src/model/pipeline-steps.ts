/**
 * What each workflow step does, as plain text to match: the action it uses
 * (`aquasecurity/trivy-action`) and each shell command of its `run:`
 * (`cargo deny check`), for the pipeline-completeness rules (audits, image
 * scans, organisation-required steps).
 */
import picomatch from 'picomatch';
import { actionName, stepScripts } from './pipeline-facts.js';
import { realProgramIndex } from './package-installs.js';
import type { Location, Model, Pipeline, PipelineJob, PipelineStep, ShellCommand } from './types.js';

export interface StepActivity {
  pipeline: Pipeline;
  job: PipelineJob;
  step: PipelineStep;
  /** `owner/repo[/path]` lower-cased, for `uses:` steps. */
  uses?: string;
  /** Each shell command of `run:` with wrappers (`sudo`, `env`) removed, words joined by one space. */
  commands: Array<{ text: string; command: ShellCommand }>;
  location: Location;
}

const cache = new WeakMap<Pipeline, StepActivity[]>();

export function stepActivities(pipeline: Pipeline): StepActivity[] {
  let out = cache.get(pipeline);
  if (out) return out;
  out = [];
  const scripts = stepScripts(pipeline).filter((s) => s.kind === 'run');
  for (const job of pipeline.jobs)
    for (const step of job.steps) {
      const script = scripts.find((s) => s.step === step);
      const commands = (script?.shell.commands ?? []).map((command) => ({
        text: command.argv.slice(realProgramIndex(command)).map((w) => w.text).join(' '),
        command,
      }));
      out.push({ pipeline, job, step, uses: actionName(step.uses), commands, location: step.uses?.location ?? step.run?.location ?? step.location });
    }
  cache.set(pipeline, out);
  return out;
}

/** Every step of every workflow (composite actions included: a workflow may call them). */
export function allActivities(model: Model): StepActivity[] {
  return model.pipelines.flatMap(stepActivities);
}

/** The command is `words` or starts with `words` and a space (`cargo deny check advisories` starts with `cargo deny`). */
export function commandStartsWith(text: string, words: string): boolean {
  return text === words || text.startsWith(words + ' ');
}

/** The workflow file matches one of the globs (`.github/workflows/release*.yml`, `**\/deploy.yml`) or, without a slash, its file name does. */
export function workflowMatches(pipeline: Pipeline, globs: readonly string[]): boolean {
  const path = pipeline.file.path;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return globs.some((g) => (g.includes('/') ? picomatch.isMatch(path, g, { dot: true }) : picomatch.isMatch(name, g, { dot: true })));
}
