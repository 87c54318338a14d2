import { defineRule } from '../../src/engine/rule.js';
import type { ImageRef } from '../../src/model/types.js';
import { formatImage } from '../../src/model/image-ref.js';
import { toolchainOf } from '../../src/model/toolchain.js';

/** Full distributions and what to use instead. */
const DISTROS: Record<string, string> = {
  debian: 'debian:<release>-slim or gcr.io/distroless/base-debian12',
  ubuntu: 'a distroless or debian:<release>-slim base, or ubuntu/chiseled images',
  centos: 'a ubi-minimal/ubi-micro or distroless base',
  fedora: 'a minimal or distroless base',
  rockylinux: 'rockylinux:<version>-minimal or a distroless base',
  almalinux: 'almalinux:<version>-minimal or a distroless base',
  oraclelinux: 'oraclelinux:<version>-slim or a distroless base',
  amazonlinux: 'a distroless base or a minimal image',
  archlinux: 'a distroless or slim base',
  'buildpack-deps': 'a slim or distroless base',
  ubi8: 'ubi8/ubi-minimal or ubi8/ubi-micro',
  ubi9: 'ubi9/ubi-minimal or ubi9/ubi-micro',
  ubi: 'ubi-minimal or ubi-micro',
  leap: 'a distroless or slim base',
  tumbleweed: 'a distroless or slim base',
};

/** Language images whose default variant is built on the full buildpack-deps image. */
const LANGUAGE = new Set(['python', 'node', 'ruby', 'perl', 'openjdk', 'eclipse-temurin']);

const SMALL = /(^|[-_.])(slim|minimal|micro|alpine|distroless|chiseled|busybox|nanoserver|static|ubi-minimal|jre-slim)([-_.]|$)/;

export default defineRule({
  id: 'dockerfile/full-os-base',
  formerIds: ['image/full-os-base'],
  title: 'Runtime image built on a full OS distribution',
  severity: 'low',
  status: 'stable',
  description:
    'Finds a final stage built on a full distribution image (`debian:bookworm`, `ubuntu:24.04`, `fedora`, `buildpack-deps`, or a language image\'s default full variant such as `python:3.12`) where a `-slim`, Alpine, distroless, Chainguard or scratch base would do. ' +
    'Dev container, CI and builder Dockerfiles (named or labelled so, or only used by other Dockerfiles\' builder stages) are skipped; a fragment\'s base is unknown and not judged. A base image other Dockerfiles here build FROM is judged: its OS ships in them.',
  rationale:
    'A full distribution brings a shell, a package manager and hundreds of packages: more to pull on every rollout and scale-up, and a long CVE list to triage for code the service never runs. ' +
    'Slim and distroless bases cut the image by 60–95% and the attack surface with it.',
  remediation:
    'Use the slim variant (`debian:bookworm-slim`, `python:3.12-slim`), a distroless image (`gcr.io/distroless/cc-debian12`, `gcr.io/distroless/static-debian12`), Chainguard images, or `scratch` for static binaries.',
  references: ['https://github.com/GoogleContainerTools/distroless', 'https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image'],
  tags: ['dockerfile', 'image-size', 'attack-surface'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  security: true,
  example: { language: 'dockerfile', bad: 'FROM debian:bookworm\nCOPY --from=builder /app /app', good: 'FROM gcr.io/distroless/cc-debian12\nCOPY --from=builder /app /app' },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      const final = build.finalStage;
      // Builder, CI and data-only images are not what a service runs; a fragment's base is unknown (rootBase is undefined).
      if (!final || build.purpose.tooling || build.purpose.role.kind === 'builder' || build.purpose.role.kind === 'data') continue;
      const base = final.rootBase;
      if (!base || !base.resolved || base.scratch) continue;
      if (toolchainOf(base, final)) continue; // reported by dockerfile/toolchain-in-runtime-image
      const alt = fullDistro(base);
      if (!alt) continue;
      ctx.report({
        at: base.location,
        message:
          `The final stage runs on ${formatImage(base)}, a full OS image: a shell, package manager and hundreds of packages the service does not need, pulled on every rollout and listed in every CVE scan. ` +
          `Use ${alt}.`,
        key: `final FROM ${base.repository}`,
      });
    }
  },
});

function fullDistro(base: ImageRef): string | undefined {
  const repo = base.repository.toLowerCase();
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  const tag = (base.tag ?? 'latest').toLowerCase();
  if (SMALL.test(tag) || SMALL.test(name)) return undefined;
  // Only official/vendor images: `acme/debian` is somebody's derived image.
  const official = !base.registry && !repo.includes('/');
  const redhat = repo.startsWith('redhat/') || base.registry === 'registry.access.redhat.com' || base.registry === 'registry.redhat.io';
  const suse = repo.startsWith('opensuse/');
  if (DISTROS[name] && (official || redhat || suse || base.registry === 'public.ecr.aws' || base.registry === 'quay.io')) return DISTROS[name];
  if (official && LANGUAGE.has(name) && !/(^|[-.])jre([-.]|$)/.test(tag)) return `${name}:${base.tag && base.tag !== 'latest' ? base.tag + '-slim' : '<version>-slim'} or a distroless base`;
  return undefined;
}
