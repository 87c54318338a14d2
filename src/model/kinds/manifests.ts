/**
 * Kubernetes manifests, compose files and YAML whose name says nothing:
 * each document is classified by its content (compose services, Kubernetes
 * objects, skaffold config) and lifted by the matching lifter. The file's kind
 * as decided by content is recorded with `classify`, never written into the
 * SourceFile.
 */
import type { ArtifactKind } from '../../base/artifact-kind.js';
import type { SkaffoldArtifact } from '../link.js';
import { templatedYamlReason } from '../templated-yaml.js';
import type { BuildState } from './state.js';

export async function lift(state: BuildState): Promise<void> {
  const { model, of } = state;
  const files = [...of('kubernetes'), ...of('yaml'), ...of('compose')];
  if (files.length === 0) return;
  const y = await state.yaml();
  const k8s = await import('../lift-kubernetes.js');
  const { liftCompose, isComposeDocument } = await import('../lift-compose.js');
  const lift = k8s.emptyKubernetesLift();

  for (const f of files) {
    if (state.patchFiles.has(f.path)) {
      model.notEvaluated.push({ path: f.path, reason: 'Kustomize patch: a partial resource, checked only once overlays are built' });
      continue;
    }
    if (f.kind !== 'compose' && hasGoTemplate(f.text.slice(0, 200_000))) {
      model.notEvaluated.push({ path: f.path, reason: templatedYamlReason(f.path, f.text) });
      continue;
    }
    const docs = y.parse(f, '1.1');
    let isCompose = f.kind === 'compose';
    let isK8s = false;
    docs.forEach((d, i) => {
      if (y.plain(f, d) === undefined && d.contents) return; // alias bomb or similar: already reported
      if (!isCompose && isComposeDocument(d, f)) isCompose = true;
      if (isCompose) {
        model.workloads.push(...liftCompose(d, f, model.secrets));
        return;
      }
      for (const o of k8s.objectsOf(d, f, i)) {
        if (o.apiVersion.startsWith('skaffold/')) {
          const artifacts = skaffoldArtifacts(o.value, f.path);
          state.skaffold.push(...artifacts);
          // skaffold deploys the images it builds under immutable tags it computes.
          for (const a of artifacts) model.imageOverrides.push({ name: a.image, setsTag: true, setsDigest: true, source: 'skaffold', location: o.kindLocation });
          continue;
        }
        isK8s = true;
        k8s.liftKubernetes([o], lift);
      }
    });
    const kind: ArtifactKind = isCompose ? 'compose' : isK8s ? 'kubernetes' : f.kind;
    if (kind !== f.kind) state.classify(f, kind);
  }
  for (const p of lift.problems) state.ctx.parseError(p.file, p.location, p.message);
  model.k8sObjects.push(...lift.objects);
  if (lift.objects.some((o) => o.kind === 'VirtualService' || o.kind === 'Rollout' || o.kind === 'Canary')) {
    const { liftTrafficRoute, liftProgressiveDelivery } = await import('../lift-rollout.js');
    for (const o of lift.objects) {
      const route = liftTrafficRoute(o);
      if (route) model.trafficRoutes.push(route);
      const pd = liftProgressiveDelivery(o);
      if (pd) model.progressiveDeliveries.push(pd);
    }
  }
  model.workloads.push(...lift.workloads);
  model.services.push(...lift.services);
  model.pdbs.push(...lift.pdbs);
  model.hpas.push(...lift.hpas);
  model.k8sSecrets.push(...lift.secrets);
  model.secrets.push(...lift.secretValues);
}

/** Artifacts of the main build and of every profile. */
function skaffoldArtifacts(v: Record<string, unknown>, path: string): SkaffoldArtifact[] {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const profiles = Array.isArray(v['profiles']) ? (v['profiles'] as Array<{ build?: unknown } | null>) : [];
  const builds = [v['build'], ...profiles.map((p) => p?.build)] as Array<{ artifacts?: unknown } | undefined>;
  const list = builds.flatMap((b) => (Array.isArray(b?.artifacts) ? (b!.artifacts as Array<Record<string, unknown>>) : []));
  return list.flatMap((a) =>
    typeof a['image'] === 'string'
      ? [{ image: a['image'] as string, context: typeof a['context'] === 'string' ? (a['context'] as string) : '.', dockerfile: (a['docker'] as { dockerfile?: string } | undefined)?.dockerfile, dir }]
      : [],
  );
}

/** `{{` followed somewhere by `}}`: one pass, where `/\{\{[\s\S]*?\}\}/` rescans the rest of the text from every `{{`. */
function hasGoTemplate(text: string): boolean {
  const open = text.indexOf('{{');
  return open !== -1 && text.indexOf('}}', open + 2) !== -1;
}
