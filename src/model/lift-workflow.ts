/**
 * GitHub Actions workflows and composite actions → Pipeline. Parsed as YAML
 * 1.2 so the `on:` key stays a string.
 */
import type { Document } from 'yaml';
import { YNode } from '../parsers/yaml.js';
import { parseImageRef } from './image-ref.js';
import type { ActionRef, Field, Pipeline, PipelineInput, PipelineJob, PipelineStep, ScalarSource, SourceFile } from './types.js';

export function liftWorkflow(doc: Document, file: SourceFile, kind: Pipeline['kind']): Pipeline | undefined {
  const root = YNode.root(doc, file);
  if (!root?.isMap) return undefined;
  const on = root.get('on') ?? root.get('true');
  const triggers: Field<string>[] = [];
  if (on?.isScalar) triggers.push({ value: on.str() ?? '', location: on.location });
  else if (on?.isSeq) for (const t of on.items()) triggers.push({ value: t.str() ?? '', location: t.location });
  else if (on?.isMap) for (const [k, v] of on.entries()) triggers.push({ value: k, location: v.keyLocation ?? v.location });

  const jobs: PipelineJob[] = [];
  if (kind === 'workflow') {
    for (const [id, j] of root.get('jobs')?.entries() ?? []) jobs.push(liftJob(id, j));
  } else {
    const steps = root.path('runs', 'steps');
    if (steps) {
      jobs.push({ id: '(composite)', needs: [], services: [], steps: steps.items().map(liftStep), env: {}, location: steps.anchor });
    }
  }
  return {
    file,
    kind,
    name: root.get('name')?.str(),
    triggers,
    permissions: plainField(root.get('permissions')),
    concurrency: plainField(root.get('concurrency')),
    jobs,
    env: stringFields(root.get('env')),
    inputs: liftInputs(root, on, kind),
    doc,
  };
}

function liftInputs(root: YNode, on: YNode | undefined, kind: Pipeline['kind']): PipelineInput[] {
  const out: PipelineInput[] = [];
  const add = (inputs: YNode | undefined, trigger: PipelineInput['trigger']) => {
    for (const [name, v] of inputs?.entries() ?? [])
      out.push({ name, trigger, type: (v.isMap ? v.get('type')?.str() : undefined) ?? 'string', location: v.keyLocation ?? v.location });
  };
  if (kind === 'workflow') {
    if (on?.isMap) {
      const d = on.get('workflow_dispatch');
      if (d?.isMap) add(d.get('inputs'), 'workflow_dispatch');
      const c = on.get('workflow_call');
      if (c?.isMap) add(c.get('inputs'), 'workflow_call');
    }
  } else add(root.get('inputs'), 'workflow_call');
  return out;
}

/** Where a scalar is written, for mapping script lines back to the file. */
function scalarSource(n: YNode | undefined): ScalarSource | undefined {
  const node = n?.node as { range?: [number, number, number]; type?: string } | undefined;
  if (!n?.isScalar || !node?.range) return undefined;
  const t = node.type;
  const style = t === 'BLOCK_LITERAL' ? 'literal' : t === 'BLOCK_FOLDED' ? 'folded' : t === 'PLAIN' ? 'plain' : 'quoted';
  return { style, start: node.range[0], end: node.range[1] };
}

function plainField(n: YNode | undefined): Field<unknown> | undefined {
  return n ? { value: n.plain(), location: n.entryLocation } : undefined;
}

function stringFields(n: YNode | undefined): Record<string, Field<string>> {
  const out: Record<string, Field<string>> = {};
  for (const [k, v] of n?.entries() ?? []) out[k] = { value: v.str() ?? '', location: v.location };
  return out;
}

function liftJob(id: string, j: YNode): PipelineJob {
  const container = j.get('container');
  const containerImage = container?.isMap ? container.get('image') : container;
  const env = j.get('environment');
  const envName = env?.isMap ? env.get('name') : env;
  const runsOn = j.get('runs-on');
  return {
    id,
    name: j.get('name')?.str(),
    runsOn: runsOn ? { value: runsOn.strings().join(', '), location: runsOn.entryLocation } : undefined,
    permissions: plainField(j.get('permissions')),
    environment: envName?.str() !== undefined ? { value: envName.str()!, location: envName.entryLocation } : undefined,
    concurrency: plainField(j.get('concurrency')),
    matrix: j.get('strategy')?.get('matrix')?.plain(),
    needs: j.get('needs')?.strings() ?? [],
    container: containerImage?.str() ? parseImageRef(containerImage.str()!, containerImage.location) : undefined,
    services: (j.get('services')?.entries() ?? []).map(([name, s]) => {
      const img = s.isMap ? s.get('image') : s;
      return { name, image: img?.str() ? parseImageRef(img.str()!, img.location) : undefined };
    }),
    uses: j.get('uses') ? actionRef(j.get('uses')!) : undefined,
    steps: (j.get('steps')?.items() ?? []).map(liftStep),
    env: stringFields(j.get('env')),
    with: j.get('uses') ? stringFields(j.get('with')) : undefined,
    secrets: j.get('uses') ? plainField(j.get('secrets')) : undefined,
    location: j.keyLocation ?? j.location,
  };
}

function liftStep(s: YNode, index: number): PipelineStep {
  const run = s.get('run');
  return {
    index,
    name: s.get('name')?.str(),
    id: s.get('id')?.str(),
    uses: s.get('uses') ? actionRef(s.get('uses')!) : undefined,
    run: run?.str() !== undefined ? { value: run.str()!, location: run.location } : undefined,
    runSource: run?.str() !== undefined ? scalarSource(run) : undefined,
    shell: s.get('shell')?.str() !== undefined ? { value: s.get('shell')!.str()!, location: s.get('shell')!.location } : undefined,
    with: stringFields(s.get('with')),
    withSources: withSources(s.get('with')),
    env: stringFields(s.get('env')),
    if: s.get('if')?.str() !== undefined ? { value: s.get('if')!.str()!, location: s.get('if')!.location } : undefined,
    location: s.location,
  };
}

function withSources(n: YNode | undefined): Record<string, ScalarSource> | undefined {
  const out: Record<string, ScalarSource> = {};
  for (const [k, v] of n?.entries() ?? []) {
    const src = scalarSource(v);
    if (src) out[k] = src;
  }
  return Object.keys(out).length ? out : undefined;
}

export function actionRef(n: YNode): ActionRef {
  const raw = n.str() ?? '';
  const location = n.location;
  if (raw.startsWith('docker://')) return { raw, type: 'docker', image: raw.length > 9 ? parseImageRef(raw.slice(9), location) : undefined, location };
  if (raw.startsWith('./') || raw.startsWith('../')) return { raw, type: 'local', path: raw, location };
  const at = raw.indexOf('@');
  const spec = at === -1 ? raw : raw.slice(0, at);
  const ref = at === -1 ? undefined : raw.slice(at + 1);
  const [owner, repo, ...rest] = spec.split('/');
  return { raw, type: 'action', owner, repo, path: rest.length ? rest.join('/') : undefined, ref, location };
}
