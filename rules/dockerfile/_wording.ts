/**
 * Message and fingerprint-key wording shared by the Dockerfile rules. The
 * facts they word (stage lineage, shells, toolchains) live in src/model/.
 */
import type { ShellCommand } from '../../src/model/types.js';

export { stageLabel, stageWords } from '../../src/model/labels.js';
export { spanOf } from '../../src/base/location.js';

/** Short, single-line text of a command for messages and keys. */
export function commandText(cmd: ShellCommand, maxWords = 8): string {
  const words = cmd.argv.map((w) => w.text);
  const t = words.slice(0, maxWords).join(' ') + (words.length > maxWords ? ' …' : '');
  return t.length > 120 ? t.slice(0, 117) + '…' : t;
}
