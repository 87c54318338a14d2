import { defineRule } from '../../src/engine/rule.js';
import { pauseSeconds } from '../../src/model/rollout-facts.js';
import { obj, objKey } from './_words.js';

const ro = (steps: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: api }\nspec:\n  replicas: 4\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: "ghcr.io/acme/api:1.4.2" }]\n  strategy:\n    canary:\n      steps:\n${steps}`;

export default defineRule({
  id: 'rollout/argo-invalid-steps',
  title: 'Argo Rollouts plan that cannot run as written',
  severity: 'high',
  status: 'preview',
  description: 'Finds Argo Rollouts canary steps with `setWeight` outside 0-100 or lower than an earlier step, `pause` steps with a non-positive duration, and strategies whose Services are the same or are not declared next to the Rollout.',
  rationale:
    'The controller rejects a weight outside 0-100 and a non-positive pause, leaving the Rollout degraded; a decreasing weight shifts traffic back to the old version in the middle of a canary, which is rarely meant. A blue-green Rollout whose `activeService` equals its `previewService` cannot preview anything, and a Service the strategy names but that does not exist stops the rollout (`service not found`). Missing Services are only reported when Services are declared next to the Rollout.',
  remediation: 'Use increasing weights between 0 and 100, `pause: {}` (wait for promotion) or a positive duration, and distinct, declared Services for the strategy.',
  references: ['https://argo-rollouts.readthedocs.io/en/stable/features/canary/', 'https://argo-rollouts.readthedocs.io/en/stable/features/bluegreen/'],
  tags: ['kubernetes', 'rollout', 'deploy-failure'],
  reads: ['progressiveDeliveries'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    bad: ro('        - setWeight: 50\n        - pause: { duration: 10m }\n        - setWeight: 20\n'),
    good: ro('        - setWeight: 20\n        - pause: { duration: 10m }\n        - setWeight: 50\n        - pause: {}\n'),
  },
  check({ model, report }) {
    for (const pd of model.progressiveDeliveries) {
      if (pd.controller !== 'argo-rollouts') continue;
      const name = obj(pd.object);
      let last: number | undefined;
      pd.steps.forEach((s, i) => {
        if (s.kind === 'setWeight' && typeof s.value === 'number') {
          if (s.value < 0 || s.value > 100) {
            report({ at: s.location, message: `${name} step ${i + 1} sets weight ${s.value}, outside 0-100: the controller rejects the plan. Use a percentage between 0 and 100.`, key: `${objKey(pd.object)} steps[${i}].setWeight` });
            return;
          } else if (last !== undefined && s.value < last) {
            report({ at: s.location, message: `${name} step ${i + 1} lowers the canary weight from ${last} to ${s.value}: traffic moves back to the old version mid-rollout. Use increasing weights (abort to roll back).`, key: `${objKey(pd.object)} steps[${i}].setWeight` });
          }
          last = s.value;
        }
        if (s.kind === 'pause') {
          const d = pauseSeconds(s.value);
          if (typeof d === 'number' && d <= 0) {
            report({ at: s.location, message: `${name} step ${i + 1} pauses for ${d} seconds: a pause must be positive (or \`pause: {}\` to wait for promotion). Set a positive duration.`, key: `${objKey(pd.object)} steps[${i}].pause` });
          }
        }
      });
      const active = pd.serviceRefs.find((r) => r.role === 'activeService');
      const preview = pd.serviceRefs.find((r) => r.role === 'previewService');
      if (active && preview && active.name === preview.name) {
        report({ at: preview.location, message: `${name} uses Service ${active.name} as both activeService and previewService: the preview would receive production traffic, and the controller rejects it. Use a separate preview Service.`, key: `${objKey(pd.object)} previewService` });
      }
      const dir = pd.object.file.path.slice(0, pd.object.file.path.lastIndexOf('/') + 1);
      const servicesNear = model.services.some((s) => s.object.file.path.slice(0, s.object.file.path.lastIndexOf('/') + 1) === dir);
      if (!servicesNear || model.notEvaluated.some((n) => n.path.slice(0, n.path.lastIndexOf('/') + 1) === dir)) continue;
      const ns = pd.object.namespace;
      for (const r of pd.serviceRefs) {
        if (r.name.includes('{') || model.services.some((s) => s.name === r.name && (s.namespace === undefined || ns === undefined || s.namespace === ns))) continue;
        report({ at: r.location, message: `${name} names ${r.role} ${r.name}, which is not declared in the scan: the rollout stops with "service not found". Declare the Service or fix the name.`, key: `${objKey(pd.object)} ${r.role}` });
      }
    }
  },
});
