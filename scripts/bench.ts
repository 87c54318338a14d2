/**
 * npm run bench [DIR] [-- --runs N] [--charts CHART_DIR...]
 *
 * Scans DIR (default: a synthetic repository of thousands of artifacts that
 * this script generates in the system temp folder, outside any git work tree) with the built CLI in a fresh process,
 * and prints files, bytes, wall time, files/s and peak RSS; then measures the
 * pre-commit case (one Dockerfile given as a file), a large migration folder
 * given file by file (the pre-commit and --changed-since path) against the
 * same folder given as a directory, and bare start-up.
 * With --charts, each Helm chart folder given is also scanned alone (render
 * included: the issue's targets are whole-process times per chart).
 * Numbers go in docs/performance.md. Never asserted in tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 3) : 3;
const chartsAt = args.indexOf('--charts');
const charts = chartsAt >= 0 ? args.slice(chartsAt + 1).filter((a) => !a.startsWith('--')) : [];
const dirArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs' && (chartsAt < 0 || i < chartsAt));

if (!existsSync(join(ROOT, 'dist', 'cli.mjs'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

const target = dirArg ? resolve(dirArg) : generateSynthetic(join(tmpdir(), 'shipshape-bench', 'synthetic'), 300);
const { files, bytes } = measureTree(target);

const full = median(Array.from({ length: runs }, () => timeScan([target])));
console.log(`repository     ${target}`);
console.log(`files          ${files} (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
console.log(`scan           ${full.wallMs.toFixed(0)} ms wall (median of ${runs}), ${(files / (full.wallMs / 1000)).toFixed(0)} files/s, peak RSS ${(full.maxRssKb / 1024).toFixed(0)} MiB, ${full.findings} findings`);

const one = makeSingleDockerfile(join(tmpdir(), 'shipshape-bench', 'single'));
const single = median(Array.from({ length: 10 }, () => timeScan(['Dockerfile'], one)));
console.log(`one Dockerfile ${single.wallMs.toFixed(0)} ms wall (median of 10), peak RSS ${(single.maxRssKb / 1024).toFixed(0)} MiB`);
const migDir = makeMigrationFolder(join(tmpdir(), 'shipshape-bench', 'migrations'), 1732);
const migFiles = readdirSync(join(migDir, 'migrations')).map((f) => `migrations/${f}`);
const asFiles = median(Array.from({ length: Math.min(runs, 3) }, () => timeScan(migFiles, migDir)));
const asDir = median(Array.from({ length: Math.min(runs, 3) }, () => timeScan(['migrations'], migDir)));
console.log(`${migFiles.length} SQL files as arguments ${asFiles.wallMs.toFixed(0)} ms wall, as a directory ${asDir.wallMs.toFixed(0)} ms wall (median of ${Math.min(runs, 3)})`);
for (const chart of charts) {
  const t = median(Array.from({ length: runs }, () => timeScan([resolve(chart)])));
  console.log(`chart          ${chart}: ${t.wallMs.toFixed(0)} ms wall (median of ${runs}, render included), peak RSS ${(t.maxRssKb / 1024).toFixed(0)} MiB, ${t.findings} findings`);
}
const version = median(Array.from({ length: 10 }, () => timeRun(['--version'])));
console.log(`--version      ${version.wallMs.toFixed(0)} ms wall (median of 10)`);

interface Timing {
  wallMs: number;
  maxRssKb: number;
  findings: number;
}

function timeScan(paths: string[], cwd = ROOT): Timing {
  return timeRun(['scan', ...paths, '-f', 'json', '--fail-on', 'never'], cwd);
}

/** Runs the CLI in a fresh node process; peak RSS comes from the child's own resource usage. */
function timeRun(cliArgs: string[], cwd = ROOT): Timing {
  const probe = `const {main} = await import(${JSON.stringify(join(ROOT, 'dist', 'cli.mjs'))});
let out=''; const code = await main(${JSON.stringify(cliArgs)}, {stdout:{write:(s)=>{out+=s}}, stderr:{write:()=>{}}, env:{}, cwd:${JSON.stringify(cwd)}});
let findings = 0; try { findings = JSON.parse(out).findings.length } catch {}
process.stderr.write(JSON.stringify({code, findings, maxRssKb: process.resourceUsage().maxRSS}));`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const tail = r.stderr.slice(r.stderr.lastIndexOf('{'));
  const info = JSON.parse(tail) as { code: number; findings: number; maxRssKb: number };
  if (info.code > 1) throw new Error(`scan failed with exit ${info.code}`);
  return { wallMs, maxRssKb: info.maxRssKb, findings: info.findings };
}

function median(xs: Timing[]): Timing {
  const sorted = [...xs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measureTree(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      if (n === '.git' || n === 'node_modules' || n === 'target') continue;
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else {
        files++;
        bytes += st.size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function makeSingleDockerfile(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  write(join(dir, 'Dockerfile'), 'FROM rust:1.75-slim AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /src/target/release/app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n');
  return dir;
}

/** One sqlx migration folder of `n` small files next to its Cargo.toml. */
function makeMigrationFolder(dir: string, n: number): string {
  rmSync(dir, { recursive: true, force: true });
  write(join(dir, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = "0.8"\n');
  for (let i = 0; i < n; i++) {
    const version = String(20240101000000 + i);
    write(join(dir, 'migrations', `${version}_step_${i}.sql`), i === 0 ? 'CREATE TABLE items (id bigint PRIMARY KEY, name text);\n' : `ALTER TABLE items ADD COLUMN c${i} text;\n`);
  }
  return dir;
}

/** A monorepo of `n` services, each with the artifacts a Rust service ships with. */
function generateSynthetic(dir: string, n: number): string {
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < n; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const d = join(dir, 'services', name);
    write(join(d, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.${i}"\nedition = "2021"\n\n[dependencies]\nsqlx = { version = "0.7", features = ["postgres", "migrate"] }\ntokio = { version = "1", features = ["full"] }\n`);
    write(join(d, 'Dockerfile'), `FROM rust:1.75-slim AS build\nWORKDIR /src\nRUN apt-get update && apt-get install -y pkg-config libssl-dev\nCOPY . .\nRUN cargo build --release --locked\n\nFROM ${i % 3 === 0 ? 'debian:bookworm' : 'gcr.io/distroless/cc-debian12'}\nCOPY --from=build /src/target/release/${name} /usr/local/bin/${name}\n${i % 4 === 0 ? '' : 'USER 65532:65532\n'}EXPOSE 8080\nCMD ${i % 5 === 0 ? `/usr/local/bin/${name}` : `["/usr/local/bin/${name}"]`}\n`);
    write(join(d, '.dockerignore'), 'target/\n.git\n.env*\n');
    write(join(d, 'k8s', 'deploy.yaml'), k8s(name, i));
    write(join(d, 'docker-compose.yml'), `services:\n  ${name}:\n    build: .\n    ports: ["8080:8080"]\n    environment:\n      DATABASE_URL: postgres://app:app@db/app\n  db:\n    image: postgres:16\n`);
    for (let m = 0; m < 4; m++) {
      write(join(d, 'migrations', `2024010${m}000000_step_${m}.sql`), m === 0
        ? `CREATE TABLE items_${i} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\nCREATE INDEX items_${i}_name_idx ON items_${i} (name);\n`
        : `ALTER TABLE items_${i} ADD COLUMN c${m} text;\nCREATE INDEX items_${i}_c${m}_idx ON items_${i} (c${m});\nUPDATE items_${i} SET c${m} = name;\n`);
    }
    write(join(dir, '.github', 'workflows', `${name}.yml`), `name: ${name}\non:\n  push:\n    paths: ["services/${name}/**"]\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v5\n        with:\n          context: services/${name}\n          tags: ghcr.io/acme/${name}:\${{ github.sha }}\n`);
  }
  return dir;
}

function k8s(name: string, i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${2 + (i % 3)}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/${name}:${i % 7 === 0 ? 'latest' : `0.1.${i}`}
          ports: [{containerPort: 8080, name: http}]
          env:
            - name: DATABASE_URL
              valueFrom: {secretKeyRef: {name: ${name}-db, key: url}}
          readinessProbe: {httpGet: {path: /ready, port: http}}
          livenessProbe: {httpGet: {path: /live, port: http}}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: ${i % 2 === 0}
            capabilities: {drop: [ALL]}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: ${name}}
`;
}
