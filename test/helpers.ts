/** Shared test helpers: temporary repositories and an in-process CLI runner. */
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { scanDirectory } from '../src/api.js';
import type { Model } from '../src/model/types.js';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

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

/** Runs the CLI in-process, exactly as bin/shipshape.js does, with captured output. */
export async function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s) },
    env: opts.env ?? {},
    cwd: opts.cwd ?? PROJECT_ROOT,
  });
  return { code, stdout, stderr };
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
        kinds: [],
        check: (ctx) => void (model = ctx.model),
      });
    },
  });
  if (!model) throw new Error('the capture rule did not run');
  return model;
}
