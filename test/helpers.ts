/** Shared test helpers: temporary repositories and an in-process CLI runner. */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanDirectory } from '../src/api.js';
import type { Model } from '../src/model/types.js';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Source of a plugin module defining one test-only rule whose check body is
 * `check` (JavaScript, with `ctx` in scope): the masking tests load such
 * plugins to make rules quote what they must never print raw.
 */
export function testPluginSource(id: string, title: string, severity: string, check: string): string {
  return `
export default {
  id: ${JSON.stringify(id)},
  title: ${JSON.stringify(title)},
  severity: ${JSON.stringify(severity)},
  description: 'Test-only rule that quotes scanned text in its findings.',
  rationale: 'Only used by the test suite to prove report formats mask secret values.',
  remediation: 'Nothing to fix: this rule exists for tests and is loaded as a plugin.',
  references: ['https://example.com/'],
  tags: [],
  status: 'stable',
  reads: [],
  kinds: [],
  check(ctx) {
${check}
  },
};
`;
}

/** Creates a temporary directory holding `files` (path → content). */
export function makeRepo(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const BIN = join(PROJECT_ROOT, 'bin', 'shipshape.js');

/**
 * Runs the shipped CLI — `bin/shipshape.js` and the esbuild bundle it loads,
 * exactly what users run — in a child process with captured output. The
 * environment is minimal (PATH and HOME) plus `env`, so a developer's
 * NO_COLOR or CI variables never change a result. `tty: true` runs it under
 * util-linux `script`, on a real pseudo-terminal (stdout and stderr merged).
 */
export async function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean; input?: string } = {}): Promise<CliRun> {
  assertBundleFresh();
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? tmpdir(), ...opts.env };
  const cwd = opts.cwd ?? PROJECT_ROOT;
  if (opts.tty) {
    const cmd = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
    const r = await spawnCollect('script', ['-qec', cmd, '/dev/null'], { cwd, env });
    return { ...r, stdout: r.stdout.replace(/\r\n/g, '\n') };
  }
  return spawnCollect(process.execPath, [BIN, ...args], { cwd, env, input: opts.input });
}

function spawnCollect(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

let bundleChecked = false;

/** Fails loudly when dist/ is missing or older than the sources, instead of testing a stale bundle. */
function assertBundleFresh(): void {
  if (bundleChecked) return;
  const bundle = join(PROJECT_ROOT, 'dist', 'cli.mjs');
  if (!existsSync(bundle)) throw new Error('dist/cli.mjs is missing: run `npm run build` (npm test does it) before the CLI tests');
  const built = statSync(bundle).mtimeMs;
  const newest = Math.max(...['src', 'rules'].map((d) => newestMtime(join(PROJECT_ROOT, d))));
  if (newest > built) throw new Error('dist/ is older than src/ or rules/: run `npm run build` (npm test does it) before the CLI tests');
  bundleChecked = true;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let sarifValidator: ((doc: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates against the official SARIF 2.1.0 schema (test/schemas), compiled once. */
export async function validateSarif(doc: unknown): Promise<string[]> {
  if (!sarifValidator) {
    // Both are CommonJS: their default export is the module itself under NodeNext typing.
    type AjvLike = { compile(schema: unknown): ((doc: unknown) => boolean) & { errors?: unknown } };
    const Ajv4 = (await import('ajv-draft-04')).default as unknown as new (opts: object) => AjvLike;
    const addFormats = (await import('ajv-formats')).default as unknown as (ajv: AjvLike) => void;
    const ajv = new Ajv4({ strict: false, allErrors: true });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/schemas/sarif-2.1.0.json'), 'utf8'));
    sarifValidator = ajv.compile(schema) as never;
  }
  const ok = sarifValidator!(doc);
  return ok ? [] : ((sarifValidator!.errors as Array<{ instancePath: string; message: string }>) ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

let jsonValidator: ((doc: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates against docs/json-format.schema.json. */
export async function validateJsonReport(doc: unknown): Promise<string[]> {
  if (!jsonValidator) {
    const { Ajv } = await import('ajv');
    const ajv = new Ajv({ strict: false, allErrors: true });
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/json-format.schema.json'), 'utf8'));
    jsonValidator = ajv.compile(schema) as never;
  }
  const ok = jsonValidator!(doc);
  return ok ? [] : ((jsonValidator!.errors as Array<{ instancePath: string; message: string }>) ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Scans `repo` and returns the model the rules saw. */
export async function captureModel(repo: string): Promise<Model> {
  let model: Model | undefined;
  await scanDirectory(repo, {
    configure: (_config, rules) => {
      rules.push({
        id: 'test/capture',
        title: 'capture the model for tests',
        severity: 'info',
        description: 'Test-only rule that records the model it is given.',
        rationale: 'Lets unit tests inspect what the lifters and the linker produced.',
        remediation: 'Nothing: this rule only exists inside the test suite.',
        references: [],
        tags: [],
        status: 'stable',
        reads: [],
        kinds: [],
        check: (ctx) => void (model = ctx.model),
      });
    },
  });
  if (!model) throw new Error('the capture rule did not run');
  return model;
}
