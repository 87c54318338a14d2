/** Unit tests of the engine's building blocks. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src/model/location.js';
import { parseShell, programName } from '../src/model/shell.js';
import { parseImageRef, substituteVars } from '../src/model/image-ref.js';
import { liftDockerignore } from '../src/model/lift-dockerignore.js';
import { liftDockerfile } from '../src/model/lift-dockerfile.js';
import { inlineIgnores } from '../src/engine/suppressions.js';
import { classifyPath } from '../src/discover/kinds.js';
import { isNonSecretKey, looksLikeSecretName, maskSecret } from '../src/model/secret-names.js';
import { Masker, escapeUnsafe } from '../src/report/sanitize.js';
import { dockerBuildCommands } from '../src/model/build-invocations.js';
import type { SourceFile } from '../src/model/types.js';
import { captureModel, makeRepo } from './helpers.js';

function file(path: string, text: string, kind: SourceFile['kind'] = 'dockerfile'): SourceFile {
  return { path, absPath: `/x/${path}`, kind, text, lines: new LineIndex(text) };
}

const at = { path: 'x', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and UTF-16 columns, with CRLF', () => {
    const li = new LineIndex('ab\r\ncé😀d\nlast');
    assert.deepEqual(li.position(0), { line: 1, column: 1 });
    assert.deepEqual(li.position(4), { line: 2, column: 1 });
    assert.deepEqual(li.position(8), { line: 2, column: 5 }, 'the emoji counts as two UTF-16 units');
    assert.equal(li.lineText(1), 'ab');
    assert.equal(li.lineText(3), 'last');
    assert.equal(li.offsetOf(2, 3), 6);
  });
});

describe('shell tokenizer', () => {
  it('splits commands and pipelines, honours quotes, continuations and redirects', () => {
    const text = `apt-get update && apt-get install -y "a b" 'c|d' \\\n    curl 2>&1 | tee /log; FOO=1 /usr/bin/pip install x>/dev/null`;
    const s = parseShell({ lines: new LineIndex(text), path: 'Dockerfile', start: 0, end: text.length });
    assert.deepEqual(s.commands.map((c) => c.argv.map((w) => w.text)), [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'a b', 'c|d', 'curl'],
      ['tee', '/log'],
      ['/usr/bin/pip', 'install', 'x'],
    ]);
    assert.deepEqual(s.pipelines, [[0], [1, 2], [3]]);
    assert.equal(programName(s.commands[3]!), 'pip');
    const curl = s.commands[1]!.argv[5]!;
    assert.deepEqual([curl.location.startLine, curl.location.startColumn], [2, 5], 'words keep their file position across a continuation');
  });

  it('skips comment lines inside a continued Dockerfile RUN', () => {
    const text = 'apt-get install \\\n  # the compiler\n  gcc';
    const s = parseShell({ lines: new LineIndex(text), path: 'D', start: 0, end: text.length, dockerfileContinuations: true });
    assert.deepEqual(s.commands[0]!.argv.map((w) => w.text), ['apt-get', 'install', 'gcc']);
  });

  it('stays linear on hostile input', () => {
    const text = '"'.repeat(1) + '\\'.repeat(200_000) + '$('.repeat(50_000);
    const s = parseShell({ lines: new LineIndex(text), path: 'D', start: 0, end: text.length });
    assert.ok(s.approximate);
  });
});

describe('image references', () => {
  it('parses registry, repository, tag and digest the way Docker normalises them', () => {
    const r = parseImageRef('ghcr.io/acme/api:1.2@sha256:abc', at);
    assert.deepEqual([r.registry, r.repository, r.tag, r.digest], ['ghcr.io', 'acme/api', '1.2', 'sha256:abc']);
    const hub = parseImageRef('docker.io/library/debian:bookworm', at);
    assert.deepEqual([hub.registry, hub.repository, hub.tag], [undefined, 'debian', 'bookworm']);
    const port = parseImageRef('localhost:5000/team/app', at);
    assert.deepEqual([port.registry, port.repository, port.tag], ['localhost:5000', 'team/app', undefined]);
    assert.equal(parseImageRef('scratch', at).scratch, true);
    assert.equal(parseImageRef('${BASE}:1', at).resolved, false);
  });

  it('substitutes ARG defaults and ${VAR:-default}, leaving unknown variables', () => {
    const vals = new Map([['BASE', 'rust'], ['EMPTY', '']]);
    assert.equal(substituteVars('${BASE}:${TAG:-1.75}-slim $UNKNOWN', vals), 'rust:1.75-slim $UNKNOWN');
  });
});

describe('Dockerfile lift', () => {
  it('resolves ARGs in FROM, stage references, exec form and the effective user', () => {
    const text = 'ARG BASE=rust:1.75-slim\nFROM ${BASE} AS build\nUSER root\nRUN ["sh", "-c", "cargo build --release && strip app"]\nFROM build AS test\nFROM gcr.io/distroless/cc-debian12:nonroot\nCOPY --from=build /app /app\nCMD /app --serve\n';
    const b = liftDockerfile(file('Dockerfile', text), []);
    assert.equal(b.stages.length, 3);
    assert.equal(b.stages[0]!.base?.raw, 'rust:1.75-slim');
    assert.equal(b.stages[1]!.parentStage, b.stages[0], 'FROM build names a stage');
    assert.equal(b.stages[1]!.effectiveUser?.user, 'root', 'inherited from the parent stage');
    assert.equal(b.stages[0]!.runs[0]!.form, 'exec');
    assert.deepEqual(b.stages[0]!.runs[0]!.script.commands.map((c) => c.argv.map((w) => w.text)), [['cargo', 'build', '--release'], ['strip', 'app']], 'whitespace inside JSON strings survives');
    assert.equal(b.finalStage?.cmd?.form, 'shell');
    assert.equal(b.finalStage?.copies[0]!.from?.value, 'build');
  });

  it('records secret-looking ENV/ARG literals but not references', () => {
    const secrets: Parameters<typeof liftDockerfile>[1] = [];
    liftDockerfile(file('Dockerfile', 'FROM alpine:3.20\nENV API_TOKEN=abcd1234efgh DB_PASSWORD=${DB_PASSWORD} PASSWORD_FILE=/run/secrets/pw\n'), secrets);
    assert.deepEqual(secrets.map((s) => s.name), ['API_TOKEN']);
  });
});

describe('.dockerignore matching (Docker semantics, not gitignore)', () => {
  const ig = liftDockerignore(file('.dockerignore', '# comment\n.git\ntarget\n**/*.pem\n.env*\n!.env.example\n/docs\n', 'dockerignore'));
  it('anchors patterns at the context root and excludes directory contents', () => {
    assert.equal(ig.excludes('.git/config'), true);
    assert.equal(ig.excludes('target/release/app'), true);
    assert.equal(ig.excludes('crates/x/target/debug'), false, 'no implicit **/ as in gitignore');
    assert.equal(ig.excludes('certs/tls/key.pem'), true);
    assert.equal(ig.excludes('docs/readme.md'), true);
  });
  it('lets the last matching pattern win, so ! re-includes', () => {
    assert.equal(ig.excludes('.env.production'), true);
    assert.equal(ig.excludes('.env.example'), false);
  });
});

describe('suppression directives', () => {
  it('applies end-of-line directives to their line and comment lines to the next code line', () => {
    const f = file('k.yaml', 'a: 1 # shipshape-ignore image/x -- why not\n# shipshape-ignore image/y,image/z -- reason here\n\n# another comment\nb: 2\nc: "shipshape-ignore image/q"\n', 'kubernetes');
    const list = inlineIgnores(f);
    assert.deepEqual(list.map((i) => [i.rules, i.target, i.reason]), [
      [['image/x'], 1, 'why not'],
      [['image/y', 'image/z'], 5, 'reason here'],
    ]);
  });
  it('stays linear on a hostile line', () => {
    const f = file('k.yaml', `# shipshape-ignore ${' -'.repeat(100_000)}x\n`, 'kubernetes');
    assert.equal(inlineIgnores(f).length, 1);
  });
});

describe('classification', () => {
  const none = new Set<string>();
  it('recognises artifacts by name and place', () => {
    const cases: Array<[string, string | undefined]> = [
      ['Dockerfile', 'dockerfile'], ['docker/api.Dockerfile', 'dockerfile'], ['Dockerfile.debian', 'dockerfile'], ['Containerfile', 'dockerfile'],
      ['docker/Dockerfile.j2', undefined], ['Dockerfile.dockerignore', 'dockerignore'], ['.dockerignore', 'dockerignore'],
      ['.github/workflows/ci.yml', 'github-workflow'], ['action.yml', 'github-action'], ['docker-compose.prod.yml', 'compose'], ['compose.yaml', 'compose'],
      ['k8s/deploy.yaml', 'yaml'], ['kustomization.yaml', 'kustomization'], ['migrations/20240101000000_init.sql', 'sql-migration'],
      ['migrations/2024-01-01-000000_init/up.sql', 'sql-migration'], ['db/V2__add.sql', 'sql-migration'], ['scripts/report.sql', undefined],
      ['Cargo.toml', 'cargo'], ['rust-toolchain', 'rust-toolchain'], ['.cargo/config.toml', 'cargo-config'], ['fly.toml', 'fly'],
      ['deploy/api.service', 'systemd'], ['infra/main.tf', 'terraform'], ['.env.production', 'dotenv'],
    ];
    for (const [p, kind] of cases) assert.equal(classifyPath(p, none), kind, p);
    const charts = new Set(['charts/api']);
    // SQL no runner applies: regression suites, fixtures, seeds, dumps in a bare db/ or sql/ folder.
    for (const p of ['tests/migrations/20240101000000_init.sql', 'sql/regress/expected/001_join.sql', 'src/test/fixtures/001_users.sql', 'db/seeds/001_users.sql', 'db/schema.sql', 'sql/report.sql']) {
      assert.equal(classifyPath(p, none), undefined, p);
    }
    for (const p of ['db/migrations/20240101000000_init.sql', 'migrations/data_oauth_github.sql', 'sql/001_init.sql']) assert.equal(classifyPath(p, none), 'sql-migration', p);
    assert.equal(classifyPath('charts/api/templates/deploy.yaml', charts), 'helm-template');
    assert.equal(classifyPath('charts/api/values.yaml', charts), 'helm-values');
  });
});

describe('secrets', () => {
  it('recognises secret names but not their file/path/ttl companions', () => {
    for (const n of ['DB_PASSWORD', 'stripeApiKey', 'GITHUB_TOKEN', 'client_secret', 'AWS_SECRET_ACCESS_KEY']) assert.ok(looksLikeSecretName(n), n);
    for (const n of ['PASSWORD_FILE', 'TOKEN_TTL', 'RUST_LOG', 'SECRET_NAME', 'PORT']) assert.ok(!looksLikeSecretName(n), n);
  });
  it('masks strong values everywhere, weak ones only where they are written', () => {
    const m = new Masker(['demo', 'postgres', 'S3cr3t-pr0d'], [{ path: 'k8s/s.yaml', line: 7, startColumn: 13, endColumn: 17 }]);
    assert.equal(m.clean('microservices-demo runs postgres:16'), 'microservices-demo runs postgres:16', 'weak values do not mangle text');
    assert.equal(m.clean('url: postgres://app:S3cr3t-pr0d@db'), 'url: postgres://app:****@db');
    assert.equal(m.cleanLine('k8s/s.yaml', 7, '  password: demo # dev only'), '  password: **** # dev only', 'by position in a code frame');
    assert.equal(m.clean('the password is hunter', ['hunter']), 'the password is ****', "a finding's own declared values");
    assert.ok(isNonSecretKey('username') && isNonSecretKey('discovery.sendtargets.auth.username_in') && !isNonSecretKey('password') && !isNonSecretKey('DATABASE_URL'));
  });

  it('masks values and escapes control characters visibly', () => {
    assert.equal(maskSecret('hunter2hunter2'), '****', 'under 16 characters nothing is shown');
    assert.equal(maskSecret('hunter2hunter2hunter2'), 'hunt****');
    assert.equal(new Masker(['hunter2hunter2hunter2']).clean('pw=hunter2hunter2hunter2\u001b[31m\u202e'), 'pw=hunt****\\x1b[31m\\u202e');
    assert.equal(escapeUnsafe('a\u0007b\tc\nd\u2028\ufeff'), 'a\\x07b\tc\\nd\\u2028\\ufeff');
  });
});

describe('linking', () => {
  it('reads docker build commands from workflow scripts', () => {
    assert.deepEqual(dockerBuildCommands('docker buildx build --platform linux/amd64 -f api/Dockerfile -t ghcr.io/acme/api:${{ github.sha }} api'), [
      { context: 'api', file: 'api/Dockerfile', tags: ['ghcr.io/acme/api:${{ github.sha }}'], namedContexts: {}, line: 1 },
    ]);
  });

  it("resolves a workflow's paths from its own repository root, not the scan root", async () => {
    const repo = makeRepo({
      'vendor-repo/.github/workflows/release.yml': 'on: push\njobs:\n  img:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: docker build --check . -f docker/Dockerfile.debian\n',
      'vendor-repo/docker/Dockerfile.debian': 'FROM debian:12-slim\nCOPY . .\n',
      'vendor-repo/.dockerignore': '.git\n',
    });
    const model = await captureModel(repo);
    const b = model.imageBuilds[0]!;
    assert.equal(b.contextDir, 'vendor-repo');
    assert.equal(b.contextSource, 'workflow');
    assert.equal(b.dockerignore?.file.path, 'vendor-repo/.dockerignore');
  });

  it('links containers to in-repo Dockerfiles, Services and PDBs to workloads', async () => {
    const repo = makeRepo({
      'api/Dockerfile': 'FROM debian:12-slim\nUSER 10001\n',
      'api/.dockerignore': '.git\n',
      'worker/Dockerfile': 'FROM debian:12-slim\n',
      'compose.yaml': 'services:\n  worker:\n    build: ./worker\n',
      'k8s/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: api-db}\nstringData: {url: "postgres://x"}\n',
      'k8s/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api, tier: web}}\n    spec:\n      containers: [{name: api, image: "ghcr.io/acme/api:1.0", env: [{name: DB, valueFrom: {secretKeyRef: {name: api-db, key: url}}}, {name: OTHER, valueFrom: {secretKeyRef: {name: elsewhere, key: k}}}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {selector: {app: api}}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: api}}}\n',
    });
    const model = await captureModel(repo);
    const api = model.workloads.find((w) => w.id === 'Deployment/api')!;
    assert.equal(api.containers[0]!.imageBuild?.file.path, 'api/Dockerfile', 'image name matches the build context folder');
    assert.equal(api.containers[0]!.imageBuild?.dockerignore?.file.path, 'api/.dockerignore');
    assert.deepEqual(api.services.map((s) => s.name), ['api']);
    assert.deepEqual(api.pdbs.map((p) => p.name), ['api']);
    assert.equal(api.containers[0]!.env[0]!.secret?.name, 'api-db', 'secretKeyRef resolves to the Secret manifest');
    assert.equal(api.containers[0]!.env[1]!.secret, undefined, 'a Secret not in the repo stays unresolved');
    const worker = model.workloads.find((w) => w.id === 'compose:worker')!;
    assert.equal(worker.containers[0]!.imageBuild?.file.path, 'worker/Dockerfile', 'compose build: links explicitly');
    assert.equal(worker.containers[0]!.imageBuild?.contextSource, 'compose');
  });
});

describe('rollout objects', () => {
  it('lifts VirtualService weights, Argo canary steps and Flagger targets, linked to workloads and Services', async () => {
    const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: app, image: "ghcr.io/acme/${name}:1"}]}\n`;
    const repo = makeRepo({
      'k8s/api.yaml': deploy('api'),
      'k8s/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n',
      'k8s/vs.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web}\nspec:\n  hosts: [web]\n  http:\n    - route:\n        - destination: {host: web.default.svc.cluster.local, subset: stable}\n          weight: 90\n        - destination: {host: web, subset: canary}\n          weight: 10\n',
      'k8s/rollout.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "ghcr.io/acme/web:1"}]}\n  strategy:\n    canary:\n      canaryService: web-canary\n      steps:\n        - setWeight: 20\n        - pause: {duration: 1h}\n',
      'k8s/canary.yaml': 'apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: api}\nspec:\n  targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  analysis: {interval: 1m}\n',
    });
    const model = await captureModel(repo);
    const vs = model.trafficRoutes[0]!;
    assert.deepEqual(vs.routes[0]!.destinations.map((d) => [d.subset, d.weight?.value]), [['stable', 90], ['canary', 10]]);
    assert.deepEqual(vs.services.map((s) => s.name), ['web']);
    const argo = model.progressiveDeliveries.find((p) => p.controller === 'argo-rollouts')!;
    assert.deepEqual(argo.steps.map((s) => [s.kind, s.value]), [['setWeight', 20], ['pause', { duration: '1h' }]]);
    assert.equal(argo.target?.id, 'Rollout/web', 'an Argo Rollout is itself the workload');
    assert.deepEqual(argo.serviceRefs.map((r) => [r.role, r.name]), [['canaryService', 'web-canary']]);
    const flagger = model.progressiveDeliveries.find((p) => p.controller === 'flagger')!;
    assert.equal(flagger.target?.id, 'Deployment/api');
  });
});

describe('YAML values as written', () => {
  it('keeps the source text of plain scalars that YAML 1.1 resolves to other types', async () => {
    const repo = makeRepo({
      'Dockerfile': 'FROM debian:12-slim\n',
      'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n    image: ghcr.io/acme/api:1.10\n    environment:\n      VERSION: 1.10\n      FLAG: yes\n      EMPTY: ~\n',
    });
    const model = await captureModel(repo);
    const api = model.workloads.find((w) => w.id === 'compose:api')!;
    assert.equal(api.build?.context, '.');
    assert.equal(api.containers[0]!.imageBuild?.file.path, 'Dockerfile', 'context "." links the root Dockerfile');
    assert.deepEqual(api.containers[0]!.env.map((e) => [e.name, e.value]), [['VERSION', '1.10'], ['FLAG', 'yes'], ['EMPTY', '']]);
  });
});

describe('one finding per problem (defersTo)', () => {
  const SQLX = '[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n';
  const ids = async (sql: string, extra: Record<string, string> = {}) => {
    const { scanDirectory } = await import('../src/api.js');
    const r = await scanDirectory(makeRepo({ 'Cargo.toml': SQLX, 'migrations/20240101000000_m.sql': sql, ...extra }));
    return r.findings.filter((f) => f.ruleId.startsWith('migrations/')).map((f) => `${f.location.startLine} ${f.ruleId}${f.message.includes('(Also ') ? ' +folded' : ''}`);
  };

  it('folds the weaker finding on the same statement into the stronger one, keeping its point in the message', async () => {
    assert.deepEqual(await ids('CREATE TABLE t (id serial PRIMARY KEY);\n'), ['1 migrations/prefer-bigint-key +folded']);
    assert.deepEqual(await ids('ALTER TABLE users DROP COLUMN legacy;\n'), ['1 migrations/drop-column +folded']);
  });

  it('never folds a finding that speaks for more statements, or one whose partner is suppressed', async () => {
    assert.deepEqual((await ids('ALTER TABLE users DROP COLUMN legacy;\nALTER TABLE users ADD COLUMN age int;\n')).sort(), ['1 migrations/drop-column', '1 migrations/missing-lock-timeout']);
    const suppressed = await ids('-- shipshape-ignore migrations/prefer-bigint-key -- a lookup table of 40 rows\nCREATE TABLE t (id serial PRIMARY KEY);\n');
    assert.deepEqual(suppressed, ['2 migrations/prefer-bigint-key', '2 migrations/prefer-identity']);
  });
});
