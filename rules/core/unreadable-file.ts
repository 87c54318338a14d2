import { defineRule } from '../../src/engine/rule.js';

/** Emitted by the engine for a deployment artifact it could not read; the scan goes on with the other files. */
export default defineRule({
  id: 'core/unreadable-file',
  title: 'Deployment artifact could not be read',
  severity: 'high',
  status: 'stable',
  description:
    'A file named on the command line could not be read (permission denied, a broken or looping symlink, a symlink leaving the scan root, a FIFO or device), or a file recognised as a deployment artifact holds binary content (NUL bytes), so nothing in it was checked.',
  rationale:
    'The person or hook that named the file expects it to be checked; reporting it only as a note would let a pre-commit hook or CI job pass without having looked at it. High, like `core/parse-error`: an unchecked file can hold any finding.',
  remediation: 'Fix the file permissions or the symlink, or stop passing the file. A binary file that is not a deployment artifact but has an artifact\'s name can be excluded (`exclude:` or .shipshapeignore).',
  references: ['https://github.com/shipshape-dev/shipshape/blob/main/docs/ci.md'],
  tags: ['correctness'],
  reads: [],
  kinds: [],
  check() {
    /* reported by the engine while reading files */
  },
});
