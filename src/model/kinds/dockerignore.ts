/** .dockerignore files → DockerIgnore matchers (linked to build contexts later). */
import { liftDockerignore } from '../lift-dockerignore.js';
import type { BuildState } from './state.js';

export function lift({ model, of }: BuildState): void {
  for (const f of of('dockerignore')) model.dockerignores.push(liftDockerignore(f));
}
