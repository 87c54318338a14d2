/**
 * What users install and run: the npm tarball, the bundle it carries, and the
 * bundle's handling of CommonJS packages loaded on demand. The test suite
 * otherwise runs TypeScript sources; these tests catch what only the shipped
 * artifact gets wrong.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT, cli, makeRepo, validateJsonReport, validateSarif } from './helpers.js';

/** Packages whose `import()` yields real named exports in the bundle too (they ship ESM builds esbuild picks). */
const ESM_PACKAGES = new Set(['libpg-query']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('dynamic imports of packages', () => {
  it('go through cjsExports unless the package is ESM, so the bundle sees the same exports as the sources', () => {
    const offenders: string[] = [];
    let seen = 0;
    for (const file of [...sourceFiles(join(PROJECT_ROOT, 'src')), ...sourceFiles(join(PROJECT_ROOT, 'rules'))]) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        // `import('x').T` and `typeof import('x')` are types, erased at build time.
        for (const m of line.matchAll(/(typeof )?import\('([^'.][^']*)'\)(\.)?/g)) {
          const spec = m[2]!;
          if (m[1] || m[3] || spec.startsWith('node:')) continue;
          seen++;
          if (!ESM_PACKAGES.has(spec) && !line.includes(`cjsExports(await import('${spec}'))`)) offenders.push(`${relative(PROJECT_ROOT, file)}:${i + 1}: import('${spec}')`);
        }
      });
    }
    assert.ok(seen >= 3, `found only ${seen} dynamic package imports: the scan above is broken`);
    assert.deepEqual(offenders, []);
  });
});

describe('the bundle with a config file', () => {
  const CONFIG = 'failOn: high\nrules:\n  dockerfile/full-os-base: off\n  image/no-digest: low\n';
  const files = { 'Dockerfile': 'FROM debian:bookworm\nUSER root\nCMD ["/app"]\n' };

  it('scan, baseline, rules, explain and print-config all accept .shipshape.yml and --config', async () => {
    const repo = makeRepo({ ...files, '.shipshape.yml': CONFIG, 'ci/strict.yml': 'failOn: info\n' });
    for (const format of ['terminal', 'json', 'sarif']) {
      const r = await cli(['scan', repo, '-f', format], { cwd: repo });
      assert.equal(r.code, 1, `${format}: ${r.stderr}`);
      assert.equal(r.stderr, '', format);
      assert.match(r.stdout, /container\/run-as-root/, format);
      assert.ok(!r.stdout.includes('dockerfile/full-os-base'), `${format}: the config switched full-os-base off`);
      if (format === 'json') assert.deepEqual(await validateJsonReport(JSON.parse(r.stdout)), []);
      if (format === 'sarif') assert.deepEqual(await validateSarif(JSON.parse(r.stdout)), []);
    }
    const baseline = join(repo, 'base.json');
    const b = await cli(['baseline', repo, '-o', baseline], { cwd: repo });
    assert.equal(b.code, 0, b.stderr);
    const again = await cli(['scan', repo, '--baseline', baseline, '-f', 'json'], { cwd: repo });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).findings.length, 0);
    const explicit = await cli(['print-config', repo, '--config', join(repo, 'ci/strict.yml')], { cwd: repo });
    assert.equal(explicit.code, 0, explicit.stderr);
    assert.match(explicit.stdout, /"failOn": "info"/);
    const pc = await cli(['print-config', repo], { cwd: repo });
    assert.equal(pc.code, 0, pc.stderr);
    assert.match(pc.stdout, /dockerfile\/full-os-base/);
    const rules = await cli(['rules'], { cwd: repo });
    assert.equal(rules.code, 0, rules.stderr);
    assert.match(rules.stdout, /container\/run-as-root/);
    const explain = await cli(['explain', 'container/run-as-root'], { cwd: repo });
    assert.equal(explain.code, 0, explain.stderr);
  });

  it('an empty config file is a valid config', async () => {
    const repo = makeRepo({ ...files, '.shipshape.yml': '' });
    const r = await cli(['scan', repo, '-f', 'json'], { cwd: repo });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(JSON.parse(r.stdout).findings.length > 0);
  });
});

describe('the npm package', () => {
  it('packs bin, dist, docs and licences, and nothing of the tests', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const paths: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    for (const p of ['bin/shipshape.js', 'dist/cli.mjs', 'dist/libpg-query.wasm', 'dist/THIRD-PARTY-LICENSES.txt', 'LICENSE', 'README.md', 'src/config/schema.json', 'docs/rules/README.md']) {
      assert.ok(paths.includes(p), `${p} is in the package`);
    }
    const stray = paths.filter((p) => /^(fixtures|test|examples|scripts|rules)\//.test(p) || (p.startsWith('src/') && p !== 'src/config/schema.json'));
    assert.deepEqual(stray, []);
  });

  it('installs from its tarball with no network and runs --version and a scan', () => {
    const work = mkdtempSync(join(tmpdir(), 'shipshape-pack-'));
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const tarball = join(work, JSON.parse(packed)[0].filename as string);
    const prefix = join(work, 'prefix');
    // --offline: everything must come from the tarball (the bundle has no runtime dependencies) or the local cache.
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: work, encoding: 'utf8', stdio: 'pipe' });
    const bin = join(prefix, 'bin', 'shipshape');
    assert.ok(existsSync(bin), 'npm linked the shipshape command');
    const env = { PATH: process.env['PATH'] ?? '', HOME: work, NO_COLOR: '1' };
    const v = spawnSync(bin, ['--version'], { cwd: work, encoding: 'utf8', env });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim(), JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version);
    const repo = makeRepo({
      '.shipshape.yml': 'failOn: high\n',
      'Dockerfile': 'FROM debian:bookworm-slim\nUSER root\nCMD ["/app"]\n',
      'migrations/20240101000000_init.sql': 'CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE INDEX t_id ON t (id);\n',
    });
    const s = spawnSync(bin, ['scan', '-f', 'json'], { cwd: repo, encoding: 'utf8', env });
    assert.equal(s.status, 1, s.stderr);
    const ids = JSON.parse(s.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(ids.includes('container/run-as-root'), `Dockerfile rules ran: ${ids.join(', ')}`);
    assert.ok(JSON.parse(s.stdout).summary.artifacts['sql-migration'] >= 1, 'the SQL parser loaded from the installed package');
  });
});
