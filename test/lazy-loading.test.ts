/**
 * Parsers load only when their artifact kind is present (pre-commit start-up).
 * A real scan runs in a child process with a module-resolution hook that
 * records every module the process actually loads; the assertions read that
 * record, not the engine's own bookkeeping, so a rule or lifter that imports
 * a parser statically makes them fail.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT, makeRepo } from './helpers.js';

const PARSER_PACKAGES = ['yaml', 'toml-eslint-parser', 'libpg-query', 'dockerfile-ast', 'ajv'];

/** Runs `shipshape scan ARGS` from the sources in a fresh process; returns the packages it loaded. */
function packagesLoadedBy(args: string[], cwd: string): Set<string> {
  const log = join(mkdtempSync(join(tmpdir(), 'shipshape-loads-')), 'loads.txt');
  const main = pathToFileURL(join(PROJECT_ROOT, 'src/cli/main.ts')).href;
  const script = `const { main } = await import(${JSON.stringify(main)});
process.exitCode = await main(${JSON.stringify(args)}, { stdout: { write() {} }, stderr: process.stderr, env: {}, cwd: ${JSON.stringify(cwd)} });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(join(PROJECT_ROOT, 'test/support/record-loads.mjs')).href, '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, SHIPSHAPE_LOAD_LOG: log },
  });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  // One line per resolution: the resolved URL, then the importing module's.
  const urls = readFileSync(log, 'utf8').split('\n').map((l) => l.split(' ')[0]!);
  const loaded = new Set<string>();
  for (const u of urls) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
    if (m && PARSER_PACKAGES.includes(m[1]!)) loaded.add(m[1]!);
  }
  return loaded;
}

describe('lazy parser loading', () => {
  const repo = makeRepo({
    'Dockerfile': 'FROM debian:12-slim\nUSER 10001\n',
    'k8s/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
    'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n',
    'migrations/20240101000000_init.sql': 'CREATE TABLE t (id bigint);\n',
  });

  it('a one-Dockerfile scan loads the Dockerfile parser and nothing else', () => {
    assert.deepEqual([...packagesLoadedBy(['scan', 'Dockerfile'], repo)].sort(), ['dockerfile-ast']);
  });

  it('a one-manifest scan loads YAML, not TOML, SQL or the Dockerfile parser', () => {
    assert.deepEqual([...packagesLoadedBy(['scan', 'k8s/a.yaml'], repo)].sort(), ['yaml']);
  });

  it('a whole-repository scan loads every parser it needs (the record can see them)', () => {
    const all = packagesLoadedBy(['scan', '.'], repo);
    for (const p of ['yaml', 'toml-eslint-parser', 'libpg-query', 'dockerfile-ast']) assert.ok(all.has(p), `${p} loaded: ${[...all].join(', ')}`);
  });

  it('a config file loads ajv to validate it', () => {
    const withConfig = makeRepo({ 'Dockerfile': 'FROM debian:12-slim\nUSER 10001\n', '.shipshape.yml': 'failOn: high\n' });
    assert.ok(packagesLoadedBy(['scan', 'Dockerfile'], withConfig).has('ajv'));
  });
});
