/**
 * Which images the repository pulls and where: Dockerfile `FROM`s, workload
 * containers and workflow job containers, and whether a Kubernetes
 * container's tag or digest is set at deploy time (kustomize `images:`,
 * skaffold). unpinned-tag, no-digest and untrusted-registry all read these.
 */
import { resolvedRef } from './image-ref.js';
import type { BuildStage, Container, ImageBuild, ImageRef, Model, Pipeline, PipelineJob, PipelineStep, Workload } from './types.js';

export type ImageUse =
  | { where: 'dockerfile'; ref: ImageRef; build: ImageBuild; stage: BuildStage }
  | { where: 'kubernetes' | 'compose' | 'fly'; ref: ImageRef; container: Container }
  /** A job's `container:` (no `service`) or one of its `services:`. */
  | { where: 'workflow'; ref: ImageRef; pipeline: Pipeline; job: PipelineJob; service?: string; step?: PipelineStep };

/** Every container of every workload on the given platforms, init containers first. */
export function* containersOf(model: Model, platforms: ReadonlyArray<Workload['platform']>): Generator<Container> {
  for (const w of model.workloads) {
    if (!platforms.includes(w.platform)) continue;
    yield* w.initContainers;
    yield* w.containers;
  }
}

/**
 * Every image reference that is pulled from a registry: Dockerfile `FROM`
 * (not stage names, not scratch), Kubernetes/fly containers, compose services
 * that do not build their image, workflow job containers and services, and
 * `uses: docker://...` step images.
 * Unresolved references (`$VAR` without a default) are left out.
 */
export function imageUses(model: Model): ImageUse[] {
  const out: ImageUse[] = [];
  for (const build of model.imageBuilds) {
    for (const stage of build.stages) {
      if (!stage.base || stage.base.scratch || !stage.base.resolved) continue;
      // `FROM base` where the build passes `--build-context base=...`: BuildKit uses that, nothing is pulled.
      if (build.namedContexts.has(stage.base.raw)) continue;
      out.push({ where: 'dockerfile', ref: stage.base, build, stage });
    }
  }
  for (const w of model.workloads) {
    if (w.platform === 'systemd') continue;
    // A compose service with `build:` builds the image it names; nothing is pulled.
    if (w.platform === 'compose' && w.build) continue;
    for (const container of [...w.initContainers, ...w.containers]) {
      const ref = container.image && resolvedRef(container.image);
      if (!ref || ref.scratch) continue;
      out.push({ where: w.platform, ref, container });
    }
  }
  for (const pipeline of model.pipelines) {
    for (const job of pipeline.jobs) {
      const add = (image: ImageRef | undefined, service?: string) => {
        const ref = image && resolvedRef(image);
        // `${{ matrix.image }}` is chosen at run time.
        if (ref && !ref.raw.includes('${{')) out.push({ where: 'workflow', ref, pipeline, job, service });
      };
      add(job.container);
      for (const s of job.services) add(s.image, s.name);
      // `uses: docker://alpine:3.20`: the step runs that image.
      for (const step of job.steps) {
        const ref = step.uses?.type === 'docker' && step.uses.image ? resolvedRef(step.uses.image) : undefined;
        if (ref && !ref.raw.includes('${{')) out.push({ where: 'workflow', ref, pipeline, job, step });
      }
    }
  }
  return out;
}

/**
 * The in-repo build of a container's image when the link rests on evidence (compose `build:`, a
 * build that tags the image, a skaffold artifact). A link made only by a matching name gives
 * undefined: a guess never clears or lowers a finding.
 */
export function evidencedBuild(c: Container): ImageBuild | undefined {
  return c.linkEvidence === 'name-guess' ? undefined : c.imageBuild;
}

/** The tag (or digest) of this use is set at deploy time, so the written reference is a placeholder. */
export function pinnedAtDeploy(u: ImageUse, what: 'tag' | 'digest'): boolean {
  return u.where === 'kubernetes' && u.container.imagePinning?.[what] === true;
}

/**
 * Sets `Container.imagePinning` on Kubernetes containers (run by the linker
 * once containers know their in-repo build): a kustomization `images:` entry
 * naming the image (`newTag` / `digest`), or skaffold building it, which
 * rewrites the reference to an immutable tag and digest.
 */
export function linkImagePinning(model: Model): void {
  const tagged = new Set(model.imageOverrides.filter((o) => o.setsTag).map((o) => o.name));
  const digested = new Set(model.imageOverrides.filter((o) => o.setsDigest).map((o) => o.name));
  for (const w of model.workloads) {
    if (w.platform !== 'kubernetes') continue;
    for (const c of [...w.initContainers, ...w.containers]) {
      if (!c.image) continue;
      const bare = withoutDigest(c.image.raw).replace(/:[^/:]*$/, '');
      // Skaffold rewrites the references of the images it builds: only when the link rests on evidence
      // (the artifact names this image), never on a name guess (a chart's registry image that shares a folder name).
      const viaSkaffold = evidencedBuild(c)?.contextSource === 'skaffold';
      c.imagePinning = { tag: tagged.has(bare) || viaSkaffold, digest: digested.has(bare) || viaSkaffold };
    }
  }
}

/** The reference before its first `@` (a digest); `/@.*$/` would retry from every `@` of `@@@…`. */
function withoutDigest(raw: string): string {
  const at = raw.indexOf('@');
  return at === -1 ? raw : raw.slice(0, at);
}

/**
 * A Dockerfile `FROM name` with no registry, namespace, tag or digest may be a BuildKit named
 * context (`--build-context name=...`, bake `contexts`) passed by a build this repository does not
 * show; then nothing is pulled. Known named contexts are already left out of `imageUses`.
 */
export function mayBeNamedContext(u: ImageUse): boolean {
  return u.where === 'dockerfile' && !/[:@/.]/.test(u.ref.raw) && !OFFICIAL_IMAGES.has(u.ref.raw.toLowerCase());
}

/**
 * Widely used Docker Hub official images: `FROM nginx` is that image, not a named context, so
 * the hedge would be noise. Not a complete list; a name missing here only gets the note.
 */
const OFFICIAL_IMAGES = new Set([
  'alpine', 'busybox', 'debian', 'ubuntu', 'centos', 'fedora', 'almalinux', 'rockylinux', 'amazonlinux', 'oraclelinux', 'archlinux', 'photon', 'clearlinux',
  'node', 'python', 'pypy', 'golang', 'rust', 'ruby', 'php', 'perl', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'ibmjava', 'sapmachine', 'gradle', 'maven',
  'gcc', 'julia', 'erlang', 'elixir', 'haskell', 'swift', 'dart', 'clojure', 'groovy', 'kotlin', 'mono', 'r-base', 'bash', 'docker', 'buildpack-deps',
  'nginx', 'httpd', 'caddy', 'traefik', 'haproxy', 'tomcat', 'jetty', 'redis', 'memcached', 'postgres', 'mysql', 'mariadb', 'mongo', 'cassandra', 'couchdb',
  'neo4j', 'influxdb', 'telegraf', 'elasticsearch', 'kibana', 'logstash', 'solr', 'rabbitmq', 'zookeeper', 'nats', 'eclipse-mosquitto', 'consul', 'vault',
  'registry', 'jenkins', 'sonarqube', 'wordpress', 'ghost', 'nextcloud', 'drupal', 'joomla', 'composer', 'flink', 'spark', 'storm', 'kong', 'varnish',
]);
