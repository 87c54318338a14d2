/**
 * Benchmarks the PostgreSQL migration pipeline on a directory:
 *   node --import tsx scripts/bench-migrations.ts <dir> [--runs N]
 *
 * Reports the migration SQL found (files, bytes), libpg-query load time
 * (import + WASM init), parse + lift + migration rules time and files/s, and,
 * when squawk is installed outside the repo, squawk's time on the same files in
 * the same run. squawk is never a dependency of this project: install it with
 *   npm i --prefix /tmp/squawk squawk-cli@2.66
 * or point SQUAWK=/path/to/squawk at a binary.
 */
import { defaultConfig } from '../src/config/defaults.js';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { classifyPath } from '../src/discover/kinds.js';
import { LineIndex } from '../src/model/location.js';
import type { SourceFile } from '../src/model/types.js';
import type { ReportInput } from '../src/engine/rule.js';

const args = process.argv.slice(2);
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? '.');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 1) : 3;

function walk(d: string, out: string[]): void {
  for (const name of readdirSync(d)) {
    if (name === 'node_modules' || name === '.git' || name === 'target') continue;
    const p = join(d, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile() && st.size < 8 * 1024 * 1024) out.push(p);
  }
}

const t0 = performance.now();
const paths: string[] = [];
walk(dir, paths);
const files: SourceFile[] = [];
for (const abs of paths) {
  const path = relative(dir, abs).split('\\').join('/');
  const kind = classifyPath(path, new Set());
  if (!kind || kind === 'yaml') continue;
  const text = readFileSync(abs, 'utf8');
  files.push({ path, absPath: abs, kind, text, lines: new LineIndex(text) });
}
const discoverMs = performance.now() - t0;

const { isOtherDialectPath, liftMigrations } = await import('../src/model/lift-migrations.js');
const sqlFiles = files.filter((f) => f.kind === 'sql-migration');
const pgFiles = sqlFiles.filter((f) => !isOtherDialectPath(f.path));
const bytes = pgFiles.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

const sql = await import('../src/parsers/sql.js');
const tLoad = performance.now();
await sql.loadSqlModule();
const loadMs = performance.now() - tLoad;

const { migrationRules } = await import('../rules/migrations/index.js');

async function once(): Promise<{ ms: number; parseErrors: number; findings: number; statements: number }> {
  const t = performance.now();
  let parseErrors = 0;
  const config = defaultConfig();
  const model = await liftMigrations(pgFiles, {
    root: dir,
    allFiles: files,
    config,
    parseError: () => parseErrors++,
  });
  let findings = 0;
  for (const rule of migrationRules) {
    if (!rule.kinds.includes('sql-migration')) continue;
    await rule.check({
      model: { migrations: model, workloads: [] } as never,
      options: rule.options?.defaults ?? {},
      config,
      report: (_f: ReportInput) => findings++,
    });
  }
  return { ms: performance.now() - t, parseErrors, findings, statements: model.files.reduce((n, f) => n + f.statements.length, 0) };
}

// Fresh file objects per run would defeat nothing here: the lifter caches parses per SourceFile object,
// so each run gets new SourceFile copies to measure parsing every time.
const times: number[] = [];
let last = await once();
times.push(last.ms);
for (let i = 1; i < runs; i++) {
  for (let k = 0; k < pgFiles.length; k++) pgFiles[k] = { ...pgFiles[k]!, lines: new LineIndex(pgFiles[k]!.text) };
  last = await once();
  times.push(last.ms);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;

const fmt = (n: number) => n.toFixed(1);
console.log(`directory:            ${dir}`);
console.log(`migration SQL files:  ${pgFiles.length} PostgreSQL (${sqlFiles.length - pgFiles.length} other-dialect files skipped), ${(bytes / 1024).toFixed(0)} KiB, ${last.statements} statements`);
console.log(`discovery + read:     ${fmt(discoverMs)} ms`);
console.log(`libpg-query load:     ${fmt(loadMs)} ms (import + WASM init, once per process)`);
console.log(`parse + lift + rules: ${fmt(median)} ms median of ${runs} (${times.map(fmt).join(', ')}), ${last.parseErrors} parse errors, ${last.findings} findings`);
console.log(`throughput:           ${Math.round(pgFiles.length / (median / 1000))} files/s, ${(bytes / 1024 / 1024 / (median / 1000)).toFixed(2)} MiB/s`);

// ---------------------------------------------------------------- squawk
const squawk = process.env['SQUAWK'] ?? '/tmp/squawk/node_modules/.bin/squawk';
if (!existsSync(squawk)) {
  console.log(`squawk:               not found at ${squawk} (npm i --prefix /tmp/squawk squawk-cli@2.66), no comparison`);
} else {
  const version = spawnSync(squawk, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const list = pgFiles.map((f) => f.absPath);
  // Chunk the file list to stay under the OS argument limit; time every chunk's process.
  const chunks: string[][] = [];
  for (let i = 0; i < list.length; i += 400) chunks.push(list.slice(i, i + 400));
  const sq: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (const c of chunks) spawnSync(squawk, ['--reporter', 'gcc', '--pg-version', '15', ...c], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    sq.push(performance.now() - t);
  }
  sq.sort((a, b) => a - b);
  const sqMedian = sq[Math.floor(sq.length / 2)]!;
  console.log(`squawk:               ${version}, ${fmt(sqMedian)} ms median of ${runs} (${chunks.length} process${chunks.length > 1 ? 'es' : ''} per run), ${Math.round(pgFiles.length / (sqMedian / 1000))} files/s`);
  console.log(`ratio:                shipshape parse+lift+rules / squawk = ${(median / sqMedian).toFixed(2)}; with libpg-query load: ${((median + loadMs) / sqMedian).toFixed(2)}`);
}
