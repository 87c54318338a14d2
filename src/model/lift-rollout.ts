/**
 * Progressive-delivery and traffic objects: Istio VirtualServices (weighted
 * routes), Argo Rollouts (canary / blue-green plans) and Flagger Canaries.
 */
import { YNode } from '../parsers/yaml.js';
import type { K8sObject, ProgressiveDelivery, TrafficRoute } from './types.js';

export function liftTrafficRoute(o: K8sObject): TrafficRoute | undefined {
  if (o.kind !== 'VirtualService') return undefined;
  const root = new YNode(o.doc, o.node as never, o.file);
  const spec = root.get('spec');
  const routes: TrafficRoute['routes'] = [];
  for (const protocol of ['http', 'tcp', 'tls']) {
    for (const r of spec?.get(protocol)?.items() ?? []) {
      routes.push({
        name: r.get('name')?.str(),
        location: r.location,
        destinations: (r.get('route')?.items() ?? []).map((d) => {
          const w = d.get('weight');
          return {
            host: d.path('destination', 'host')?.str() ?? '',
            subset: d.path('destination', 'subset')?.str(),
            port: d.path('destination', 'port', 'number')?.num(),
            weight: w && w.num() !== undefined ? { value: w.num()!, location: w.entryLocation } : undefined,
            location: d.location,
          };
        }),
      });
    }
  }
  return { object: o, hosts: spec?.get('hosts')?.strings() ?? [], routes, services: [] };
}

export function liftProgressiveDelivery(o: K8sObject): ProgressiveDelivery | undefined {
  const root = new YNode(o.doc, o.node as never, o.file);
  if (o.kind === 'Rollout' && o.apiVersion.startsWith('argoproj.io/')) {
    const strategy = root.path('spec', 'strategy');
    const canary = strategy?.get('canary');
    const blueGreen = strategy?.get('blueGreen');
    const plan = canary ?? blueGreen;
    const serviceRefs: ProgressiveDelivery['serviceRefs'] = [];
    for (const role of ['canaryService', 'stableService', 'activeService', 'previewService']) {
      const n = plan?.get(role);
      if (n?.str()) serviceRefs.push({ role, name: n.str()!, location: n.entryLocation });
    }
    const ref = root.path('spec', 'workloadRef');
    return {
      object: o,
      controller: 'argo-rollouts',
      strategy: canary ? 'canary' : blueGreen ? 'blueGreen' : 'unknown',
      steps: (canary?.get('steps')?.items() ?? []).map((step) => {
        const [kind, value] = step.entries()[0] ?? ['unknown', step];
        return { kind, value: value.plain(), location: step.location };
      }),
      serviceRefs,
      targetRef: ref ? { kind: ref.get('kind')?.str() ?? '', name: ref.get('name')?.str() ?? '', location: ref.entryLocation } : undefined,
      analysis: (canary?.get('analysis') ?? blueGreen?.get('prePromotionAnalysis'))?.anchor,
    };
  }
  if (o.kind === 'Canary' && o.apiVersion.startsWith('flagger.app/')) {
    const ref = root.path('spec', 'targetRef');
    return {
      object: o,
      controller: 'flagger',
      strategy: 'canary',
      steps: [],
      serviceRefs: [],
      targetRef: ref ? { kind: ref.get('kind')?.str() ?? '', name: ref.get('name')?.str() ?? '', location: ref.entryLocation } : undefined,
      analysis: root.path('spec', 'analysis')?.anchor,
    };
  }
  return undefined;
}
