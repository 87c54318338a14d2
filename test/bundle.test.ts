/** The built CLI (what `npx shipshape` runs after `npm ci`): bundle, lazy chunks and the SQL parser's WebAssembly. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT, makeRepo, validateSarif } from './helpers.js';

const BIN = join(PROJECT_ROOT, 'bin', 'shipshape.js');
const run = (args: string[], cwd = PROJECT_ROOT) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('bin/shipshape.js', () => {
  it('prints its version', () => {
    const r = run(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('scans the example repository, SQL migrations included, into valid SARIF', async () => {
    const r = run(['scan', 'examples/rust-service', '-f', 'sarif']);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(await validateSarif(log), []);
    const uris = log.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    assert.ok(uris.some((u: string) => /(^|\/)migrations\//.test(u)), 'the bundled SQL parser ran');
  });

  it('scans a single file given on the command line', () => {
    const repo = makeRepo({ 'Dockerfile': 'FROM debian:12-slim\nUSER 10001\nCMD ["/app"]\n' });
    const r = run(['scan', 'Dockerfile', '-f', 'json'], repo);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).summary.filesScanned, 1);
  });

  it('exits quietly when its reader closes the pipe early', () => {
    // Far more output than a pipe buffers (64 KiB), so writes continue after `head` has gone.
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`svc${i}/Dockerfile`] = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCMD /app\n';
    const repo = makeRepo(files);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" scan "${repo}" | head -1`], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.ok(!/EPIPE|Error/.test(r.stderr), r.stderr);
  });
});
