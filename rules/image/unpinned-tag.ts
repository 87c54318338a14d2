import { defineRule, type Severity } from '../../src/engine/rule.js';
import { DIGEST_ONLY_IMAGES, imageMatches } from '../../src/model/image-match.js';
import { describeUse, useKey } from '../../src/model/labels.js';
import { namedContextNote } from './_named-context.js';
import { imageUses, pinnedAtDeploy, type ImageUse } from '../../src/model/image-use.js';

/** Tags that name a channel, not a version: they move like `latest`, if less often. */
const MOVING = new Set([
  'stable', 'main', 'master', 'edge', 'nightly', 'dev', 'develop', 'devel', 'development', 'rolling', 'canary', 'beta', 'alpha',
  'next', 'head', 'trunk', 'unstable', 'testing', 'current', 'lts', 'release', 'snapshot', 'preview', 'mainline', 'alpine', 'slim',
]);

export default defineRule({
  id: 'image/unpinned-tag',
  title: 'Image without a version tag',
  severity: 'high',
  status: 'stable',
  severities: [
    { severity: 'high', when: 'a Kubernetes or fly container, a compose service that pulls its image, or a GitHub Actions job `container:`/`services:` or `uses: docker://` image has no tag or a `latest` tag' },
    { severity: 'medium', when: 'a Dockerfile `FROM` has no tag or a `latest` tag' },
    { severity: 'low', when: 'the tag is a channel tag such as `stable`, `main` or `edge` (anywhere, Dockerfiles included)' },
  ],
  description:
    'Finds image references with no tag or `latest`: Kubernetes and fly containers, compose services that pull their image, GitHub Actions job `container:`/`services:` and `uses: docker://` steps (high), and Dockerfile `FROM` (medium). Channel tags such as `stable`, `main` or `edge` are low. Images that publish no version tags (distroless, chainguard) are left to image/no-digest; tags set at deploy time by a kustomization `images:` entry or skaffold are not reported. A `FROM name` that a build in the repository passes as a BuildKit named context (`--build-context name=...`, bake `contexts`) pulls nothing and is not reported; a bare `FROM name` with no build in sight is reported with a note that it may be one.',
  rationale:
    'With `latest` nobody knows which version is deployed, two replicas can run different code after a node pulls a newer image, and a rollback re-deploys the same moving tag: it cannot restore the previous version.',
  remediation: 'Pin an explicit version tag (`postgres:16.4`), ideally with its digest (`postgres:16.4@sha256:...`), and update it deliberately (Renovate, Dependabot).',
  differences: "- **hadolint DL3006 / DL3007**: hadolint warns on every untagged or `latest` `FROM` alike. We report a Dockerfile `FROM` at medium and a deployed image (Kubernetes, compose, fly, workflow containers) at high: a floating base changes the next build, which CI tests; a floating runtime image changes what a node pulls on its next restart, which nothing tests.\n- **kube-linter latest-tag, Checkov CKV_K8S_14, Trivy KSV013**: they look for `latest` or a missing tag only; we also report channel tags (`stable`, `main`, `edge`) at low, since they move as often as `latest`, and we do not report an image whose tag is set at deploy time (a Kustomize `images:` entry, a workflow that `kubectl set image`s it).",
  references: [
    'https://kubernetes.io/docs/concepts/containers/images/#image-names',
    'https://docs.docker.com/reference/dockerfile/#from',
  ],
  tags: ['security', 'supply-chain', 'rollback', 'kubernetes', 'compose', 'dockerfile', 'github-actions'],
  reads: ['imageBuilds', 'workloads', 'pipelines'],
  kinds: ['dockerfile', 'kubernetes', 'compose', 'fly', 'github-workflow'],
  security: true,
  example: {
    language: 'yaml',
    path: 'docker-compose.yml',
    bad: 'services:\n  api:\n    image: ghcr.io/acme/api:latest\n',
    good: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2@sha256:3f4e4c1b2a0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f\n',
  },
  check(ctx) {
    for (const u of imageUses(ctx.model)) {
      const r = u.ref;
      if (r.digest) continue;
      if (imageMatches(r, DIGEST_ONLY_IMAGES)) continue;
      if (pinnedAtDeploy(u, 'tag')) continue;
      const tag = r.tag?.toLowerCase();
      let problem: string;
      let severity: Severity | undefined = baseSeverity(u);
      if (!tag) problem = 'has no tag, so it means `latest`';
      else if (tag === 'latest' || tag.startsWith('latest-') || tag.endsWith('-latest')) problem = `uses the moving tag \`${r.tag}\``;
      else if (MOVING.has(tag)) {
        problem = `uses the channel tag \`${r.tag}\`, which moves to new versions`;
        severity = 'low';
      } else continue;
      const dockerfile = u.where === 'dockerfile';
      ctx.report({
        at: r.location,
        message: dockerfile
          ? `${r.raw} (${describeUse(u)}) ${problem}: each build may pick up a different base, so the image you ship is not the one you tested and rebuilding an old commit does not reproduce it. Pin a version tag, ideally with its digest.${namedContextNote(u)}`
          : `${r.raw} (${describeUse(u)}) ${problem}: the deployed version is unknown, replicas can run different versions after a re-pull, and a rollback cannot restore the previous one. Pin a version tag, ideally with its digest.`,
        key: useKey(u),
        severity,
      });
    }
  },
});

function baseSeverity(u: ImageUse): Severity | undefined {
  return u.where === 'dockerfile' ? 'medium' : undefined;
}
