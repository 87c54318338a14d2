/** Unit tests for package-manager parsing (src/model/package-installs.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src/model/location.js';
import { parseShell } from '../src/model/shell.js';
import { packageInstalls, type PackageInstall } from '../src/model/package-installs.js';

function parse(script: string): PackageInstall[] {
  const lines = new LineIndex(script);
  return packageInstalls(parseShell({ lines, path: 'Dockerfile', start: 0, end: script.length }).commands);
}

const pkgs = (p: PackageInstall | undefined) => p?.packages.map((x) => `${x.kind}:${x.name}${x.version ? '=' + x.version : ''}${x.release ? '/' + x.release : ''}`);

describe('package-installs', () => {
  it('apt-get: options with values are not packages (hadolint#928)', () => {
    const [u, i] = parse('apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -t bookworm-backports -o Dpkg::Options::=--force-confnew --no-install-recommends curl=7.88 git/bookworm ./x.deb $PKGS');
    assert.equal(u!.subcommand, 'update');
    assert.equal(i!.manager, 'apt-get');
    assert.equal(i!.subcommand, 'install');
    assert.deepEqual(pkgs(i), ['name:curl=7.88', 'name:git/bookworm', 'file:./x.deb', 'variable:$PKGS']);
    assert.ok(i!.flags.some((f) => f.name === '-t' && f.value === 'bookworm-backports'));
    assert.ok(i!.flags.some((f) => f.name === '--no-install-recommends'));
  });

  it('apt-get: subcommand after options, sudo unwrapped', () => {
    const [i] = parse('sudo -E apt-get -qq -y install curl');
    assert.equal(i!.manager, 'apt-get');
    assert.equal(i!.subcommand, 'install');
    assert.deepEqual(pkgs(i), ['name:curl']);
  });

  it('apk: --virtual takes a value; versions and repository tags', () => {
    const [i] = parse('apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2 curl~8 edge-pkg@testing');
    assert.deepEqual(pkgs(i), ['name:gcc', 'name:musl-dev==1.2.4-r2', 'name:curl=~8', 'name:edge-pkg/testing']);
  });

  it('pip: requirement files, index urls, local paths and specifiers (hadolint#345)', () => {
    const [a, b, c] = parse(
      'pip install --no-cache-dir -r requirements.txt --index-url https://x/simple && python3 -m pip install "uvicorn[standard]==0.30" \'httpx>=0.27\' flask -e . && pip3 install ./dist/a.whl git+https://github.com/a/b',
    );
    assert.deepEqual(pkgs(a), []);
    assert.ok(a!.flags.some((f) => f.name === '-r' && f.value === 'requirements.txt'));
    assert.equal(b!.manager, 'pip');
    assert.deepEqual(pkgs(b), ['name:uvicorn===0.30', 'name:httpx=>=0.27', 'name:flask']);
    assert.deepEqual(pkgs(c), ['file:./dist/a.whl', 'url:git+https://github.com/a/b']);
  });

  it('npm: ci and bare install have no packages; scoped names and moving tags', () => {
    const [ci, bare, g] = parse('npm ci --omit=dev; npm install --prefix /opt/app; npm install -g @scope/tool@1.2.3 typescript@latest pnpm');
    assert.equal(ci!.subcommand, 'ci');
    assert.deepEqual(pkgs(ci), []);
    assert.deepEqual(pkgs(bare), []);
    assert.deepEqual(pkgs(g), ['name:@scope/tool=1.2.3', 'name:typescript/latest', 'name:pnpm']);
  });

  it('yarn global add, gem -v, dnf versions', () => {
    const [y, gem, dnf] = parse('yarn global add serve@14.2.0 && gem install bundler -v 2.5.6 && dnf install -y --setopt=tsflags=nodocs nginx-1.24.0 git');
    assert.equal(y!.subcommand, 'add');
    assert.deepEqual(pkgs(y), ['name:serve=14.2.0']);
    assert.deepEqual(pkgs(gem), ['name:bundler=2.5.6']);
    assert.deepEqual(pkgs(dnf), ['name:nginx=1.24.0', 'name:git']);
  });

  it('ignores other programs and keeps word locations', () => {
    const res = parse('echo apt-get install curl\napt-get install -y jq');
    assert.equal(res.length, 1);
    assert.equal(res[0]!.packages[0]!.word.location.startLine, 2);
    assert.equal(res[0]!.packages[0]!.word.location.startColumn, 20);
  });

  it('is linear on hostile input', () => {
    const long = 'apt-get install ' + 'a-1/'.repeat(20000) + ' ' + '-'.repeat(20000) + ' ' + 'x'.repeat(50000) + '=';
    const t = performance.now();
    parse(long);
    parse('apk add ' + 'a~'.repeat(30000) + '@');
    parse('dnf install ' + 'a-'.repeat(30000));
    assert.ok(performance.now() - t < 2000);
  });
});
