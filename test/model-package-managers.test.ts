/**
 * Package managers in the model: parsing and pin syntax per manager
 * (package-installs.ts), confirmation prompts (waitsForConfirmation) and the
 * caches a RUN leaves in its layer (package-cache.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src/model/location.js';
import { parseShell } from '../src/model/shell.js';
import { liftDockerfile } from '../src/model/lift-dockerfile.js';
import { commandsFedByYes, packageInstalls, waitsForConfirmation, type PackageInstall } from '../src/model/package-installs.js';
import { stageCachesLeft } from '../src/model/package-cache.js';
import type { SourceFile } from '../src/model/types.js';

function parse(script: string): PackageInstall[] {
  const lines = new LineIndex(script);
  return packageInstalls(parseShell({ lines, path: 'Dockerfile', start: 0, end: script.length }).commands);
}

const pkgs = (p: PackageInstall | undefined) =>
  p?.packages.map((x) => `${x.kind}:${x.name}${x.version ? '=' + x.version : ''}${x.release ? '/' + x.release : ''}${x.lockedBy ? ' locked by ' + x.lockedBy : ''}`);

function stage(text: string) {
  const file: SourceFile = { path: 'Dockerfile', absPath: '/x/Dockerfile', kind: 'dockerfile', text, lines: new LineIndex(text) };
  const b = liftDockerfile(file, []);
  return b.stages[b.stages.length - 1]!;
}

describe('package managers: parsing and pins', () => {
  it('zypper: global options before the subcommand; =, >= and rpm-style versions', () => {
    const [p] = parse("zypper --non-interactive --gpg-auto-import-keys install -y curl=8.6.0 'wget>=1.21' git-2.43.0-1.1 vim");
    assert.equal(p!.manager, 'zypper');
    assert.equal(p!.subcommand, 'install');
    assert.deepEqual(pkgs(p), ['name:curl==8.6.0', 'name:wget=>=1.21', 'name:git=2.43.0-1.1', 'name:vim']);
  });

  it('uv pip is pip; python -m pip too', () => {
    const [a, b] = parse('uv pip install --system --no-cache flask==3.0.3 httpx && python3 -m pip install -U pip==24.0');
    assert.equal(a!.manager, 'uv');
    assert.equal(a!.subcommand, 'install');
    assert.deepEqual(pkgs(a), ['name:flask===3.0.3', 'name:httpx']);
    assert.equal(b!.manager, 'pip');
    assert.deepEqual(pkgs(b), ['name:pip===24.0']);
  });

  it('go: full versions and hashes pin; @latest, branches and go get without @ move; local paths and go.mod versions are not judged', () => {
    const [i] = parse('go install -ldflags "-s -w" -trimpath golang.org/x/tools/gopls@v0.16.2 example.com/a@latest example.com/b@0123abcd example.com/c@v1 ./cmd/... tool example.com/d');
    assert.deepEqual(pkgs(i), ['name:golang.org/x/tools/gopls=v0.16.2', 'name:example.com/a/latest', 'name:example.com/b=0123abcd', 'name:example.com/c/v1', 'file:./cmd/...', 'file:tool', 'name:example.com/d locked by go.mod']);
    const [g] = parse('go get example.com/lib');
    assert.deepEqual(pkgs(g), ['name:example.com/lib/upgrade']);
  });

  it('cargo: name@version, --version, --git with --rev, --path', () => {
    const [a, b, c, d] = parse('cargo install ripgrep@14.1.0 --locked && cargo install fd-find --version 10.1.0 && cargo install --git https://github.com/x/y --rev 0123abc && cargo install --path . tokei');
    assert.deepEqual(pkgs(a), ['name:ripgrep=14.1.0']);
    assert.deepEqual(pkgs(b), ['name:fd-find=10.1.0']);
    assert.deepEqual(pkgs(c), ['name:https://github.com/x/y=0123abc']);
    assert.deepEqual(pkgs(d), ['file:tokei']);
  });

  it('npm, yarn, pnpm: dist-tags are not versions; gem -v and name:version', () => {
    const [n, y, p, g, h] = parse('npm i -g typescript@latest && yarn global add serve@14.2.3 && pnpm add -D @types/node@20 && gem install rails -v 7.1.3 && gem install bundler:2.5.10 rake');
    assert.deepEqual(pkgs(n), ['name:typescript/latest']);
    assert.deepEqual(pkgs(y), ['name:serve=14.2.3']);
    assert.deepEqual(pkgs(p), ['name:@types/node=20']);
    assert.deepEqual(pkgs(g), ['name:rails=7.1.3']);
    assert.deepEqual(pkgs(h), ['name:bundler=2.5.10', 'name:rake']);
  });
});

describe('package managers: confirmation prompts', () => {
  const waits = (script: string) => {
    const lines = new LineIndex(script);
    const sh = parseShell({ lines, path: 'Dockerfile', start: 0, end: script.length });
    const fed = commandsFedByYes(sh.commands, sh.pipelines);
    return packageInstalls(sh.commands).map((p) => `${p.manager} ${p.subcommand}: ${waitsForConfirmation(p, fed.has(p.commandIndex))}`);
  };

  it('apt: -y, --yes, --assume-yes, -qq, -o APT::Get::Assume-Yes and yes | are non-interactive; DEBIAN_FRONTEND is not', () => {
    assert.deepEqual(waits('apt-get install -y a; apt-get -qq install b; apt-get --assume-yes remove c; apt-get -o APT::Get::Assume-Yes=true install d; yes | apt-get purge e; DEBIAN_FRONTEND=noninteractive apt-get install f; apt-get -q install g; apt-get update'), [
      'apt-get install: false', 'apt-get install: false', 'apt-get remove: false', 'apt-get install: false', 'apt-get purge: false', 'apt-get install: true', 'apt-get install: true', 'apt-get update: undefined',
    ]);
  });

  it('zypper: -n counts only before the subcommand (after install it is --name); -y after it', () => {
    assert.deepEqual(waits('zypper -n install a; zypper install -n b; zypper install -y c; zypper --non-interactive dup; zypper refresh'), [
      'zypper install: false', 'zypper install: true', 'zypper install: false', 'zypper dup: false', 'zypper refresh: undefined',
    ]);
  });

  it('yum/dnf need -y; microdnf, apk, npm and pip install never ask; pip uninstall does', () => {
    assert.deepEqual(waits('dnf install a; yum -y install b; dnf --setopt=assumeyes=1 upgrade; microdnf install c; apk add d; npm i e; pip install f; pip uninstall g; pip uninstall -y h'), [
      'dnf install: true', 'yum install: false', 'dnf upgrade: false', 'microdnf install: undefined', 'apk add: undefined', 'npm i: undefined', 'pip install: undefined', 'pip uninstall: true', 'pip uninstall: false',
    ]);
  });

  it('`yes` feeds only the commands after it in its own pipeline', () => {
    assert.deepEqual(waits('yes; apt-get install a'), ['apt-get install: true']);
  });
});

describe('package managers: caches left in the layer', () => {
  const left = (dockerfile: string) => stageCachesLeft(stage(dockerfile)).map((c) => `${c.manager} ${c.install.subcommand}: ${c.what.split(' (')[0]}`);

  it('one per manager that leaves its cache; cleanups in the same RUN, options, env and cache mounts count', () => {
    assert.deepEqual(left('FROM x\nRUN dnf install -y a && npm ci && yarn && pnpm i && uv pip install b && cargo install c\n'), [
      'dnf install: the repository metadata and packages in /var/cache/dnf',
      'npm ci: every downloaded tarball in npm\'s cache',
      'yarn : every downloaded package in yarn\'s cache',
      'pnpm i: pnpm\'s content-addressed store',
      'uv install: uv\'s download cache',
      'cargo install: the crates.io index and downloaded sources in cargo\'s registry',
    ]);
    assert.deepEqual(left('FROM x\nENV UV_NO_CACHE=1\nRUN dnf install -y a && dnf clean all && npm ci && npm cache clean --force && yarn && yarn cache clean && pnpm i && pnpm store prune && uv pip install b && cargo install c && rm -rf ~/.cargo/registry /usr/local/cargo/registry\n'), []);
    assert.deepEqual(left('FROM x\nRUN --mount=type=cache,target=/var/cache/dnf --mount=type=cache,target=/root/.npm dnf install -y a && npm ci\n'), []);
    assert.deepEqual(left('FROM x\nRUN zypper -n in a && rm -rf /var/cache/*\n'), []);
  });

  it('a cleanup in a later RUN is too late', () => {
    assert.deepEqual(left('FROM x\nRUN yum install -y a\nRUN yum clean all\n'), ['yum install: the repository metadata and packages in /var/cache/yum']);
  });

  it('apt: docker-clean removed in a parent stage keeps the archives of later installs without a cache mount', () => {
    const text = 'FROM debian AS base\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nFROM base\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n';
    assert.deepEqual(left(text), ['apt-get install: every downloaded .deb in /var/cache/apt/archives, because /etc/apt/apt.conf.d/docker-clean was removed']);
    assert.deepEqual(left('FROM debian\nRUN apt-get update && apt-get dist-clean && apt-get install -y a\n'), [], 'dist-clean removes the lists (apt 2.7.8+)');
  });

  it('linear: one RUN with thousands of installs and removals', { timeout: 20_000 }, () => {
    const n = 4000;
    const cmds = Array.from({ length: n }, (_, i) => `dnf install -y p${i} && rm -rf /tmp/x${i} && npm i q${i}`).join(' && ');
    const out = left(`FROM x\nRUN ${cmds} && dnf clean all && npm cache clean --force\n`);
    assert.deepEqual(out, []);
  });
});
