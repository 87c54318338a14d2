import { defineRule } from '../../src/engine/rule.js';
import { destinationRuleSubsets } from '../../src/model/rollout-facts.js';
import { obj, objKey } from './_words.js';

const DR = '---\napiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata: { name: api }\nspec:\n  host: api\n  subsets:\n    - { name: v1, labels: { version: v1 } }\n    - { name: v2, labels: { version: v2 } }\n';
const vs = (a: number, b: number) =>
  `apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: { name: api }\nspec:\n  hosts: [api]\n  http:\n    - route:\n        - destination: { host: api, subset: v1 }\n          weight: ${a}\n        - destination: { host: api, subset: v2 }\n          weight: ${b}\n`;

export default defineRule({
  id: 'rollout/mesh-weights',
  title: 'Istio route weights do not add up, or name an undefined subset',
  severity: 'high',
  status: 'preview',
  description: 'Finds Istio VirtualService routes whose destination weights do not sum to 100, and destinations whose `subset` no DestinationRule for that host in the scan defines.',
  rationale:
    'Istio rejects, or silently renormalises (depending on version), a route whose weights do not add up to 100, so a 90/10 canary may not receive 10%. A subset that no DestinationRule defines has no endpoints: the share of traffic sent to it fails with 503 (`no healthy upstream`). A missing DestinationRule is only reported when the scan declares DestinationRules at all (otherwise they may live elsewhere).',
  remediation: 'Make the weights of each route sum to 100, and define every subset used in a DestinationRule for the host.',
  references: ['https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination', 'https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset'],
  tags: ['kubernetes', 'rollout', 'correctness'],
  reads: ['trafficRoutes'],
  kinds: ['kubernetes'],
  example: { language: 'yaml', bad: `${vs(90, 20)}${DR}`, good: `${vs(90, 10)}${DR}` },
  check({ model, report }) {
    const subsets = destinationRuleSubsets(model);
    for (const r of model.trafficRoutes) {
      r.routes.forEach((route, i) => {
        const ds = route.destinations;
        const weighted = ds.filter((d) => d.weight);
        if (ds.length > 1 && weighted.length > 0) {
          const sum = ds.reduce((n, d) => n + (d.weight?.value ?? 0), 0);
          if (sum !== 100) {
            report({
              at: weighted[0]!.weight!.location,
              message: `${obj(r.object)} route ${route.name ? `"${route.name}"` : `#${i + 1}`} splits traffic ${ds.map((d) => `${d.host}${d.subset ? `/${d.subset}` : ''}=${d.weight?.value ?? 0}`).join(', ')}: the weights sum to ${sum}, not 100, so the split is not what it says (or Istio rejects the route). Make them add up to 100.`,
              related: weighted.slice(1).map((d) => ({ location: d.weight!.location, message: `weight of ${d.host}${d.subset ? `/${d.subset}` : ''}` })),
              key: `${objKey(r.object)} routes[${route.name ?? i}].weights`,
            });
          }
        }
        for (const d of ds) {
          if (!d.subset || d.subset.includes('{')) continue;
          const host = d.host.split('.')[0]!;
          const defined = subsets.get(host);
          if (defined ? defined.has(d.subset) : subsets.size === 0) continue;
          report({
            at: d.location,
            message: `${obj(r.object)} sends traffic to subset "${d.subset}" of ${d.host}, which ${defined ? `its DestinationRule does not define (it has ${[...defined].join(', ') || 'no subsets'})` : 'no DestinationRule in the scan defines'}: requests routed there fail with 503. Define the subset.`,
            key: `${objKey(r.object)} routes[${route.name ?? i}].${d.host}.${d.subset}`,
          });
        }
      });
    }
  },
});
