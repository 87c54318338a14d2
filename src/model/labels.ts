/**
 * How entities are named in messages and fingerprint keys, shared by every
 * domain that talks about containers and images (container, image, probes,
 * secrets, rollout): `container "web" of Deployment api`,
 * `Deployment/api containers[web].securityContext.privileged`. One wording,
 * so a user sees the same name for the same container in every finding.
 */
import type { BuildStage, Container, ImageBuild, Location } from './types.js';
import type { ImageUse } from './image-use.js';
import type { StageUser } from './run-as.js';

interface RelatedLocation {
  location: Location;
  message: string;
}

/** `container "web" of Deployment api`, `compose service "web"`, for messages. */
export function describe(c: Container): string {
  const w = c.workload;
  if (w.platform === 'compose') return `compose service "${c.name}"`;
  if (w.platform === 'systemd') return `systemd service ${w.name}`;
  if (w.platform === 'fly') return `fly app ${w.name}`;
  return `${c.init ? 'init container' : 'container'} "${c.name}" of ${w.kind} ${w.name}`;
}

/** Upper-case the first letter, for messages that start with describe(). */
export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Security key for fingerprints: `Deployment/api containers[web].securityContext.privileged`. */
export function secKey(c: Container, field: string): string {
  return `${c.logicalPath}.securityContext.${field}`;
}

/** Capabilities as Linux names without the `CAP_` prefix, upper case. */
export function capName(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, '');
}

/** A related location pointing at the Dockerfile line that decides the user. */
export function stageUserRelated(v: StageUser): RelatedLocation {
  if (v.kind === 'root') {
    return {
      location: v.at,
      message: v.explicit ? `the image's Dockerfile sets USER ${v.name} in its final stage` : "the image's Dockerfile has no USER in its final stage, so it runs as root",
    };
  }
  if (v.kind === 'nonroot') return { location: v.at, message: v.user ? `the image's Dockerfile sets USER ${v.name}` : "the image's base runs as a non-root user" };
  return { location: v.at, message: "the image's Dockerfile sets a user that cannot be resolved statically" };
}

/** Where an image is used, in messages: `final stage FROM`, `workflow container of job "test"`. */
export function describeUse(u: ImageUse): string {
  if (u.where === 'dockerfile') return u.stage === u.build.finalStage ? 'final stage FROM' : `build stage${u.stage.name ? ` "${u.stage.name.value}"` : ''} FROM`;
  if (u.where === 'workflow' && u.step) return `\`uses: docker://\` of step ${u.step.index + 1} in job "${u.job.id}"`;
  if (u.where === 'workflow') return `workflow ${u.service !== undefined ? `service "${u.service}" of job "${u.job.id}"` : `container of job "${u.job.id}"`}`;
  return describe(u.container);
}

/** Fingerprint key of an image use: `Dockerfile FROM[0] debian`, `Deployment/api containers[web].image`. */
export function useKey(u: ImageUse): string {
  if (u.where === 'dockerfile') return `${u.build.file.path} FROM[${u.stage.index}] ${u.ref.repository}`;
  if (u.where === 'workflow' && u.step) return `${u.pipeline.file.path} jobs.${u.job.id}.steps[${u.step.id ?? u.step.name ?? u.step.index}].uses`;
  if (u.where === 'workflow') return `${u.pipeline.file.path} ${u.service !== undefined ? `jobs.${u.job.id}.services.${u.service}` : `jobs.${u.job.id}.container`}`;
  return `${u.container.logicalPath}.image`;
}

/** `stage[builder]` or `stage[0]`, for messages and fingerprint keys. */
export function stageLabel(stage: BuildStage): string {
  return `stage[${stage.name?.value ?? stage.index}]`;
}

/** Human wording: `stage "builder"`, `the final stage "runtime"`, `stage 0`. */
export function stageWords(build: ImageBuild, stage: BuildStage): string {
  const name = stage.name ? `"${stage.name.value}"` : `${stage.index}`;
  if (stage.implicit) return 'the instructions before any FROM';
  if (build.stages.length === 1) return 'the image';
  if (stage === build.finalStage) return stage.name ? `the final stage ${name}` : 'the final stage';
  return `stage ${name}`;
}
