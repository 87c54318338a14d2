/** Adversarial artifacts: long lines of the characters regexes and tokenizers care about. */
const N = 60_000;
const r = (s: string, n = N) => s.repeat(Math.ceil(n / s.length));

export const hostile: Record<string, string> = {
  'Dockerfile': [
    `ARG BASE=${r('a:')}`,
    `FROM \${BASE}${r('@')} AS ${r('b')}`,
    `RUN ${r('a|')} && ${r('"')} ${r("\\'")}`,
    `RUN apt-get install ${r('-t ')} ${r('pkg=')} && pip install ${r('--index-url ')} && curl ${r('http://x|')} | sh`,
    `RUN ${r('$(')} ${r('<(')} ${r('${{ ')} ${r('`')}`,
    `COPY --from=${r('x')} ${r('. ')} /app`,
    `ADD ${r('https://')} /x`,
    `ENV ${r('A=1 ')}`,
    `USER "${r('$U')}:${r('$G')}"`,
    `EXPOSE ${r('22/')}`,
    `WORKDIR ${r('../')}`,
    `SHELL ["${r('/')}", "${r('-o')}"]`,
    `CMD ${r('[')}`,
    `# shipshape-ignore ${r(' -')}`,
  ].join('\n') + '\n',
  '.dockerignore': `${r('*')}\n${r('!**/')}\n${r('[')}\n`,
  'k8s/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: x
  annotations:
    shipshape.dev/ignore: "${r('a -- ')}"
spec:
  template:
    metadata: {labels: {app: x}}
    spec:
      volumes: [{name: v, hostPath: {path: "${r('/')}"}}]
      containers:
        - name: ${r('n')}
          image: "${r('a:')}${r('@sha256:')}"
          command: ["sh", "-c", "${r('sqlx migrate run; ')}"]
          env: [{name: "${r('PASSWORD_')}", value: "${r('x')}"}]
          securityContext: {capabilities: {add: ["${r('CAP_')}"]}, seccompProfile: {type: "${r('Unconfined')}"}}
`,
  'docker-compose.yml': `services:\n  a:\n    image: "${r('${X:-')}"\n    user: "${r('0:')}"\n    security_opt: ["${r('seccomp:')}"]\n    volumes: ["${r('/:')}"]\n    environment: ["${r('A=')}"]\n`,
  '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: x\n    container: "${r('a:')}"\n    steps:\n      - uses: docker/build-push-action@v5\n        with: {context: "${r('./')}", tags: "${r('a,')}"}\n      - run: docker build -f ${r('-t ')} .\n`,
  'migrations/20240101000000_a.sql': `-- ${r('-')}\n-- shipshape-ignore ${r(' -')}\nCREATE TABLE ${r('t')} (${r('c int, ')} x int);\nSELECT '${r("''")}';\nCREATE INDEX i ON t (${r('a, ')}b);\n`,
  'Cargo.toml': `[package]\nname = "${r('\\\\')}"\n[dependencies]\nsqlx = "${r('0.')}"\n`,
  '.env': `A=${r('"')}\nB='${r("\\'")}\nC=${r(' #')}\n`,
  'deploy/api.service': `[Service]\nEnvironment=${r('"a=b" ')}\nUser=${r('$')}\nAmbientCapabilities=${r('CAP_SYS_ADMIN ')}\nExecStart=${r('\\\\\n')}\n`,
  'infra/main.tf': `resource "a" "b" {\n  password = "${r('\\\\"')}"\n  x = ${r('{')}\n}\n`,
};


/**
 * One hostile file per case, each aimed at a code path that used to be super-linear,
 * with a failing suffix (a run of the character a regex or loop repeats, then
 * something that makes the match fail), so a backtracking engine cannot bail out
 * early. Each must scan within `budgetMs` through the real scan path; a quadratic
 * version of any of them takes minutes.
 */
export interface HostileCase {
  name: string;
  files: Record<string, string>;
  budgetMs: number;
  /** Rule ids that must be reported: the file was analysed, not skipped. */
  expect?: string[];
  /** Rule ids that must not be reported. */
  forbid?: string[];
}

const MB = 1_000_000;
const run = (s: string, n: number) => s.repeat(Math.ceil(n / s.length));
/** Lines of `line(i)` until the text is just under `bytes` (the default size cap is 5 MiB). */
const linesUpTo = (bytes: number, line: (i: number) => string) => {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; ; i++) {
    const l = line(i) + '\n';
    if (size + l.length > bytes) break;
    out.push(l);
    size += l.length;
  }
  return out.join('');
};
const FIVE_MIB_MINUS = 5 * 1024 * 1024 - 64 * 1024;
const SQLX_CARGO = '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = "0.8"\n';
const DIGEST = '@sha256:' + 'a'.repeat(64);

export const hostileCases: HostileCase[] = [
  // ---- item 4: regexes
  {
    name: 'flyway.conf line of tabs around a value (was a cubic line regex)',
    files: { 'db/flyway.conf': `flyway.a:${run('\t', MB / 2)}A${run('\t', MB / 2)}"y\n`, 'db/sql/V1__a.sql': 'SELECT 1;\n' },
    budgetMs: 5_000,
  },
  {
    name: 'flyway.toml line of tabs around a value',
    files: { 'db/flyway.toml': `[flyway]\na =${run('\t', MB / 2)}"A${run('\t', MB / 2)}"y\n`, 'db/sql/V1__a.sql': 'SELECT 1;\n' },
    budgetMs: 5_000,
  },
  {
    name: 'Cargo.toml [section] header of tabs without its ] (was a cubic regex)',
    files: { 'Cargo.toml': `[package]\nname = "x"\n[\t${run('\t', MB)}x\n`, 'migrations/20240101000000_a.sql': 'SELECT 1;\n' },
    budgetMs: 5_000,
  },
  {
    name: 'hostPath of 1 MB of slashes then x (was /\\/+$/)',
    files: {
      'k8s/pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes: [{name: v, hostPath: {path: "${run('/', MB)}x"}}]\n  containers: [{name: c, image: "nginx:1${DIGEST}", volumeMounts: [{name: v, mountPath: /m}]}]\n`,
    },
    budgetMs: 5_000,
    expect: ['container/host-path-mount'],
  },
  {
    name: '.dockerignore patterns and a cache-mount target of slashes then x',
    files: {
      'Dockerfile': `FROM debian:12${DIGEST}\nRUN --mount=type=cache,target=/${run('/', MB / 2)}x apt-get update && apt-get install -y curl\nCOPY . /app\n`,
      '.dockerignore': `!a${run('/', MB / 2)}x\n${run('/', MB / 2)}x\n`,
    },
    budgetMs: 5_000,
    expect: ['dockerfile/apt-no-install-recommends'],
  },
  {
    name: '.env value of tabs ending in a U+2028 line separator (was quadratic)',
    files: { '.env': `A=${run('\t', MB)}x\u2028y\nDB_PASSWORD=hunter2hunter2\n` },
    budgetMs: 5_000,
  },
  {
    name: 'Terraform attribute of tabs around a value and a U+2028 (was cubic)',
    files: { 'infra/main.tf': `resource "aws_db_instance" "a" {\n  a =${run('\t', MB / 2)}\tA${run('\t', MB / 2)}\u2028=\n}\n` },
    budgetMs: 5_000,
  },
  {
    name: 'systemd Environment= word of 1 MB without = (was quadratic)',
    files: { 'deploy/api.service': `[Service]\nExecStart=/app\nEnvironment=${run('a', MB)}"\n` },
    budgetMs: 5_000,
  },
  {
    name: 'apk and pip package specs of operators / tabs before a line separator',
    files: {
      'Dockerfile': `FROM alpine:3${DIGEST}\nRUN apk add --no-cache "a${run('<', MB / 2)}\u2028<"\nRUN pip install "a${run('\t', MB / 2)}]\u2028"\n`,
    },
    budgetMs: 5_000,
  },
  {
    name: 'legacy rust-toolchain of blank lines then a non-[ line',
    files: { 'rust-toolchain': `${run(' \n', MB)}x\n` },
    budgetMs: 5_000,
  },
  {
    name: 'YAML whose first 200 KB are {{ without }} (Go-template probe)',
    files: { 'k8s/cm.yaml': `# ${run('{{', 200_000)}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v, k: w}\n` },
    budgetMs: 5_000,
    expect: ['core/parse-error'],
  },
  {
    name: 'goose annotation lines of spaces',
    files: { 'migrations/00001_a.sql': `-- +goose Up\n${run(`--${run(' ', 1000)}+goose\n`, MB)}SELECT 1;\n` },
    budgetMs: 5_000,
  },

  // ---- item 5: quadratic algorithms on files just under the 5 MiB cap. These took 74 s to over
  // 120 s; now 5-13 s on a 2-core machine shared with other test runs (load 5), a few seconds
  // idle. The budget is far below the old times and leaves room for a loaded machine.
  {
    name: '~5 MiB ConfigMap ending in a duplicate key (uniqueKeys was quadratic)',
    files: {
      'k8s/big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${linesUpTo(FIVE_MIB_MINUS, (i) => `  key-${i}: "value number ${i}"`)}  key-0: duplicate\n`,
    },
    budgetMs: 30_000,
    expect: ['core/parse-error'],
  },
  {
    name: '~5 MiB Dockerfile of RUN lines, the last without --no-install-recommends',
    files: {
      'Dockerfile': `FROM debian:12${DIGEST}\n${linesUpTo(FIVE_MIB_MINUS, (i) => `RUN apt-get install -y --no-install-recommends pkg${i}=1.0`)}RUN apt-get install -y curl=8.0\n`,
    },
    budgetMs: 30_000,
    expect: ['dockerfile/apt-no-install-recommends'],
  },
  {
    name: '~5 MiB seed migration ending in a non-concurrent index on an existing table',
    files: {
      'Cargo.toml': SQLX_CARGO,
      'migrations/20240101000000_seed.sql': `CREATE TABLE t (id bigint PRIMARY KEY, name text);\n${linesUpTo(FIVE_MIB_MINUS, (i) => `INSERT INTO t VALUES (${i}, 'name ${i}');`)}CREATE INDEX other_name_idx ON other (name);\n`,
    },
    budgetMs: 30_000,
    expect: ['migrations/create-index-not-concurrent'],
  },

  // ---- item 6: many aliases are not an alias bomb
  {
    name: 'compose file of 120 services merging <<: *common, one privileged',
    files: {
      'docker-compose.yml': `x-common: &common\n  image: nginx:1.25${DIGEST}\n  restart: always\n  environment: {A: b}\nservices:\n${Array.from({ length: 120 }, (_, i) => `  s${i}:\n    <<: *common\n${i === 77 ? '    privileged: true\n' : ''}`).join('')}`,
    },
    budgetMs: 5_000,
    expect: ['container/privileged'],
    forbid: ['core/parse-error'],
  },
  {
    name: 'workflow of 111 jobs sharing runs-on: *runner',
    files: {
      '.github/workflows/ci.yml': `on: push\njobs:\n  j0:\n    runs-on: &runner ubuntu-24.04\n    steps: [{run: echo}]\n${Array.from({ length: 110 }, (_, i) => `  j${i + 1}:\n    runs-on: *runner\n    steps: [{run: echo}]\n`).join('')}`,
    },
    budgetMs: 5_000,
    forbid: ['core/parse-error'],
  },
];
