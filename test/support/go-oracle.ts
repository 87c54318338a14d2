/**
 * Client for the Go render oracle (test/oracle/render.go): real text/template + Sprig + Helm's
 * functions. Built once per test process into a temp dir from Debian's Go packages (GOPATH mode,
 * nothing downloaded). Protocol: test/oracle/README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface OracleTemplate {
  name: string;
  text: string;
}

/** `data` is Helm's top-level object: {Values, Release, Chart, Capabilities, Files, Template, Subcharts?}. */
export interface OracleJob {
  template: string;
  data: unknown;
}

export type OracleResult = { template: string; output: string; error?: undefined } | { template: string; error: string; output?: undefined };

const GOPATH = '/usr/share/gocode';
const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', 'oracle', 'render.go');

let built: { binary?: string; reason?: string } | undefined;

function build(): { binary?: string; reason?: string } {
  if (built) return built;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) return (built = { reason: 'Go toolchain not installed (run test/oracle/install-deps.sh)' });
  if (!existsSync(join(GOPATH, 'src/github.com/Masterminds/sprig'))) {
    return (built = { reason: 'Sprig Go sources not installed (golang-github-masterminds-sprig-dev; run test/oracle/install-deps.sh)' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-oracle-'));
  const binary = join(dir, 'render');
  const r = spawnSync('go', ['build', '-o', binary, source], {
    encoding: 'utf8',
    cwd: dirname(source),
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOPROXY: 'off', GOCACHE: process.env.GOCACHE ?? join(dir, 'cache') },
    timeout: 300_000,
  });
  if (r.status !== 0) return (built = { reason: `oracle build failed: ${(r.stderr || String(r.error)).trim().slice(0, 500)}` });
  return (built = { binary });
}

/** undefined when the oracle can run; otherwise why not (the test skips with it). */
export function oracleAvailable(): string | undefined {
  return build().reason;
}

/** Parses `templates` as one set (in order) and runs each job; one result per job, in order. */
export function renderWithOracle(templates: OracleTemplate[], jobs: OracleJob[], options: { strict?: boolean } = {}): OracleResult[] {
  const b = build();
  if (!b.binary) throw new Error(b.reason);
  const r = spawnSync(b.binary, [], {
    input: JSON.stringify({ templates, jobs, strict: options.strict ?? false }),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr || String(r.error)}`);
  return (JSON.parse(r.stdout) as { results: OracleResult[] }).results;
}
