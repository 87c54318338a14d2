/**
 * The secret shape catalogue: each shape found where it should be (and only
 * the secret part of it), near-misses left alone, and every pattern linear on
 * ~1 MB of hostile input. Token-like fixtures are built by concatenation so
 * that secret scanners do not flag this file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findSecretShapes } from '../src/model/secret-shapes.js';
import { Masker } from '../src/report/sanitize.js';
import { SAMPLES } from './secret-samples.js';

const x = (n: number, c = 'x') => c.repeat(n);

function found(text: string): Array<[string, string]> {
  return findSecretShapes(text).map((s) => [s.shape, text.slice(s.start, s.end)]);
}

describe('secret shapes', () => {
  it('finds provider tokens by their prefix and length', () => {
    const S = SAMPLES;
    for (const [shape, v] of [
      ['aws-access-key-id', S.awsId],
      ['aws-secret-access-key', S.awsSecret],
      ['github-token', S.github],
      ['github-fine-grained-token', S.githubPat],
      ['gitlab-token', S.gitlab],
      ['slack-token', S.slack],
      ['stripe-live-key', S.stripe],
      ['google-api-key', S.google],
      ['npm-token', S.npm],
      ['openai-or-anthropic-key', S.openai],
      ['openai-or-anthropic-key', S.anthropic],
      ['jwt', S.jwt],
    ] as const) {
      assert.deepEqual(found(`value: "${v}" # x`).filter(([s]) => s === shape), [[shape, v]], shape);
    }
  });

  it('finds only the secret part of credentials in context', () => {
    const S = SAMPLES;
    assert.deepEqual(found(`DATABASE=postgres://app:${S.urlPassword}@db:5432/app`).find(([s]) => s === 'url-password'), ['url-password', S.urlPassword]);
    assert.deepEqual(found(`curl -fsSL -u deploy:${S.cliPassword} https://x`)[0], ['cli-user-password', S.cliPassword]);
    assert.deepEqual(found(`curl --user=deploy:${S.cliPassword}`)[0], ['cli-user-password', S.cliPassword]);
    assert.deepEqual(found(`curl -H "Authorization: Bearer ${S.header}" x`)[0], ['authorization-header', S.header]);
    assert.deepEqual(found(`curl -H 'authorization: token ${S.header}'`)[0], ['authorization-header', S.header]);
    assert.deepEqual(found(`args: ["--token=${S.flag}"]`)[0], ['secret-assignment', S.flag]);
    assert.deepEqual(found(`app --db-password ${S.flag}`)[0], ['secret-assignment', S.flag]);
    assert.deepEqual(found(`args: ["--db-password", "${S.flag}"]`)[0], ['secret-assignment', S.flag]);
    assert.deepEqual(found(`CREATE ROLE app LOGIN PASSWORD '${S.sql}';`)[0], ['sql-password', S.sql]);
    assert.deepEqual(found(`CREATE ROLE app ENCRYPTED PASSWORD '${S.sql}'`)[0], ['sql-password', S.sql]);
    assert.deepEqual(found(`  "api_key": "${S.flag}",`)[0], ['secret-assignment', S.flag]);
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${S.pemLine}\n${S.pemLine}\n-----END RSA PRIVATE KEY-----`;
    const [shape, body] = found(pem)[0]!;
    assert.equal(shape, 'private-key');
    assert.equal(body.trim(), `${S.pemLine}\n${S.pemLine}`);
  });

  it('leaves near-misses and references alone', () => {
    for (const text of [
      'git rev-parse 3f2c1a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39', // 40 lower-case hex: a commit
      'postgres://app:${DB_PASSWORD}@db/app',
      'docker run -u 1000:1000 app',
      'curl -H "Authorization: Bearer $TOKEN" x',
      'password: ${{ secrets.DB_PASSWORD }}',
      'permissions:\n  id-token: write',
      'the job sets `id-token: write`) and checks out with persist-credentials: false.',
      'TOKEN_TTL=3600 PASSWORD_FILE=/run/secrets/pw',
      'docker login --password-stdin ghcr.io',
      'run: task-runner-build-and-deploy-everything',
      'https://example.com/a/b',
      // A rule message quoting a table name, not a JSON assignment (seen on a real migration set).
      'DROP COLUMN "user_id" on "password_reset_request": replicas of the previous release',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  it('masks with at most four characters shown, none for short values or key bodies', () => {
    const m = new Masker([]);
    assert.equal(m.clean(`curl -u deploy:${SAMPLES.cliPassword} x`), 'curl -u deploy:Dpl0**** x');
    assert.equal(m.clean('psql postgres://u:short-pw@db'), 'psql postgres://u:****@db');
    assert.equal(m.clean(`-----BEGIN PRIVATE KEY-----\\n${SAMPLES.pemLine}\\n-----END`), '-----BEGIN PRIVATE KEY-----****-----END');
  });

  it('stays linear on hostile input', { timeout: 60_000 }, () => {
    const n = 1_000_000;
    const inputs: Record<string, string> = {
      'letters then !': x(n, 'a') + '!',
      'ghp_ run': 'ghp_' + x(n, 'a') + '!',
      'github_pat_ repeated': 'github_pat_'.repeat(n / 11),
      'a: repeated': 'a:'.repeat(n / 2),
      'a= repeated': 'a='.repeat(n / 2),
      ':// repeated': '://'.repeat(n / 3),
      ':// then a: run': '://' + 'a:'.repeat(n / 2),
      'scheme letters no ://': x(n, 'h') + ':/',
      '-u run': '-u ' + x(n, 'a'),
      '-u spaces': '-u' + x(n, ' '),
      ' -u repeated': ' -u'.repeat(n / 3),
      'eyJ parts': 'eyJ' + x(n / 2, 'a') + '.eyJ' + x(n / 2, 'b'),
      'BEGIN repeated': '-----BEGIN '.repeat(n / 11),
      'PRIVATE KEY unterminated': '-----BEGIN PRIVATE KEY-----' + x(n, 'A'),
      'base64 run': x(n, 'Ab1/'),
      'authorization repeated': 'authorization: '.repeat(n / 15),
      "PASSWORD ' repeated": "PASSWORD '".repeat(n / 10),
      'password: run': 'password: ' + 'a:'.repeat(n / 2),
      'name then spaces': 'token' + x(n, ' ') + '!',
      '--token repeated': '--token '.repeat(n / 8),
      'sk- run': 'sk-' + x(n, '-'),
      'secret words in one identifier': 'password'.repeat(n / 8) + '=x',
      'letters then a secret word': x(n, 'a') + 'token=x',
      'secret words between dots': 'key.'.repeat(n / 4),
    };
    const timings: string[] = [];
    for (const [name, text] of Object.entries(inputs)) {
      const t0 = performance.now();
      findSecretShapes(text);
      const ms = performance.now() - t0;
      timings.push(`${name}: ${ms.toFixed(0)} ms`);
      assert.ok(ms < 5_000, `${name} took ${ms.toFixed(0)} ms`);
    }
    console.log(timings.join('\n'));
  });
});
