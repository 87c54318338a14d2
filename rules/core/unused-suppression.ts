import { defineRule } from '../../src/engine/rule.js';

/** Emitted by the engine for `shipshape-ignore` directives that suppressed nothing. */
export default defineRule({
  id: 'core/unused-suppression',
  title: 'Suppression comment matches no finding',
  severity: 'info',
  status: 'stable',
  description: 'A `shipshape-ignore` comment or `shipshape.dev/ignore` annotation names a rule that reported nothing at that place.',
  rationale:
    'Stale suppressions hide future findings: once the code under them changes, a real problem at that line is silenced without anyone deciding so. Unused ones are usually left over from a fix or carry a misspelt rule id.',
  remediation: 'Delete the directive, or correct the rule id (see `shipshape rules`). Suppressions go on the line of the finding or the line above it.',
  references: ['https://github.com/shipshape-dev/shipshape/blob/main/docs/suppressions.md'],
  tags: ['maintenance'],
  reads: [],
  kinds: [],
  example: { bad: '# shipshape-ignore dockerfile/sudo -- legacy\nFROM debian:12-slim\n', good: 'FROM debian:12-slim\n', language: 'dockerfile' },
  check() {
    /* reported by the engine after suppressions are applied */
  },
});
