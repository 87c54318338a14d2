import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import {
  buildHealthcheck, composeHealthcheckCommand, containerStage, imageWithoutShell, neededTool, probedContainers, stageCopiesTool, stageWithoutShell,
} from '../../src/model/probe-facts.js';
import type { BuildStage, Container, Location, Probe } from '../../src/model/types.js';
import { probeField, probeKey } from './_wording.js';

/** What the image lacks and where that is decided, for a container's exec command. */
function missingTool(c: Container, argv: string[], viaShell: boolean): { tool: string; why: string; at?: Location } | undefined {
  const tool = neededTool(argv, viaShell);
  if (!tool) return undefined;
  const stage = containerStage(c);
  if (stage) {
    const noShell = stageWithoutShell(stage);
    if (!noShell || stageCopiesTool(stage, tool)) return undefined;
    return { tool, why: `its image is built by ${c.imageBuild!.file.path} ${noShell.scratch ? 'FROM scratch' : `FROM ${noShell.base!.raw}`}, which has no shell or tools`, at: noShell.at };
  }
  if (c.image && imageWithoutShell(c.image)) return { tool, why: `its image ${c.image.raw} is distroless, with no shell or tools` };
  return undefined;
}

function effect(p: Probe, compose: boolean): string {
  if (compose) return 'the container is marked unhealthy for good, and services waiting on `service_healthy` never start';
  if (p.type === 'readiness') return 'the pod never becomes ready';
  if (p.type === 'startup') return 'the startup probe never passes and the kubelet restarts the container over and over';
  return 'the kubelet restarts the container over and over';
}

function stageLabel(s: BuildStage): string {
  return s.base?.scratch ? 'FROM scratch' : `FROM ${s.rootBase?.raw ?? s.base?.raw ?? '?'}`;
}

export default defineRule({
  id: 'probes/exec-probe-without-shell',
  title: 'Health check needs a shell or tool the image does not have',
  severity: 'high',
  status: 'preview',
  description:
    'Finds exec probes, compose healthchecks and Dockerfile `HEALTHCHECK`s that run a shell (`sh -c`, shell form, `CMD-SHELL`) or a tool such as `curl` or `wget` in an image built from a distroless or `scratch` final stage, which has neither. The image is linked to the Dockerfile in this repository that builds it (or named as distroless).',
  rationale:
    'A distroless or scratch image contains the application and its libraries, no `/bin/sh`, no `curl`. A check that needs them fails with "executable file not found" every time: a liveness probe restarts the container forever, a readiness probe keeps it out of every Service, and a Docker healthcheck marks it unhealthy, so `depends_on: service_healthy` waits for ever. Nothing in the manifest looks wrong; only the image says so.',
  remediation:
    'Use an httpGet, tcpSocket or grpc probe (they need nothing in the image), or ship a small health-check binary and call it in exec form (`["/app/healthcheck"]`, `grpc_health_probe`); in a Dockerfile, `HEALTHCHECK CMD ["/app/healthcheck"]`.',
  references: ['https://github.com/GoogleContainerTools/distroless#debug-images', 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-liveness-command', 'https://docs.docker.com/reference/dockerfile/#healthcheck'],
  tags: ['probes', 'correctness', 'availability', 'cross-artifact', 'kubernetes', 'compose', 'dockerfile'],
  reads: ['workloads', 'imageBuilds'],
  kinds: ['kubernetes', 'compose', 'dockerfile'],
  example: {
    language: 'dockerfile',
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /api ./cmd/api\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /api /api\nHEALTHCHECK CMD curl -f http://localhost:8080/healthz || exit 1\nENTRYPOINT ["/api"]\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /api ./cmd/api\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /api /api\nHEALTHCHECK CMD ["/api", "healthcheck"]\nENTRYPOINT ["/api"]\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes' && w.platform !== 'compose') continue;
      const compose = w.platform === 'compose';
      for (const c of compose ? w.containers : probedContainers(w)) {
        for (const p of [c.probes.liveness, c.probes.readiness, c.probes.startup] as Array<Probe | undefined>) {
          if (!p || p.kind !== 'exec' || !p.command) continue;
          const cmd = compose ? composeHealthcheckCommand(p) : { viaShell: false, argv: p.command };
          if (!cmd) continue;
          const m = missingTool(c, cmd.argv, cmd.viaShell);
          if (!m) continue;
          const what = compose ? 'healthcheck' : probeField(p.type);
          report({
            at: p.commandLocation ?? p.location,
            message: `${cap(describe(c))} has a ${what} that runs \`${m.tool}\`${cmd.viaShell ? ' (CMD-SHELL runs /bin/sh)' : ''}, but ${m.why}: the check can never succeed, so ${effect(p, compose)}.`,
            related: m.at ? [{ location: m.at, message: 'the final stage without a shell' }] : undefined,
            key: compose ? `${c.logicalPath}.healthcheck.test` : probeKey(c, p.type, '.exec'),
          });
        }
      }
    }
    for (const b of model.imageBuilds) {
      const stage = b.finalStage;
      const hc = buildHealthcheck(b);
      if (!stage || !hc || hc.none) continue;
      // Only the final stage's own HEALTHCHECK; an inherited one is reported where it is written.
      if (!stage.healthcheck || stage.healthcheck.location !== hc.location) continue;
      const noShell = stageWithoutShell(stage);
      if (!noShell) continue;
      const tool = neededTool(hc.argv, hc.form === 'shell');
      if (!tool || stageCopiesTool(stage, tool)) continue;
      report({
        at: hc.location,
        message: `HEALTHCHECK in ${b.file.path} runs \`${tool}\`${hc.form === 'shell' ? ' (the shell form runs /bin/sh -c)' : ''}, but the final stage is built ${stageLabel(stage)}, which has no shell or tools: the check can never succeed, so the container is marked unhealthy for good.`,
        related: [{ location: noShell.at, message: 'the final stage without a shell' }],
        key: `${b.file.path} HEALTHCHECK`,
      });
    }
  },
});
