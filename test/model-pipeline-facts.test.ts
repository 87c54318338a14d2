/**
 * Pipeline facts: how `uses:` refs are pinned, `run:` scripts with file
 * positions, `${{ }}` expressions and who controls their contexts, job
 * permissions and checkouts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkouts, classifyContext, refersToPrHead, contextsIn, findExpressions, jobPermissions, refKind, remoteUses, stepScripts } from '../src/model/pipeline-facts.js';
import { captureModel, makeRepo } from './helpers.js';

const workflow = `name: t
on:
  pull_request_target:
  workflow_dispatch:
    inputs:
      tag: { type: string }
      dry: { type: boolean }
permissions:
  contents: write
jobs:
  a:
    runs-on: ubuntu-latest
    permissions: read-all
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          persist-credentials: false
      - uses: aquasecurity/trivy-action@master
      - uses: x/y@0123456789abcdef0123456789abcdef01234567
      - name: multi
        run: |
          echo start
            echo "\${{ github.event.issue.title }}" | tee out
      - run: echo \${{ inputs.tag }} \${{ inputs.dry }}
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            console.log("\${{ github.head_ref }}")
`;

describe('pipeline facts', async () => {
  const m = await captureModel(makeRepo({ '.github/workflows/t.yml': workflow }));
  const p = m.pipelines[0]!;
  it('classifies refs', () => {
    assert.equal(refKind('master'), 'branch');
    assert.equal(refKind('v4'), 'tag');
    assert.equal(refKind('1.75.0'), 'tag');
    assert.equal(refKind('releases/v1'), 'branch');
    assert.equal(refKind('0123456789abcdef0123456789abcdef01234567'), 'sha');
    assert.equal(refKind('a1b2c3d'), 'short-sha');
    assert.equal(refKind(undefined), 'none');
    assert.deepEqual(remoteUses(p).map((u) => [u.ref.raw, u.kind, u.firstParty]), [
      ['actions/checkout@v4', 'tag', true],
      ['aquasecurity/trivy-action@master', 'branch', false],
      ['x/y@0123456789abcdef0123456789abcdef01234567', 'sha', false],
      ['actions/github-script@v7', 'tag', true],
    ]);
  });
  it('maps script lines and expressions to file positions', () => {
    const scripts = stepScripts(p);
    const multi = scripts.find((s) => s.step.name === 'multi')!;
    assert.equal(multi.exact, true);
    const e = multi.expressions[0]!;
    assert.equal(e.text, '${{ github.event.issue.title }}');
    assert.deepEqual([e.location.startLine, e.location.startColumn], [24, 19]);
    assert.equal(e.contexts[0]!.control, 'attacker');
    const tee = multi.shell.commands.find((c) => c.argv[0]!.text === 'tee')!;
    assert.deepEqual([tee.location.startLine, tee.location.startColumn], [24, 54]);
    const single = scripts.find((s) => s.text.startsWith('echo ${{ inputs.tag'))!;
    assert.deepEqual(single.expressions.map((x) => [x.contexts[0]!.control, x.location.startLine, x.location.startColumn]), [['dispatch-input', 25, 19], ['safe', 25, 37]]);
    const gs = scripts.find((s) => s.kind === 'github-script')!;
    assert.equal(gs.expressions[0]!.contexts[0]!.control, 'attacker');
    assert.equal(gs.expressions[0]!.location.startLine, 32);
  });
  it('classifies contexts', () => {
    assert.equal(classifyContext('github.event.pull_request.head.sha'), 'safe');
    assert.equal(classifyContext('github.run_number'), 'safe');
    assert.equal(classifyContext('steps.x.outcome'), 'safe');
    assert.equal(classifyContext('steps.x.outputs.y'), 'unknown');
    assert.equal(classifyContext('github.event.commits.0.message'), 'attacker');
    assert.equal(classifyContext('github.event.workflow_run.head_branch'), 'attacker');
    assert.deepEqual(contextsIn("contains(github.event.pull_request.labels.*.name, 'x') && github.event['issue']['title']").map((c) => c.path), ['github.event.pull_request.labels.*.name', 'github.event.issue.title']);
    assert.deepEqual(findExpressions("a ${{ x }} b ${{ '}}' }} ${{ unterminated"), [{ start: 2, end: 10 }, { start: 13, end: 24 }]);
  });
  it('computes job permissions and checkouts', () => {
    const a = jobPermissions(p, p.jobs[0]!);
    assert.deepEqual([a.source, a.readAll, a.writes], ['job', true, []]);
    const b = jobPermissions(p, p.jobs[1]!);
    assert.deepEqual([b.source, b.writes], ['workflow', ['contents']]);
    const [c] = checkouts(p);
    assert.deepEqual([c!.checksOutPrHead, c!.persistsCredentials], [true, false]);
    assert.equal(refersToPrHead('${{ steps.pr.outputs.head_ref }}'), true);
    assert.equal(refersToPrHead('refs/pull/${{ github.event.issue.number }}/head'), true);
    assert.equal(refersToPrHead('${{ github.sha }}'), false);
    assert.equal(refersToPrHead('${{ github.event.pull_request.base.sha }}'), false);
  });
});
