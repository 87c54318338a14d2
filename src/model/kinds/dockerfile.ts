/** Dockerfiles → ImageBuild (stages, users, RUN scripts, copies). */
import { liftDockerfile } from '../lift-dockerfile.js';
import { firstLine, type BuildState } from './state.js';

export function lift({ model, ctx, of }: BuildState): void {
  for (const f of of('dockerfile')) {
    try {
      model.imageBuilds.push(liftDockerfile(f, model.secrets));
    } catch (e) {
      ctx.parseError(f, firstLine(f), `Dockerfile could not be parsed: ${(e as Error).message}. This file was not checked`);
    }
  }
}
