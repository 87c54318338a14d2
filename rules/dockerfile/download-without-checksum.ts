import { defineRule } from '../../src/engine/rule.js';
import { unverifiedDownloads } from '../../src/model/piped-downloads.js';
import { spanOf, stageLabel, stageWords } from './_wording.js';

export default defineRule({
  id: 'dockerfile/download-without-checksum',
  title: 'Downloaded binary or archive used without a checksum',
  severity: 'low',
  status: 'preview',
  description:
    'Finds `RUN` scripts that fetch a file with `curl`/`wget` and then unpack, install or run it with no `sha256sum -c`, `gpg --verify` or `cosign verify` in between, and `ADD <url>` without `--checksum`.',
  rationale:
    'Without a checksum the image contains whatever the server (or anyone between it and the builder) returned that day: a replaced release asset or a compromised mirror ends up in production, and the build is not reproducible. Piping into a shell is dockerfile/curl-pipe-shell.',
  remediation:
    'Pin the expected digest next to the version and check it: `curl -fsSLo tool.tgz "$URL" && echo "$SHA256  tool.tgz" | sha256sum -c - && tar xzf tool.tgz`, or `ADD --checksum=sha256:<digest> <url> /dst`.',
  references: ['https://docs.docker.com/reference/dockerfile/#add---checksum', 'https://slsa.dev/spec/v1.0/requirements'],
  tags: ['dockerfile', 'supply-chain', 'security', 'reproducibility'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/kubectl https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl \\\n && install -m 0755 /tmp/kubectl /usr/local/bin/kubectl\n',
    good: 'FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/kubectl https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl \\\n && echo "7c3807c0f5c1b30110a2ff1e55da1d112a6d0096201f1beb81b269f582b5d1c5  /tmp/kubectl" | sha256sum -c - \\\n && install -m 0755 /tmp/kubectl /usr/local/bin/kubectl\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds)
      for (const stage of build.stages) {
        const where = stageWords(build, stage);
        const Where = where.charAt(0).toUpperCase() + where.slice(1);
        for (const run of stage.runs)
          for (const d of unverifiedDownloads(run.script))
            ctx.report({
              at: spanOf(d.download.location, d.use.location),
              message: `${Where} downloads ${d.url} and uses it (${d.how}) without checking a checksum or signature: a replaced release asset or a compromised mirror ends up in the image. Check its sha256 (\`sha256sum -c\`) or signature first.`,
              key: `${stageLabel(stage)} RUN ${d.url} ${d.how}`,
            });
        for (const copy of stage.copies) {
          if (copy.keyword !== 'ADD' || copy.instruction.flags.some((f) => f.name === 'checksum')) continue;
          for (const src of copy.sources) {
            if (!/^https?:\/\//.test(src.text)) continue;
            ctx.report({
              at: src.location,
              message: `${Where} ADDs ${src.text} without \`--checksum\`: the image gets whatever the server returns at build time. Add \`--checksum=sha256:<digest>\`.`,
              key: `${stageLabel(stage)} ADD ${src.text}`,
            });
          }
        }
      }
  },
});
