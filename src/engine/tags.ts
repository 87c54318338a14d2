/**
 * The tags a rule may carry: a fixed vocabulary so that `--tag`-style
 * filtering, SARIF tags and the docs index stay meaningful at 200 rules. A
 * test fails on a tag not listed here; add one with its meaning when a new
 * concern really needs it.
 */
export const TAGS = {
  // What is at stake
  security: 'an attacker gains something: code execution, privileges, data',
  'supply-chain': 'what is pulled, built or run comes from somewhere that can change under you',
  secrets: 'credentials and keys: where they live and who can read them',
  'least-privilege': 'more privileges than the workload needs',
  'attack-surface': 'tools, ports or packages an attacker could use',
  availability: 'the service stops answering, or answers with errors',
  rollout: 'what happens while a new version replaces the old one',
  'graceful-shutdown': 'signals, drains and termination grace',
  probes: 'liveness, readiness and startup checks',
  resources: 'CPU, memory and scaling',
  'data-loss': 'data that cannot be recovered',
  'deploy-failure': 'the deploy itself fails or stops half way',
  rollback: 'going back to the previous version',
  compatibility: 'old and new versions of the code running side by side',
  locking: 'PostgreSQL locks that block reads or writes',
  rewrite: 'a full table rewrite',
  backfill: 'changing existing rows in bulk',
  transactions: 'transaction boundaries around migrations',
  'schema-design': 'column types and keys that age badly',
  correctness: 'the artifact does not do what it says',
  reproducibility: 'two builds of the same commit differ',
  caching: 'build cache use',
  'image-size': 'bytes shipped in the image',
  'multi-stage': 'Dockerfile stages and what crosses between them',
  maintenance: 'the tool and its configuration',
  'cross-artifact': 'the verdict joins more than one file (a pod and its Dockerfile, a migration and its deploy)',
  ci: 'CI pipelines and their permissions',
  // Where it applies (beyond the rule's domain)
  dockerfile: 'Dockerfiles',
  containers: 'container runtime settings in any orchestrator',
  kubernetes: 'Kubernetes manifests',
  compose: 'docker-compose files',
  systemd: 'systemd units',
  fly: 'fly.toml',
  'github-actions': 'GitHub Actions workflows and actions',
  helm: 'Helm charts and values',
  kustomize: 'Kustomize overlays',
  terraform: 'Terraform',
  cargo: 'Cargo manifests and toolchain files',
  postgres: 'PostgreSQL',
  migrations: 'schema migrations',
  git: 'compares with the git base revision',
} as const;

export type Tag = keyof typeof TAGS;

export function isKnownTag(t: string): t is Tag {
  return Object.prototype.hasOwnProperty.call(TAGS, t);
}
