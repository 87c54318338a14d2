import { defineRule } from '../../src/engine/rule.js';

/** Emitted by the engine when an artifact is over `maxFileSize`; the scan goes on with the other files. */
export default defineRule({
  id: 'core/file-too-large',
  title: 'Deployment artifact too large to scan',
  severity: 'high',
  status: 'stable',
  description: 'A file recognised as a deployment artifact (by name or location) is larger than `maxFileSize` (default 5 MiB), so it was not read and nothing in it was checked.',
  rationale:
    'A size cap protects the scan from resource exhaustion, but a silent skip is a bypass: padding a Dockerfile to 200 MB hides the `USER root` at its end. The finding is high, like `core/parse-error`, because an unchecked file can hold any finding up to critical, and a gate at the default `--fail-on medium` must not pass it.',
  remediation:
    'Raise the cap for this repository (`maxFileSize: 20MiB` in .shipshape.yml or `--max-file-size 20MiB`), exclude the file if it is generated data and not deployed (`exclude:` or .shipshapeignore), or lower this rule (`core/file-too-large: low`) if large artifacts are expected.',
  references: ['https://github.com/shipshape-dev/shipshape/blob/main/docs/configuration.md'],
  tags: ['correctness'],
  reads: [],
  kinds: [],
  check() {
    /* reported by the engine while reading files */
  },
});
