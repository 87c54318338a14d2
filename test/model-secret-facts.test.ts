/** The literal-secret fact: which assignments are secrets, and how sure. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { captureModel, makeRepo } from './helpers.js';
import { committedSecret, isExampleFile, isSecretPositionName, judgeSecretValue, knownTokens, literalSecrets, urlCredentials } from '../src/model/secret-facts.js';

describe('isSecretPositionName', () => {
  it('takes secret-looking keys', () => {
    for (const n of ['DB_PASSWORD', 'auth.rootPassword', 'STRIPE_API_KEY', 'client_secret', 'GITHUB_TOKEN', 'secret_key']) assert.ok(isSecretPositionName(n), n);
  });
  it('refuses names that point at a secret or configure one', () => {
    for (const n of ['PASSWORD_FILE', 'TOKEN_TTL', 'JWT_SECRET_NAME', 'AWS_ACCESS_KEY_ID', 'existingSecret', 'passwordKey', 'auth.existingSecretPasswordKey', 'DB_PASSWORD_PATH', 'TOKEN_URL', 'master_password_secret_arn', 'LOG_LEVEL']) {
      assert.ok(!isSecretPositionName(n), n);
    }
  });
});

describe('judgeSecretValue', () => {
  it('never takes references, booleans, numbers, paths, URLs or setting words', () => {
    for (const v of ['${DB_PASSWORD}', '$(TOKEN)', '$TOKEN', '{{ .Values.x }}', '${{ secrets.X }}', '3600', '30s', 'true', 'no', '', '/run/secrets/db', 'postgres://u:p@h/db', 'oidc', 'basic', 'Password for the admin user']) {
      assert.deepEqual(judgeSecretValue('DB_PASSWORD', v), { secret: false }, v);
    }
  });
  it('keeps placeholders, with the reason', () => {
    for (const v of ['changeme', '<password>', 'xxxxxx', 'your-api-key', 'example-token', 'password', '****']) {
      const j = judgeSecretValue('API_KEY', v);
      assert.ok(j.secret && j.placeholder, v);
    }
  });
  it('takes real-looking literals at full confidence', () => {
    for (const v of ['Sup3rSecret', 'Wq7-pg-Pr0d-2291', 'mypassw0rd']) assert.deepEqual(judgeSecretValue('password', v), { secret: true }, v);
  });
});

describe('isExampleFile', () => {
  it('recognises documentation of variables', () => {
    for (const p of ['.env.example', 'app/.env.sample', 'values.example.yaml', '.env.template', '.env.dist']) assert.ok(isExampleFile(p), p);
    for (const p of ['.env', '.env.production', 'values.yaml', 'values-prod.yaml']) assert.ok(!isExampleFile(p), p);
  });
});

describe('literalSecrets', () => {
  it('finds each position once, with confidence and a key free of the value', async () => {
    const repo = makeRepo({
      'docker-compose.yml': 'services:\n  app:\n    build: .\n    environment:\n      POSTGRES_PASSWORD: mypassw0rd\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=Wq7-pg-Pr0d-2291\n      - PASSWORD_FILE=/run/secrets/db\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.0.0\n',
      'chart/values.yaml': 'auth:\n  rootPassword: Sup3rSecret\n  existingSecret: ""\n',
      '.env.example': 'DB_PASSWORD=Wq7-pg-Pr0d-2291\n',
      'infra/main.tf': 'resource "aws_db_instance" "x" {\n  password = "Rds-Pass-19Qz"\n  username = "app"\n}\n',
    });
    const model = await captureModel(repo);
    const found = literalSecrets(model).map((s) => [s.location.path, s.location.startLine, s.location.startColumn, s.name, s.confidence]);
    assert.deepEqual(found.sort(), [
      ['chart/values.yaml', 2, 17, 'auth.rootPassword', 'high'],
      ['docker-compose.yml', 5, 26, 'POSTGRES_PASSWORD', 'medium'],
      ['docker-compose.yml', 9, 27, 'POSTGRES_PASSWORD', 'high'],
      ['infra/main.tf', 2, 15, 'password', 'high'],
    ].sort());
    for (const s of literalSecrets(model)) assert.ok(!s.key.includes(s.value), s.key);
  });
});

describe('literalSecrets with YAML anchors', () => {
  it('reports an anchored environment shared by several services once', async () => {
    const repo = makeRepo({
      'docker-compose.yml': 'x-db: &db\n  image: postgres:16\n  environment:\n    - POSTGRES_PASSWORD=Wq7-pg-Pr0d-2291\nservices:\n  a: *db\n  b: *db\n',
    });
    const model = await captureModel(repo);
    assert.equal(literalSecrets(model).length, 1);
  });
});

describe('committedSecret', () => {
  it('judges decoded values and leaves out SOPS, service-account tokens and references', async () => {
    const repo = makeRepo({
      'k8s/a.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: a }\ndata:\n  token: UjNnLXB1bGwtdG9rZW4tOTk=\n  empty: ""\n',
      'k8s/b.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: b }\nstringData:\n  password: changeme\n',
      'k8s/c.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: c }\nstringData:\n  password: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\nsops:\n  version: 3.8.1\n',
      'k8s/d.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: d }\ntype: kubernetes.io/service-account-token\n',
      'k8s/e.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: e }\nstringData:\n  token: ${TOKEN}\n',
    });
    const model = await captureModel(repo);
    const verdicts = Object.fromEntries(model.k8sSecrets.map((s) => [s.name, committedSecret(s)]));
    assert.deepEqual(verdicts['a']?.keys.map((k) => [k.key, k.value]), [['token', 'R3g-pull-token-99']]);
    assert.equal(verdicts['a']?.placeholdersOnly, false);
    assert.equal(verdicts['b']?.placeholdersOnly, true);
    for (const n of ['c', 'd', 'e']) assert.equal(verdicts[n], undefined, n);
  });
});

describe('secret facts on hostile input', () => {
  it('stay fast on ~1 MB of near-misses', { timeout: 120_000 }, async () => {
    const n = 1_000_000;
    const repo = makeRepo({
      '.env': `DB_PASSWORD=${'a '.repeat(n / 2)}!\nDATABASE_URL=${'://a:'.repeat(n / 5)}\n`,
      'k8s/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  API_TOKEN: "${'ghp_a'.repeat(n / 5)}"\n  url: "${'://u:p'.repeat(n / 6)}@"\n`,
    });
    const model = await captureModel(repo);
    assert.deepEqual(model.files.map((f) => f.path).sort(), ['.env', 'k8s/cm.yaml'], 'both files were read (not over maxFileSize)');
    const t0 = performance.now();
    literalSecrets(model);
    urlCredentials(model);
    knownTokens(model);
    const ms = performance.now() - t0;
    assert.ok(ms < 5_000, `${ms.toFixed(0)} ms`);
  });
});
