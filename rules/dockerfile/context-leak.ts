import { posix } from 'node:path';
import { defineRule } from '../../src/engine/rule.js';
import type { CopyInstruction, ImageBuild, Model } from '../../src/model/types.js';
import { realProgramName } from '../../src/model/package-installs.js';
import { stageLabel, stageWords } from './_wording.js';
import { finalLineage } from '../../src/model/stages.js';
import { trimTrailingSlashes } from '../../src/model/strings.js';

const WHOLESALE = new Set(['.', './', '*', './*', '/', '.\\']);

export default defineRule({
  id: 'dockerfile/context-leak',
  formerIds: ['image/context-leak'],
  title: 'Whole build context copied without a sufficient .dockerignore',
  severity: 'medium',
  status: 'stable',
  description:
    '`COPY . .` / `ADD . ...` when the build context has no `.dockerignore` (nor `<Dockerfile>.dockerignore`), or one that does not exclude `.git`, `.env*`, and `target/` for Rust or `node_modules/` for Node projects. ' +
    'The context is read from how the image is really built: compose `build.context`, a workflow `docker build`/`docker/build-push-action` (with `${{ matrix.* }}` expanded), skaffold, `docker build`/`buildx`/kaniko in Makefiles, shell scripts, GitLab CI, AWS CodeBuild buildspecs and Cloud Build, and `docker-bake.hcl`. ' +
    'When nothing builds the Dockerfile, its folder is assumed and the message says so. A `COPY . .` only in a builder stage whose files reach the shipped image through `COPY --from` is reported at low: the context then leaks into the builder\'s layers and build cache, not into the image.',
  rationale:
    'Everything in the context is sent to the builder and `COPY . .` puts it in a layer: `.env` files and other secrets, the whole `.git` history, and gigabytes of local build output (`target/`, `node_modules/`). ' +
    'Secrets then ship in the image to every registry and node that pulls it, builds are slow, and any touched file invalidates the layer cache.',
  remediation:
    'Add a `.dockerignore` at the context root with at least `.git`, `.env`, `.env.*` (re-include `!.env.example` if needed), `target/` (Rust) or `node_modules/` (Node). ' +
    'Better still, copy only what the build needs (`COPY Cargo.toml Cargo.lock ./` then `COPY src ./src`).',
  references: ['https://docs.docker.com/build/concepts/context/#dockerignore-files', 'https://docs.docker.com/build/building/best-practices/#exclude-with-dockerignore'],
  tags: ['dockerfile', 'secrets', 'image-size', 'caching'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  security: true,
  severities: [
    { severity: 'medium', when: 'a stage of the shipped image (the final stage or one it is built FROM) copies the whole context' },
    { severity: 'low', when: 'only builder stages copy the whole context; the shipped image gets their output through `COPY --from`' },
  ],
  example: {
    language: 'dockerfile',
    bad: '# no .dockerignore next to this Dockerfile\nFROM rust:1.75-slim\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --locked\n',
    good: '# copy only what the build needs (or add a .dockerignore)\nFROM rust:1.75-slim\nWORKDIR /app\nCOPY Cargo.toml Cargo.lock ./\nCOPY src ./src\nRUN cargo build --release --locked\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      const copies: Array<{ stage: string; words: string; copy: CopyInstruction }> = [];
      for (const stage of build.stages) {
        for (const c of stage.copies) {
          if (c.from || c.heredoc) continue;
          if (c.sources.some((s) => WHOLESALE.has(s.text))) copies.push({ stage: stageLabel(stage), words: stageWords(build, stage), copy: c });
        }
      }
      const shipped = new Set(finalLineage(build).map(stageLabel));
      // Prefer a copy in the shipped image: that is the one that puts the context into the image.
      const first = copies.find((c) => shipped.has(c.stage)) ?? copies[0];
      if (!first) continue;
      const builderOnly = !copies.some((c) => shipped.has(c.stage)) && build.finalStage !== undefined;
      const at = first.copy.sources.find((s) => WHOLESALE.has(s.text))!.location;
      const assumed = build.contextSource === 'dockerfile-dir';
      const context = `${build.contextDir === '' ? 'the repository root' : `${build.contextDir}/`}${assumed ? ', assumed: nothing in the repository builds this Dockerfile with another context' : ''}`;
      const related = [
        ...(build.contextOrigin ? [{ location: build.contextOrigin, message: 'the build that sets this context' }] : []),
        ...copies.filter((c) => c !== first).map((c) => ({ location: c.copy.instruction.location, message: 'also copies the whole context' })),
      ];
      const where = builderOnly
        ? `into builder ${first.words} (only what later stages copy from it ships, but all of it goes to the builder, its layers and the build cache)`
        : 'into the image';
      const severity = builderOnly ? ('low' as const) : undefined;
      const ignore = build.dockerignore;
      if (!ignore) {
        // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile whatever the context is; a file at an assumed context root may never be read.
        const beside = `${build.file.path}.dockerignore`;
        const fix = assumed
          ? `Add ${beside} (BuildKit reads it beside the Dockerfile whatever the context is) or a .dockerignore at the root of the context you really build with, excluding`
          : `Add ${posix.join(build.contextDir, '.dockerignore')} (or ${beside}) excluding`;
        ctx.report({
          at,
          message:
            `${first.copy.keyword} ${first.copy.sources.map((s) => s.text).join(' ')} copies the whole build context (${context}) ${where}, and it has no .dockerignore: .git, .env files and local build output go with it. ` +
            `${fix} ${required(ctx.model, build).map((r) => r.pattern).join(', ')}.`,
          related,
          key: `${first.stage} ${first.copy.keyword} . (no .dockerignore)`,
          severity,
        });
        continue;
      }
      // A `!path` line re-including it is a deliberate choice (e.g. `!.git` for build-time version info).
      const deliberate = (p: string) => ignore.patterns.some((x) => x.negated && trimTrailingSlashes(x.pattern) === p);
      const missing = required(ctx.model, build).filter((r) => r.paths.some((p) => !ignore.excludes(p) && !deliberate(p)));
      if (missing.length === 0) continue;
      ctx.report({
        at,
        message:
          `${first.copy.keyword} ${first.copy.sources.map((s) => s.text).join(' ')} copies the whole build context (${context}) ${where}, but ${ignore.file.path} does not exclude ${missing.map((m) => m.pattern).join(', ')}: ` +
          `${missing.map((m) => m.why).join('; ')} go with it. Add ${missing.length > 1 ? 'them' : 'it'} to ${ignore.file.path}.`,
        related: [{ location: ignore.file.lines.lineLocation(ignore.file.path, 1), message: 'the .dockerignore used for this build' }, ...related],
        key: `${first.stage} ${first.copy.keyword} . (${missing.map((m) => m.pattern).join(',')})`,
        severity: builderOnly ? 'low' : undefined,
      });
    }
  },
});

interface Required {
  pattern: string;
  /** Context-relative paths that must be excluded. */
  paths: string[];
  why: string;
}

function required(model: Model, build: ImageBuild): Required[] {
  const out: Required[] = [];
  // .git only exists in a context at the repository root.
  if (build.contextDir === '') out.push({ pattern: '.git', paths: ['.git'], why: 'the whole git history' });
  out.push({ pattern: '.env*', paths: ['.env', '.env.local', '.env.production'], why: '.env files with secrets' });
  const rust = projectDir(model, build, 'Cargo.toml');
  if (rust !== undefined || usesTool(build, /^(cargo|rustc|rustup)$/, /^rust$/)) {
    const d = rust ?? '';
    out.push({ pattern: `${d}target/`, paths: [posix.join(d, 'target')], why: 'gigabytes of Rust build output (target/)' });
  }
  if (projectDir(model, build, 'package.json') !== undefined || usesTool(build, /^(npm|npx|yarn|pnpm|bun)$/, /^(node|bun)$/) || copiesFile(build, /^(package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml)$/)) {
    out.push({ pattern: 'node_modules/', paths: ['node_modules'], why: 'host node_modules (platform-specific binaries that break the image)' });
  }
  return out;
}

/** Shallowest directory (context-relative, with trailing `/`, '' for the root) holding `name`. */
function projectDir(model: Model, build: ImageBuild, name: string): string | undefined {
  const prefix = build.contextDir === '' ? '' : build.contextDir + '/';
  let best: string | undefined;
  for (const path of model.pathsByName.get(name) ?? []) {
    if (!path.startsWith(prefix)) continue;
    const rel = posix.dirname(path.slice(prefix.length));
    const dir = rel === '.' ? '' : rel + '/';
    if (best === undefined || dir.split('/').length < best.split('/').length) best = dir;
  }
  return best;
}

function usesTool(build: ImageBuild, command: RegExp, image: RegExp): boolean {
  return build.stages.some(
    (s) =>
      (s.base && image.test(s.base.repository.slice(s.base.repository.lastIndexOf('/') + 1))) ||
      s.runs.some((r) => r.script.commands.some((c) => command.test(realProgramName(c)))),
  );
}

function copiesFile(build: ImageBuild, name: RegExp): boolean {
  return build.stages.some((s) => s.copies.some((c) => !c.from && c.sources.some((w) => name.test(posix.basename(w.text)))));
}
