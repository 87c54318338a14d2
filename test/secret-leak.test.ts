/**
 * No secret planted in a scanned file reaches any report format in full. Every
 * shape is planted in every kind of artifact, findings that quote those lines
 * come from real rules (pipefail, curl-pipe-shell, parse errors, …) and from
 * an echo plugin that quotes each line in its message and a related location,
 * and the built CLI's output in all three formats is searched for the values.
 * The test also checks that the masked forms were printed, so it cannot pass
 * because nothing was quoted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PROJECT_ROOT, cli, makeRepo, testPluginSource } from './helpers.js';
import { SAMPLES as S } from './secret-samples.js';

const BIN = join(PROJECT_ROOT, 'bin', 'shipshape.js');

/** Quotes every line of every scanned file, in the message and in a related location. */
const ECHO_PLUGIN = testPluginSource('test/echo-line', 'Echo every line for masking tests', 'low', String.raw`    for (const f of ctx.model.files) {
      const lines = f.text.split('\n');
      lines.forEach((text, i) => {
        if (!text.trim()) return;
        const at = { path: f.path, startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: text.length + 1 };
        ctx.report({ at, message: 'line says ' + text, related: [{ location: at, message: 'quoted: ' + text }], key: f.path + ' ' + i });
      });
    }`);

const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${S.pemLine}\n${S.pemLine}\n-----END RSA PRIVATE KEY-----`;

export const REPO: Record<string, string> = {
  '.shipshape.yml': 'plugins: ["./echo.mjs"]\n',
  'echo.mjs': ECHO_PLUGIN,
  'api/Dockerfile': [
    'FROM alpine:3.20',
    `ENV NOTIFY_HOOK=${S.slack} CONFIG_URL=postgres://u:${S.urlPassword}@db:5432/app`,
    `ENV CFG_A=${S.awsId} CFG_B=${S.awsSecret}`,
    `RUN curl -u deploy:${S.cliPassword} -fsSL https://example.com/install.sh | sh`,
    `RUN curl -fsSL -H "Authorization: token ${S.github}" https://example.com/x.sh | sh`,
    `RUN wget -qO- --header="Authorization: Bearer ${S.header}" https://example.com/y | sh`,
    'USER 10001',
    '',
  ].join('\n'),
  'k8s/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: ghcr.io/acme/api:latest',
    `          args: ["--token=${S.githubPat}", "--db-password", "${S.flag}"]`,
    '          env:',
    '            - name: UPSTREAM',
    `              value: "${S.openai}"`,
    '            - name: SESSION_SAMPLE',
    `              value: ${S.jwt}`,
    '',
  ].join('\n'),
  // Broken on purpose (duplicate key): masking must not depend on the file having parsed.
  'k8s/broken.yaml': ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', 'data:', `  k: "${S.github}"`, `  k: postgres://u:${S.urlPassword}@db`, ''].join('\n'),
  'docker-compose.yml': [
    'services:',
    '  web:',
    '    image: nginx:latest',
    '    environment:',
    `      UPSTREAM: ${S.stripe}`,
    `      DSN_URL: mysql://root:${S.urlPassword}@db/app`,
    `    command: ["sh", "-c", "curl -u admin:${S.cliPassword} http://x | sh"]`,
    '',
  ].join('\n'),
  '.github/workflows/deploy.yml': [
    'on: push',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: |',
    `          curl -H "Authorization: Bearer ${S.header}" https://api.example.com | sh`,
    `          npm config set //registry.npmjs.org/:_authToken=${S.npm}`,
    `          git clone https://oauth2:${S.gitlab}@gitlab.example.com/a/b.git`,
    '',
  ].join('\n'),
  'migrations/001_roles.sql': `CREATE ROLE app LOGIN PASSWORD '${S.sql}';\nCREATE TABLE t (id int);\n`,
  '.env': `HOOK=${S.slack}\nGOOGLE=${S.google}\nANTHROPIC=${S.anthropic}\n`,
  'deploy/api.service': `[Service]\nEnvironment=UPSTREAM=${S.stripe}\nExecStart=/usr/bin/app --password=${S.flag}\n`,
  'infra/main.tf': `resource "x" "y" {\n  access_key = "${S.awsId}"\n  secret_key = "${S.awsSecret}"\n  private_key = <<EOF\n${PEM}\nEOF\n}\n`,
  'fly.toml': `app = "api"\n[env]\n  UPSTREAM = "${S.stripe}"\n  DATABASE = "postgres://app:${S.urlPassword}@db/app"\n`,
};

function scan(dir: string, format: string) {
  const r = spawnSync(process.execPath, [BIN, 'scan', dir, '-f', format, '--fail-on', 'never', '--allow-plugins'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, all: r.stdout + r.stderr };
}

describe('secret leak', () => {
  it('no planted secret reaches any format in full, from any kind of artifact', { timeout: 120_000 }, () => {
    const dir = makeRepo(REPO);
    const runs = Object.fromEntries(['terminal', 'json', 'sarif'].map((f) => [f, scan(dir, f)]));
    const outputs = Object.fromEntries(Object.entries(runs).map(([f, r]) => [f, r.all]));
    for (const [format, out] of Object.entries(outputs)) {
      for (const [name, value] of Object.entries(S)) {
        assert.ok(!out.includes(value), `${format} prints ${name} in full`);
      }
    }

    const json = JSON.parse(runs['json']!.stdout) as { findings: Array<{ ruleId: string; message: string; location: { path: string } }> };
    const rules = new Set(json.findings.map((f) => f.ruleId));
    for (const id of ['dockerfile/pipefail', 'dockerfile/curl-pipe-shell', 'core/parse-error', 'test/echo-line']) assert.ok(rules.has(id), `${id} fired`);
    const echoed = new Set(json.findings.filter((f) => f.ruleId === 'test/echo-line').map((f) => f.location.path));
    for (const path of Object.keys(REPO).filter((p) => !p.endsWith('.mjs') && !p.endsWith('.shipshape.yml'))) assert.ok(echoed.has(path), `${path} was scanned and quoted`);

    // The masked forms were printed: the lines were quoted, not left out.
    const pipefail = json.findings.find((f) => f.ruleId === 'dockerfile/pipefail' && f.message.includes('-u deploy:'));
    assert.ok(pipefail?.message.includes(`-u deploy:${S.cliPassword.slice(0, 4)}****`), pipefail?.message);
    for (const out of Object.values(outputs)) {
      for (const v of [S.slack, S.github, S.githubPat, S.awsId, S.awsSecret, S.urlPassword, S.sql, S.jwt, S.stripe, S.npm, S.gitlab]) {
        assert.ok(out.includes(`${v.slice(0, 4)}****`), `masked ${v.slice(0, 4)}**** printed`);
      }
    }
    const terminal = outputs['terminal']!;
    assert.match(terminal, /> +\d+ \| -----BEGIN RSA PRIVATE KEY-----/);
    assert.match(terminal, /> +\d+ \| \*\*\*\*$/m, 'a private key body line is masked whole in a code frame');
  });
});

/**
 * The secrets rules quote what they find: each format, run through the CLI on
 * a repository holding a provider token and literal passwords, must show the
 * masked forms only, in messages, related locations, code frames and output files.
 */
describe('secrets rules never print the secret', () => {
  // Built by concatenation so that secret scanners do not flag this file; varied characters, so it is no filler placeholder.
  const TOKEN = 'ghp' + '_' + 'R8x2Lq7Zt4Vn1Bc9' + 'Hd3Fk6Jm0Ws5Ya2Pe7U';
  const PASSWORD = 'Wq7-pg-' + 'Pr0d-2291-Lz';
  const SHORT = 'Kq9' + '-x7Lp';
  const URL_PW = 'Rd-9921' + '-Qz7Mw';
  const repo = {
    'k8s/api.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: api }',
      'spec:',
      '  selector: { matchLabels: { app: api } }',
      '  template:',
      '    metadata: { labels: { app: api } }',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          image: ghcr.io/acme/api:1.4.2',
      '          env:',
      '            - name: DB_PASSWORD',
      `              value: "${PASSWORD}"`,
      '            - name: GH_PUBLISH',
      `              value: ${TOKEN}`,
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: api-db }',
      'stringData:',
      `  password: ${SHORT}`,
      `  url: redis://:${URL_PW}@cache:6379/0`,
      '',
    ].join('\n'),
    'docker-compose.yml': `services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n      API_SECRET: ${SHORT}\n`,
  };
  const values = { TOKEN, PASSWORD, SHORT, URL_PW };
  const expected = ['secrets/literal-secret', 'secrets/known-token', 'secrets/k8s-secret-committed', 'secrets/credentials-in-url'];

  const check = (format: string, text: string) => {
    for (const [name, v] of Object.entries(values)) assert.ok(!text.includes(v), `${format} prints ${name} in full`);
    for (const id of expected) assert.ok(text.includes(id), `${format} reports ${id}`);
  };

  it('text (terminal without a TTY)', { timeout: 60_000 }, async () => {
    const dir = makeRepo(repo);
    const r = await cli(['scan', dir, '--fail-on', 'never'], { env: { NO_COLOR: '1' } });
    check('text', r.stdout + r.stderr);
    assert.ok(r.stdout.includes('(ghp_****)'), 'the masked token is shown');
  });

  for (const format of ['json', 'sarif']) {
    it(format, { timeout: 60_000 }, async () => {
      const dir = makeRepo(repo);
      const out = join(mkdtempSync(join(tmpdir(), 'shipshape-leak-')), `report.${format}`);
      const r = await cli(['scan', dir, '-f', format, '-o', out, '--fail-on', 'never']);
      check(format, r.stdout + r.stderr + readFileSync(out, 'utf8'));
    });
  }

  it('terminal on a TTY', { timeout: 60_000 }, async () => {
    const dir = makeRepo(repo);
    const r = await cli(['scan', dir, '--fail-on', 'never'], { tty: true });
    check('terminal (TTY)', r.stdout + r.stderr);
  });
});
