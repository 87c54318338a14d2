import { defineRule } from '../../src/engine/rule.js';
import { finalLineage } from '../../src/model/stages.js';
import { cap, describe, stageLabel, stageWords } from '../../src/model/labels.js';
import { containersOf } from '../../src/model/image-use.js';

export default defineRule({
  id: 'container/exposed-ssh',
  formerIds: ['image/exposed-ssh'],
  title: 'SSH port exposed',
  severity: 'medium',
  status: 'stable',
  description:
    'Finds port 22 (SSH) opened into a container: `EXPOSE 22` (or a range containing 22) in the shipped image (the final stage and the stages it is built FROM), `containerPort: 22` in Kubernetes, and a compose `ports:` entry whose container side is 22.',
  rationale:
    'An SSH daemon in a container is a second, long-lived entry point with its own credentials to rotate and its own CVEs, and it invites hand-made changes to running containers that the next rollout silently discards.',
  remediation: 'Remove the SSH server and `EXPOSE 22`. Use `kubectl exec`, `docker exec` or an ephemeral debug container for access, and ship changes by rebuilding the image.',
  differences: "- **kube-linter ssh-port, Trivy DS004**: kube-linter looks at `containerPort: 22` and Trivy at `EXPOSE 22`; we report all three places port 22 is opened \u2014 Dockerfile `EXPOSE` in the shipped stages (not in builder stages that never run), Kubernetes `containerPort`, and compose `ports:` whose container side is 22 \u2014 at medium.",
  references: ['https://avd.aquasec.com/misconfig/dockerfile/general/avd-ds-0004/', 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container'],
  tags: ['security', 'attack-surface', 'containers', 'dockerfile', 'kubernetes', 'compose'],
  reads: ['imageBuilds', 'workloads'],
  kinds: ['dockerfile', 'kubernetes', 'compose'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM debian:bookworm-slim\nCOPY server /usr/local/bin/server\nEXPOSE 22 8080\nCMD ["server"]\n',
    good: 'FROM debian:bookworm-slim\nCOPY server /usr/local/bin/server\nEXPOSE 8080\nCMD ["server"]\n',
  },
  check(ctx) {
    for (const build of ctx.model.imageBuilds) {
      for (const stage of finalLineage(build)) {
        for (const e of stage.exposes) {
          if (e.protocol !== 'tcp' || !includes22(e.value)) continue;
          ctx.report({
            at: e.location,
            message: `${cap(stageWords(build, stage))} exposes port 22 (SSH): a second entry point with its own credentials and CVEs. Remove the SSH server; use kubectl/docker exec or an ephemeral debug container.`,
            key: `${stageLabel(stage)} EXPOSE ${e.value}`,
          });
        }
      }
    }
    for (const c of containersOf(ctx.model, ['kubernetes', 'compose'])) {
      for (const p of c.ports) {
        if ((p.protocol ?? 'tcp').toLowerCase() !== 'tcp' || p.containerPort === undefined) continue;
        if (!(p.containerPort <= 22 && 22 <= (p.containerPortEnd ?? p.containerPort))) continue;
        ctx.report({
          at: p.location,
          message: `${cap(describe(c))} opens port 22 (SSH)${c.workload.platform === 'compose' ? ' in its `ports:`' : ' as a containerPort'}: an SSH server in a container is a second entry point with its own credentials and CVEs. Remove it; use ${c.workload.platform === 'compose' ? 'docker exec' : 'kubectl exec or an ephemeral debug container'}.`,
          key: `${c.logicalPath}.ports[22]`,
        });
      }
    }
  },
});

function includes22(value: string): boolean {
  const port = value.split('/')[0]!;
  const m = /^(\d+)(?:-(\d+))?$/.exec(port);
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] ? Number(m[2]) : lo;
  return lo <= 22 && 22 <= hi;
}

