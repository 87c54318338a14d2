import { defineRule } from '../../src/engine/rule.js';
import { cap, describe } from '../../src/model/labels.js';
import { preStopSleep, probedContainers, terminationGrace } from '../../src/model/probe-facts.js';

export default defineRule({
  id: 'probes/termination-grace-too-short',
  title: 'preStop sleep outlasts the termination grace period',
  severity: 'high',
  status: 'preview',
  description:
    'Finds Kubernetes containers whose `preStop` hook sleeps (the `sleep` action, exec `sleep N`, or a shell whose first command is `sleep N`) at least as long as the pod\'s `terminationGracePeriodSeconds` (30 s when not set).',
  rationale:
    'The grace period counts from the start of the preStop hook. When the hook sleeps for all of it, the kubelet sends SIGKILL before the application even receives SIGTERM: in-flight requests are cut, connections are not closed, and work in progress is lost on every rollout and scale-down.',
  remediation: 'Set `terminationGracePeriodSeconds` to the preStop delay plus the time the application needs to finish in-flight work after SIGTERM (e.g. sleep 10, grace 45), or shorten the sleep.',
  references: ['https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution', 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination'],
  tags: ['graceful-shutdown', 'rollout', 'availability', 'kubernetes'],
  reads: ['workloads'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          lifecycle:\n            preStop:\n              exec: { command: ["sleep", "30"] }\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 45\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          lifecycle:\n            preStop:\n              exec: { command: ["sleep", "30"] }\n',
  },
  check({ model, report }) {
    for (const w of model.workloads) {
      if (w.platform !== 'kubernetes') continue;
      const grace = terminationGrace(w);
      for (const c of probedContainers(w)) {
        const sleep = preStopSleep(c);
        if (!sleep || sleep.seconds < grace.seconds) continue;
        report({
          at: sleep.location,
          message: `${cap(describe(c))} sleeps ${sleep.seconds} s in its preStop hook, but the pod's termination grace period is ${grace.seconds} s${grace.field ? '' : ' (the default)'}: the kubelet sends SIGKILL before the application gets SIGTERM, so in-flight requests are cut on every rollout.`,
          related: grace.field ? [{ location: grace.field.location, message: 'the termination grace period' }] : undefined,
          key: `${c.logicalPath}.lifecycle.preStop`,
        });
      }
    }
  },
});
