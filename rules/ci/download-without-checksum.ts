import { defineRule } from '../../src/engine/rule.js';
import { spanOf } from '../../src/base/location.js';
import { cap } from '../../src/model/labels.js';
import { unverifiedDownloads } from '../../src/model/piped-downloads.js';
import { stepKey, stepLabel, stepScripts } from '../../src/model/pipeline-facts.js';

export default defineRule({
  id: 'ci/download-without-checksum',
  title: 'Downloaded binary or archive used in CI without a checksum',
  severity: 'low',
  status: 'preview',
  description: 'Finds `run:` scripts that fetch a file with `curl`/`wget` and then unpack, install or run it with no `sha256sum -c`, `gpg --verify` or `cosign verify` in between.',
  rationale:
    'The job runs whatever the server returned, with its token and secrets, and may build it into what you ship: a replaced release asset or compromised mirror becomes code in your pipeline. Piping into a shell is ci/curl-pipe-shell.',
  remediation: 'Check the file against a pinned digest before using it (`echo "$SHA256  tool.tgz" | sha256sum -c -`), or use a pinned setup action or package.',
  references: ['https://slsa.dev/spec/v1.0/requirements'],
  tags: ['security', 'supply-chain', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow', 'github-action'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/deploy.yml',
    bad: 'on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          curl -fsSLo helm.tgz https://get.helm.sh/helm-v3.16.2-linux-amd64.tar.gz\n          tar xzf helm.tgz\n',
    good: 'on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          curl -fsSLo helm.tgz https://get.helm.sh/helm-v3.16.2-linux-amd64.tar.gz\n          echo "9318379b847e333460d33d291d4c088156299a26cd93d570a7f5d0c36e50b5bb  helm.tgz" | sha256sum -c -\n          tar xzf helm.tgz\n',
  },
  check(ctx) {
    for (const pipeline of ctx.model.pipelines)
      for (const s of stepScripts(pipeline)) {
        if (s.kind !== 'run') continue;
        for (const d of unverifiedDownloads(s.shell)) {
          const a = d.download.location;
          const b = d.use.location;
          ctx.report({
            at: spanOf(a, b),
            message: `${cap(stepLabel(pipeline, s.job, s.step))} downloads ${d.url} and uses it (${d.how}) without checking a checksum or signature: the job runs whatever the server returned, with its token and secrets. Check its sha256 first, or use a pinned action or package.`,
            key: `${stepKey(pipeline, s.job, s.step)} run ${d.url} ${d.how}`,
          });
        }
      }
  },
});
