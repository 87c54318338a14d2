import { defineRule } from '../../src/engine/rule.js';
import { formatImage } from '../../src/model/image-ref.js';
import { realProgramName } from '../../src/model/package-installs.js';
import { finalLineage } from '../../src/model/stages.js';
import { spanOf, stageWords } from './_wording.js';
import { toolchainOf } from '../../src/model/toolchain.js';

export default defineRule({
  id: 'dockerfile/toolchain-in-runtime-image',
  formerIds: ['image/toolchain-in-runtime-image'],
  title: 'Runtime image ships a build toolchain',
  severity: 'medium',
  status: 'stable',
  description:
    'Finds a final stage whose base is a build toolchain image (`rust`, `golang`, `maven`, `gradle`, `*-sdk`, JDK images, or `node` when it only runs a compiled binary), or that compiles with `cargo build`/`go build` itself: a single-stage build that ships the compiler. ' +
    'Dockerfiles for dev containers and CI images (`.devcontainer/`, `Dockerfile.dev`, `ci.Dockerfile` ...), builder images (`Dockerfile.builder`, `LABEL purpose=builder`, an image other Dockerfiles here only use in builder stages) and data-only `FROM scratch` images are skipped, ' +
    'and so are a fragment\'s instructions before any FROM, which may belong to a builder stage of the assembled file.',
  rationale:
    'Toolchain images weigh 500 MB–2 GB and carry compilers, package managers and hundreds of packages the service never uses: every rollout and node scale-up pulls them, ' +
    'image scans report CVEs in code that never runs, and an attacker who gets in finds a full build environment.',
  remediation:
    'Use a multi-stage build: compile in a `FROM rust:<version> AS builder` stage, then `FROM gcr.io/distroless/cc-debian12` (or `debian:<release>-slim`, `scratch` for static binaries) and `COPY --from=builder` only the binary.',
  references: ['https://docs.docker.com/build/building/multi-stage/', 'https://github.com/GoogleContainerTools/distroless'],
  tags: ['dockerfile', 'image-size', 'attack-surface', 'multi-stage'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --locked\nCMD ["/app/target/release/api"]',
    good: 'FROM rust:1.75-slim AS builder\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --locked\n\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=builder /app/target/release/api /api\nUSER 65532:65532\nCMD ["/api"]',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      const final = build.finalStage;
      // Builder, CI and data-only images are not what a service runs.
      if (!final || build.purpose.tooling || build.purpose.role.kind === 'builder' || build.purpose.role.kind === 'data') continue;
      const base = final.rootBase;
      const kind = base && base.resolved ? toolchainOf(base, final) : undefined;
      if (base && kind) {
        ctx.report({
          at: base.location,
          message:
            `The final stage runs on ${formatImage(base)}, a ${kind} toolchain image: the compiler and its packages ship with the service (hundreds of MB to pull on every rollout, CVEs in code that never runs). ` +
            'Build in a separate stage and copy only the artifact into a slim, distroless or scratch runtime stage.',
          key: `final FROM ${base.repository} toolchain`,
        });
        continue;
      }
      // The final image compiles itself: `cargo build` / `go build` in a stage that ships.
      for (const stage of finalLineage(build)) {
        // A fragment's instructions before FROM may belong to a builder stage of the assembled file: whether they ship is unknown.
        if (stage.implicit) continue;
        const hit = stage.runs.flatMap((r) => r.script.commands).find((c) => {
          const n = realProgramName(c);
          const sub = c.argv.find((w, i) => i > 0 && !w.text.startsWith('-') && !w.text.startsWith('+'))?.text;
          return (n === 'cargo' && (sub === 'build' || sub === 'install')) || (n === 'go' && (sub === 'build' || sub === 'install'));
        });
        if (!hit) continue;
        ctx.report({
          at: spanOf(hit.argv[0]!.location, hit.argv[Math.min(hit.argv.length - 1, 1)]!.location),
          message:
            `${stageWords(build, stage)[0]!.toUpperCase()}${stageWords(build, stage).slice(1)} runs \`${hit.argv.slice(0, 2).map((w) => w.text).join(' ')}\` and is part of the shipped image, so the toolchain and build cache ship with the service. ` +
            'Compile in a builder stage and `COPY --from=builder` only the binary into a slim, distroless or scratch runtime stage.',
          key: `${stage.name?.value ?? stage.index} RUN ${hit.argv.slice(0, 2).map((w) => w.text).join(' ')}`,
        });
        break;
      }
    }
  },
});
