/**
 * The artifact pipeline, one module per artifact kind (or family of kinds
 * that share a parser), in the order they run. Each module is imported only
 * when one of its kinds is present, so a one-Dockerfile pre-commit run never
 * loads the YAML, TOML or SQL parsers. A new artifact kind adds a path rule in
 * `src/discover/kinds.ts`, a module here, and its place in this list.
 *
 * Order matters where a module leaves facts for another: kustomize (patch
 * targets, image overrides) before manifests; toml (Cargo manifests) before
 * migrations. The linker runs after all of them.
 */
import type { ArtifactKind } from '../../base/artifact-kind.js';
import type { KindModule } from './state.js';

export interface KindStage {
  name: string;
  kinds: readonly ArtifactKind[];
  load(): Promise<KindModule>;
}

export const KIND_STAGES: readonly KindStage[] = [
  { name: 'dockerfile', kinds: ['dockerfile'], load: () => import('./dockerfile.js') },
  { name: 'dockerignore', kinds: ['dockerignore'], load: () => import('./dockerignore.js') },
  { name: 'kustomize', kinds: ['kustomization'], load: () => import('./kustomize.js') },
  { name: 'manifests', kinds: ['kubernetes', 'yaml', 'compose'], load: () => import('./manifests.js') },
  { name: 'workflows', kinds: ['github-workflow', 'github-action'], load: () => import('./workflows.js') },
  { name: 'helm', kinds: ['helm-template', 'helm-values', 'helm-chart'], load: () => import('./helm.js') },
  { name: 'toml', kinds: ['cargo', 'rust-toolchain', 'cargo-config', 'fly'], load: () => import('./toml.js') },
  { name: 'systemd', kinds: ['systemd'], load: () => import('./systemd.js') },
  { name: 'dotenv', kinds: ['dotenv'], load: () => import('./dotenv.js') },
  { name: 'terraform', kinds: ['terraform'], load: () => import('./terraform.js') },
  { name: 'migrations', kinds: ['sql-migration'], load: () => import('./migrations.js') },
];
