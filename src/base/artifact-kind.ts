/** The kinds of file shipshape reads: a word every layer uses (discovery, parsers, model, rules, reports). */
export type ArtifactKind =
  | 'dockerfile'
  | 'dockerignore'
  | 'kubernetes'
  | 'helm-chart'
  | 'helm-template'
  | 'helm-values'
  | 'kustomization'
  | 'compose'
  | 'github-workflow'
  | 'github-action'
  | 'sql-migration'
  | 'migration-config'
  | 'cargo'
  | 'rust-toolchain'
  | 'cargo-config'
  | 'fly'
  | 'systemd'
  | 'terraform'
  | 'dotenv'
  | 'go-mod'
  /** A YAML file whose kind depends on its content. */
  | 'yaml';

export const ARTIFACT_KINDS: readonly ArtifactKind[] = [
  'dockerfile', 'dockerignore', 'kubernetes', 'helm-chart', 'helm-template', 'helm-values', 'kustomization',
  'compose', 'github-workflow', 'github-action', 'sql-migration', 'migration-config', 'cargo', 'rust-toolchain',
  'cargo-config', 'fly', 'systemd', 'terraform', 'dotenv', 'go-mod',
];
