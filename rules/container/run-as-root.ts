import { defineRule, type RelatedLocation, type Severity } from '../../src/engine/rule.js';
import type { Container } from '../../src/model/types.js';
import { cap, describe, secKey, stageUserRelated } from '../../src/model/labels.js';
import { containersOf, evidencedBuild } from '../../src/model/image-use.js';
import { containerImageUser, keepsPrivilegeDroppingEntrypoint, stageUser } from '../../src/model/run-as.js';
import { imageMatches } from '../../src/model/image-match.js';

export default defineRule({
  id: 'container/run-as-root',
  formerIds: ['image/run-as-root'],
  title: 'Container runs as root',
  severity: 'high',
  status: 'stable',
  severities: [
    { severity: 'high', when: 'a deployed image, Kubernetes container, compose service or systemd unit runs as root (explicitly, or with nothing that sets another user)' },
    { severity: 'medium', when: 'the root container is a Kubernetes init container' },
    { severity: 'low', when: 'a Dockerfile runs as root but every workload in the repository that runs it overrides the user, its base entrypoint drops privileges itself, it is a development Dockerfile, or it is not a runtime image (a builder or CI image, or the base other Dockerfiles here build FROM); or a compose service sets no `user:` for an image that is not built here' },
  ],
  description:
    'Finds containers whose effective user is root, judged across artifacts: the final stage of a Dockerfile without a non-root `USER` (a base built by another Dockerfile here passes on its user), a Kubernetes container with neither `runAsNonRoot: true` nor a non-zero `runAsUser` whose image is not built by an in-repo Dockerfile with a non-root `USER`, a compose service with `user: root` or building such an image, and a systemd service without `User=`/`DynamicUser=yes`.',
  rationale:
    'A process running as root inside a container is one kernel or runtime bug away from root on the node, can rewrite its own binaries and read every mounted secret. Most services need no root at all.',
  remediation:
    'Add `USER 65532:65532` (a numeric uid) at the end of the final Dockerfile stage or use a non-root base (distroless `:nonroot`, chainguard); in Kubernetes also set `securityContext.runAsNonRoot: true` (and `runAsUser`) so the kubelet enforces it; in systemd set `User=` or `DynamicUser=yes`.',
  remediationByKind: {
    compose: 'Set `user: "65532:65532"` (a numeric uid) on the service, or build its image with a final `USER 65532:65532` so every runtime gets a non-root user.',
    systemd: 'Set `User=` to a dedicated account, or `DynamicUser=yes`, in the unit\'s [Service] section.',
  },
  differences:
    'hadolint DL3002 reports a stage whose last `USER` is root in any stage, builder stages included (its tests: "warns on multiple stages"), and never a stage without `USER`. ' +
    'This rule judges only the stage the image runs (the final stage, or the build target a workload names), since builder stages are not shipped, and also reports a final stage with no `USER` at all (the image runs as root by default), following the base image when another Dockerfile in the repository builds it. ' +
    'It does not report images that never run a process of their own: a `FROM scratch` image that only copies data in (no CMD/ENTRYPOINT, nothing executable), ' +
    'and it reports builder and CI images (`Dockerfile.builder`, `ci/`, `LABEL purpose=builder`, an image other Dockerfiles here use only in builder stages) and base images other Dockerfiles here build FROM at low, with the reason. ' +
    'In a Dockerfile fragment (instructions before any FROM) the base image is unknown, so only an explicit `USER root` is reported; hadolint judges fragments the same way.',
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3002',
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    'https://docs.docker.com/reference/dockerfile/#user',
    'https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#DynamicUser=',
  ],
  tags: ['security', 'containers', 'kubernetes', 'dockerfile', 'compose', 'systemd', 'cross-artifact'],
  reads: ['imageBuilds', 'workloads'],
  kinds: ['dockerfile', 'kubernetes', 'compose', 'systemd'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nCOPY app /usr/local/bin/app\nCMD ["app"]',
    good: 'FROM gcr.io/distroless/cc-debian12\nCOPY app /usr/local/bin/app\nUSER 65532:65532\nCMD ["app"]',
  },
  check(ctx) {
    const nonRoot = ctx.config.nonRootImages;

    // Dockerfiles: the final stage only (builder stages may be root).
    for (const b of ctx.model.imageBuilds) {
      // A devcontainer is a developer workstation, not a deployed image; a data-only image runs no process at all.
      if (b.purpose.kind === 'devcontainer' || b.purpose.role.kind === 'data') continue;
      const v = stageUser(b, nonRoot);
      if (!v || v.kind !== 'root') continue;
      // Who runs the image in this repo, and do they all override the user?
      const overriding = b.usedBy.filter((c) => overridesToNonRoot(c));
      const allOverride = b.usedBy.length > 0 && overriding.length === b.usedBy.length;
      const related: RelatedLocation[] = allOverride
        ? overriding.map((c) => ({ location: (c.security.runAsUser ?? c.security.runAsNonRoot ?? c.security.userName)?.location ?? c.location, message: `${describe(c)} overrides the user` }))
        : [];
      const what = v.explicit ? `sets USER ${v.name} in its final stage` : 'has no USER in its final stage, so the image runs as root';
      const fix = 'Add `USER 65532:65532` (or another numeric non-root uid) after the last RUN that needs root.';
      const dropping = !v.explicit && keepsPrivilegeDroppingEntrypoint(b);
      const dev = b.purpose.kind === 'dev';
      const role = b.purpose.role;
      const notRuntime = role.kind === 'builder' || role.kind === 'base' ? role : undefined;
      if (notRuntime?.at && notRuntime.at.path !== b.file.path) related.push({ location: notRuntime.at, message: notRuntime.kind === 'base' ? 'built FROM this image here' : 'used as a builder base here' });
      let message: string;
      if (notRuntime) message = `This Dockerfile ${what}, but it is ${notRuntime.kind === 'base' ? 'a base image, not run by itself' : 'a builder image, not a runtime image'}: ${notRuntime.why}. ${notRuntime.kind === 'base' ? 'Images built FROM it inherit root unless they set USER. ' : ''}${fix}`;
      else if (allOverride) message = `This Dockerfile ${what}. Every workload in this repo that runs it overrides the user, but \`docker run\` and any other deployment of the image get root. ${fix}`;
      else if (dropping) message = `This Dockerfile ${what}; the base image's entrypoint starts as root and then drops to its service account, so only the entrypoint runs as root. A pod with \`runAsNonRoot: true\` still refuses it. ${fix}`;
      else if (dev) message = `This development Dockerfile ${what}. Fine on a laptop, but do not deploy this image. ${fix}`;
      else message = `This Dockerfile ${what}: a compromised process gets root in the container and is one kernel or runtime bug away from the node. ${fix}`;
      ctx.report({
        at: v.at,
        message,
        related,
        key: `${b.file.path} final-stage USER`,
        severity: allOverride || dropping || dev || notRuntime ? 'low' : undefined,
      });
    }

    for (const c of containersOf(ctx.model, ['kubernetes', 'compose', 'systemd'])) {
      if (c.workload.platform === 'kubernetes') checkKubernetes(c);
      else if (c.workload.platform === 'compose') checkCompose(c);
      else checkSystemd(c);
    }

    function checkKubernetes(c: Container): void {
      const s = c.security;
      const initNote = c.init ? ' For an init container that only fixes volume ownership, set pod `securityContext.fsGroup` instead of running chown as root.' : '';
      const initSeverity: Severity | undefined = c.init ? 'medium' : undefined;
      if (s.runAsUser?.value === 0) {
        ctx.report({
          at: s.runAsUser.location,
          message: `${cap(describe(c))} runs as root (runAsUser: 0): a compromised process gets root in the container and is one kernel or runtime bug away from the node. Use a non-zero uid and \`runAsNonRoot: true\`.${initNote}`,
          key: secKey(c, 'runAsUser'),
          severity: initSeverity,
        });
        return;
      }
      if ((s.runAsUser && s.runAsUser.value > 0) || s.runAsNonRoot?.value === true) return;
      // Neither setting: the image decides. An in-repo Dockerfile with a non-root USER settles it.
      const related: RelatedLocation[] = [];
      let why = 'so it runs as whatever user the image declares, root for most images';
      if (evidencedBuild(c)) {
        const v = containerImageUser(c, nonRoot);
        if (v?.kind === 'nonroot') return;
        if (v) related.push(stageUserRelated(v));
        why = v?.kind === 'root' ? 'and its image, built by the Dockerfile in this repo, runs as root' : "and its image's user cannot be determined statically";
      } else if (c.image && imageMatches(c.image, nonRoot)) {
        return;
      } else if (c.imageBuild) {
        // Only a name links them: say what the Dockerfile would mean, but do not let a guess clear the finding.
        related.push(guessedBuildRelated(c, containerImageUser(c, nonRoot)));
      }
      ctx.report({
        at: s.runAsNonRoot?.value === false ? s.runAsNonRoot.location : c.location,
        message: `${cap(describe(c))} sets neither \`runAsNonRoot: true\` nor a non-zero \`runAsUser\`, ${why}. Set \`securityContext.runAsNonRoot: true\` and \`runAsUser\` (pod or container level) so the kubelet refuses to start it as root.${initNote}`,
        related,
        key: secKey(c, 'runAsNonRoot'),
        severity: initSeverity,
      });
    }

    function checkCompose(c: Container): void {
      const s = c.security;
      const explicitRoot = s.runAsUser?.value === 0 ? s.runAsUser : s.userName?.value === 'root' ? s.userName : undefined;
      if (explicitRoot) {
        ctx.report({
          at: explicitRoot.location,
          message: `${cap(describe(c))} runs as root (user: ${explicitRoot.value}). Run it as a non-root uid, e.g. \`user: "65532:65532"\`.`,
          key: `${c.logicalPath}.user`,
        });
        return;
      }
      if (s.runAsUser || s.userName) return; // some other user
      if (evidencedBuild(c)) {
        const v = containerImageUser(c, nonRoot);
        if (!v || v.kind !== 'root') return;
        ctx.report({
          at: c.location,
          message: `${cap(describe(c))} sets no \`user:\` and runs an image built by the Dockerfile in this repo, whose ${stageLabel(c)} runs as root. Add a non-root \`USER\` to that stage or \`user: "65532:65532"\` to the service.`,
          related: [stageUserRelated(v)],
          key: `${c.logicalPath}.user`,
        });
        return;
      }
      if (c.image && imageMatches(c.image, nonRoot)) return;
      if (!c.image && !c.workload.build) return;
      ctx.report({
        at: c.location,
        message: `${cap(describe(c))} sets no \`user:\`, so it runs as whatever user ${c.image ? `the image ${c.image.raw}` : 'its image'} declares, root for most images. Set \`user:\` to a non-root uid if the image supports it.`,
        key: `${c.logicalPath}.user`,
        severity: 'low',
      });
    }

    function checkSystemd(c: Container): void {
      const s = c.security;
      if (s.runAsNonRoot?.value === true) return; // DynamicUser=yes
      if (s.runAsUser?.value === 0) {
        ctx.report({
          at: s.runAsUser.location,
          message: `${cap(describe(c))} runs as root (\`User=\` names root). Use a dedicated account or \`DynamicUser=yes\`.`,
          key: `${c.logicalPath}.User`,
        });
        return;
      }
      if (s.runAsUser || s.userName) return;
      ctx.report({
        at: c.workload.anchor,
        message: `${cap(describe(c))} has no \`User=\` and no \`DynamicUser=yes\`, so it runs as root with every capability. Add \`DynamicUser=yes\` (or \`User=\` with a dedicated account).`,
        key: `${c.logicalPath}.User`,
      });
    }
  },
});

/** A related location for a Dockerfile linked to the container by name only. */
function guessedBuildRelated(c: Container, v: ReturnType<typeof containerImageUser>): RelatedLocation {
  const b = c.imageBuild!;
  const user = v?.kind === 'nonroot' ? `runs as ${v.name}` : v?.kind === 'root' ? 'runs as root' : "user cannot be determined statically";
  return {
    location: v?.at ?? b.file.lines.lineLocation(b.file.path, 1),
    message: `${b.file.path} may build this image (its name matches, but no build in the repository tags ${c.image?.repository ?? 'it'}); its final stage ${user}`,
  };
}

/** The Kubernetes/compose settings force a non-root user regardless of the image. */
function overridesToNonRoot(c: Container): boolean {
  const s = c.security;
  if (s.runAsUser) return s.runAsUser.value > 0;
  if (c.workload.platform === 'compose') return s.userName !== undefined && s.userName.value !== 'root' && !s.userName.value.includes('$');
  return false; // runAsNonRoot alone on a root image makes the pod fail; it is no override
}

/** `final stage`, or `build target "dev"` when the container runs another stage. */
function stageLabel(c: Container): string {
  const stage = c.imageStage;
  return stage && stage !== c.imageBuild?.finalStage && stage.name ? `build target "${stage.name.value}"` : 'final stage';
}
