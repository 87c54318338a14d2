import picomatch from 'picomatch';
import { defineRule } from '../../src/engine/rule.js';
import type { ImageRef } from '../../src/model/types.js';
import { describeUse, useKey } from '../../src/model/labels.js';
import { namedContextNote } from './_named-context.js';
import { imageUses } from '../../src/model/image-use.js';
import { trimTrailingSlashes } from '../../src/model/strings.js';

export default defineRule<{ allowedRegistries: string[] }>({
  id: 'image/untrusted-registry',
  title: 'Image from a registry that is not allowed',
  severity: 'high',
  status: 'stable',
  description:
    'Finds image references (Dockerfile `FROM`, Kubernetes, compose, fly, workflow containers) whose registry is not in its `allowedRegistries` option. Entries are registry hosts (`ghcr.io`), registry paths (`ghcr.io/acme`, `docker.io/library`) or globs (`*.dkr.ecr.*.amazonaws.com`). Off by default: it needs the list.',
  rationale:
    'Images from arbitrary registries bypass the scanning, signing and retention your own registry enforces, and a typo-squatted or compromised public image runs with your credentials and data.',
  remediation: 'Mirror the image into an allowed registry and reference it there, or add the registry to `allowedRegistries` if it is trusted.',
  differences: "- **Trivy KSV-0125, Kubescape C-0001 / C-0078**: they ship a built-in list of trusted registries. Ours is off by default and has no built-in list: any default is wrong for teams with a private registry, and a rule that fires on every image of such a team teaches people to disable it.",
  references: ['https://kubernetes.io/docs/concepts/containers/images/'],
  tags: ['security', 'supply-chain', 'dockerfile', 'kubernetes', 'compose'],
  reads: ['imageBuilds', 'workloads', 'pipelines'],
  kinds: ['dockerfile', 'kubernetes', 'compose', 'fly', 'github-workflow'],
  security: true,
  enabledByDefault: false,
  example: {
    language: 'yaml',
    path: 'compose.yaml',
    bad: 'services:\n  api:\n    image: randomuser/api:1.0\n',
    good: 'services:\n  api:\n    image: ghcr.io/acme/api:1.0\n',
    context: {
      '.shipshape.yml': 'rules:\n  image/untrusted-registry:\n    enabled: true\n    options:\n      allowedRegistries: [ghcr.io/acme]\n',
    },
  },
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: { allowedRegistries: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Registry hosts, registry paths or globs images may come from.' } },
    },
    defaults: { allowedRegistries: [] },
  },
  configProblem: (_config, options) =>
    options.allowedRegistries.length === 0
      ? 'is enabled but options.allowedRegistries is empty; expected a list of registries or path prefixes, e.g. ["ghcr.io/acme"]'
      : undefined,
  check(ctx) {
    const allowed = ctx.options.allowedRegistries.map((a) => trimTrailingSlashes(a.trim())).filter(Boolean);
    if (allowed.length === 0) return;
    const hostMatch = picomatch(allowed, { nocase: true, dot: true });
    const list = allowed.join(', ');
    for (const u of imageUses(ctx.model)) {
      if (isAllowed(u.ref, allowed, hostMatch)) continue;
      const registry = u.ref.registry ?? 'docker.io';
      ctx.report({
        at: u.ref.location,
        message: `${u.ref.raw} (${describeUse(u)}) comes from ${registry}, which is not an allowed registry (${list}). Mirror it into an allowed registry.${namedContextNote(u)}`,
        key: useKey(u),
      });
    }
  },
});

function isAllowed(ref: ImageRef, allowed: string[], hostMatch: (s: string) => boolean): boolean {
  const host = (ref.registry ?? 'docker.io').toLowerCase();
  const repo = ref.registry === undefined && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  const full = `${host}/${repo}`.toLowerCase();
  if (hostMatch(host)) return true;
  for (const a of allowed) {
    const p = a.toLowerCase();
    // A path prefix: `ghcr.io/acme` allows `ghcr.io/acme/api`.
    if (full === p || full.startsWith(p + '/')) return true;
    if (p === 'docker.io' && host === 'docker.io') return true;
  }
  return picomatch.isMatch(full, allowed, { nocase: true, dot: true });
}
