import { defineRule } from '../../src/engine/rule.js';
import { spanOf } from '../../src/base/location.js';
import { pipedDownloads } from '../../src/model/piped-downloads.js';
import { stepKey, stepLabel, stepScripts } from '../../src/model/pipeline-facts.js';

export default defineRule({
  id: 'ci/curl-pipe-shell',
  title: 'Downloaded script piped into a shell in CI',
  severity: 'medium',
  status: 'preview',
  description: 'Finds `run:` scripts that pipe `curl`/`wget` output straight into `sh`, `bash` or another interpreter, or run `sh -c "$(curl ...)"`.',
  rationale:
    'The runner executes whatever the server returns at that moment, unverified, with the job\'s token and secrets: a compromised host or a changed installer runs in your CI (the Codecov bash uploader compromise of 2021 leaked thousands of repositories\' secrets this way). A truncated download can run half a script.',
  remediation:
    'Use a pinned action or package for the tool, or download the script to a file, check it against a known sha256 (`echo "<sha256>  install.sh" | sha256sum -c -`) and then run it.',
  references: ['https://about.codecov.io/security-update/', 'https://www.idontplaydarts.com/2016/04/detecting-curl-pipe-bash-server-side/'],
  tags: ['security', 'supply-chain', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow', 'github-action'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/ci.yml',
    bad: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: curl -fsSL https://example.com/install.sh | bash\n',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          curl -fsSLo install.sh https://example.com/install.sh\n          echo "3f4e4c1b2a0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f  install.sh" | sha256sum -c -\n          bash install.sh\n',
  },
  check(ctx) {
    for (const pipeline of ctx.model.pipelines)
      for (const s of stepScripts(pipeline)) {
        if (s.kind !== 'run') continue;
        for (const d of pipedDownloads(s.shell)) {
          const a = d.first.location;
          const b = d.last.location;
          ctx.report({
            at: spanOf(a, b),
            message: `${cap(stepLabel(pipeline, s.job, s.step))} runs ${d.url} through ${d.interpreter} without verifying it: whatever the server returns runs in the job with its token and secrets. Use a pinned action or package, or download to a file and check its sha256 before running it.`,
            key: `${stepKey(pipeline, s.job, s.step)} run ${d.url} | ${d.interpreter}`,
          });
        }
      }
  },
});

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
