import type { ResolvedConfig } from './types.js';

/** Base images known to run as a non-root user by default. */
export const DEFAULT_NON_ROOT_IMAGES = [
  'gcr.io/distroless/*:nonroot',
  'gcr.io/distroless/*:*-nonroot',
  'gcr.io/distroless/*/*:nonroot',
  'gcr.io/distroless/*/*:*-nonroot',
  'cgr.dev/chainguard/*',
  'chainguard/*',
  'nginxinc/nginx-unprivileged',
  'nginxinc/nginx-unprivileged:*',
  'bitnami/*',
];

export function defaultConfig(): ResolvedConfig {
  return {
    rules: {},
    include: [],
    exclude: [],
    plugins: [],
    failOn: 'medium',
    settings: {},
    maxFileSize: 5 * 1024 * 1024,
    respectGitignore: true,
    inlineIgnores: true,
    nonRootImages: [...DEFAULT_NON_ROOT_IMAGES],
    notices: [],
  };
}
