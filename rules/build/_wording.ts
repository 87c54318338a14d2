/** Message and key wording shared by the build rules. */
import type { ScriptOrigin } from '../../src/model/build-facts.js';
import { stepKey, stepLabel } from '../../src/model/pipeline-facts.js';

/** `Dockerfile stage "builder"`, `workflow ci.yml, job "test", step 2 ("Build")`. */
export function originWords(o: ScriptOrigin): string {
  if (o.where === 'dockerfile') return `${o.build.file.path} ${o.stage.name ? `stage "${o.stage.name.value}"` : `stage ${o.stage.index}`} RUN`;
  return stepLabel(o.script.pipeline, o.script.job, o.script.step);
}

export function originKey(o: ScriptOrigin): string {
  if (o.where === 'dockerfile') return `${o.build.file.path} stage[${o.stage.name?.value ?? o.stage.index}] RUN`;
  return `${stepKey(o.script.pipeline, o.script.job, o.script.step)} run`;
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
