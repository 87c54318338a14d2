/**
 * Message and fingerprint-key wording shared by the Dockerfile rules. The
 * facts they word (stage lineage, shells, toolchains) live in src/model/.
 */
import type { BuildStage, ImageBuild, ShellCommand } from '../../src/model/types.js';

/** `stage[builder]` or `stage[0]`, for messages and fingerprint keys. */
export function stageLabel(stage: BuildStage): string {
  return `stage[${stage.name?.value ?? stage.index}]`;
}

/** Human wording: `stage "builder"`, `the final stage "runtime"`, `stage 0`. */
export function stageWords(build: ImageBuild, stage: BuildStage): string {
  const name = stage.name ? `"${stage.name.value}"` : `${stage.index}`;
  if (build.stages.length === 1) return 'the image';
  if (stage === build.finalStage) return stage.name ? `the final stage ${name}` : 'the final stage';
  return `stage ${name}`;
}

export { spanOf } from '../../src/base/location.js';

/** Short, single-line text of a command for messages and keys. */
export function commandText(cmd: ShellCommand, maxWords = 8): string {
  const words = cmd.argv.map((w) => w.text);
  const t = words.slice(0, maxWords).join(' ') + (words.length > maxWords ? ' …' : '');
  return t.length > 120 ? t.slice(0, 117) + '…' : t;
}
