import { defineRule } from '../../src/engine/rule.js';
import { DIGEST_ONLY_IMAGES, imageMatches } from '../../src/model/image-match.js';
import { describeUse, useKey } from '../../src/model/labels.js';
import { namedContextNote } from './_named-context.js';
import { imageUses, pinnedAtDeploy } from '../../src/model/image-use.js';

export default defineRule({
  id: 'image/no-digest',
  title: 'Image not pinned by digest',
  severity: 'info',
  status: 'stable',
  description:
    'Finds image references without an `@sha256:` digest: Dockerfile `FROM`, Kubernetes and fly containers, compose services that pull their image, GitHub Actions job containers and services.',
  rationale:
    'Tags are mutable: the registry (or anyone who can push to it) can point `1.4.2` at different content. Only a digest guarantees that what runs is exactly what was tested, and that a rollback restores the same bytes.',
  remediation: 'Append the digest to the tag (`debian:12.7-slim@sha256:...`) and let Renovate or Dependabot keep both up to date.',
  differences: "- **Checkov CKV_K8S_43, KICS Image Without Digest, Kubescape C-0306**: they fail every image without a digest at the same level as their other checks. We report it at info: pinning by digest is only safe with a bot (Renovate, Dependabot) that moves the digest, otherwise security fixes stop arriving, and the mutable-tag risk itself is what `image/unpinned-tag` reports. Raise it with `severity:` in `.shipshape.yml` where digests are policy.\n- **Checkov CKV_K8S_15 / kube-score imagePullPolicy**: we have no pull-policy rule: with a digest the pull policy is moot, and without one `Always` only re-pulls whatever the tag points at now (Kubescape C-0075 asks for `Always` only with `latest`, which `image/unpinned-tag` already reports).",
  references: ['https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier'],
  tags: ['supply-chain', 'dockerfile', 'kubernetes', 'compose', 'github-actions'],
  reads: ['imageBuilds', 'workloads', 'pipelines'],
  kinds: ['dockerfile', 'kubernetes', 'compose', 'fly', 'github-workflow'],
  security: true,
  example: { language: 'dockerfile', bad: 'FROM debian:12.7-slim', good: 'FROM debian:12.7-slim@sha256:<digest>' },
  check(ctx) {
    for (const u of imageUses(ctx.model)) {
      if (u.ref.digest || pinnedAtDeploy(u, 'digest')) continue;
      const tagless = imageMatches(u.ref, DIGEST_ONLY_IMAGES);
      ctx.report({
        at: u.ref.location,
        message: `${u.ref.raw} (${describeUse(u)}) is not pinned by digest${tagless ? '; this image publishes no version tags, so a digest is the only way to pin it' : ''}. Append \`@sha256:...\` so the exact tested image is what runs.${namedContextNote(u)}`,
        key: useKey(u),
      });
    }
  },
});
