/** Vendored chart archives read in memory (src/render/helm/archive.ts): bounded, no path escapes, clear refusals. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readTar, unpackChartArchive } from '../src/render/helm/archive.js';

function header(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write(type, 156);
  h.write('ustar\u000000', 257);
  return h;
}

function entry(name: string, text: string, type = '0'): Buffer {
  const data = Buffer.from(text);
  return Buffer.concat([header(name, data.length, type), data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

const tar = (...parts: Buffer[]) => Buffer.concat([...parts, Buffer.alloc(1024)]);

describe('chart archives', () => {
  it('unpacks the chart under the archive path, dropping the top folder; kinds by place', () => {
    const long = `c/templates/${'x'.repeat(120)}.yaml`;
    const t = tar(
      entry('c/Chart.yaml', 'name: c\n'),
      entry('c/values.yaml', 'a: 1\n'),
      entry('././@LongLink', long, 'L'),
      entry('ignored-short-name', 'kind: Pod\n'),
      entry('pax', `${long.length + 11} path=c/templates/pax.yaml\n`, 'x'),
      entry('ignored', 'kind: Service\n'),
      entry('c/files/bin.dat', '\u0000\u0001'),
      entry('c/../../etc/passwd', 'root'),
      entry('/abs/Chart.yaml', 'name: x\n'),
      entry('c/link', '', '2'),
    );
    const u = unpackChartArchive(gzipSync(t), 'charts/c-1.0.0.tgz', '/r/charts/c-1.0.0.tgz');
    assert.ok('files' in u);
    assert.deepEqual(u.files.map((f) => `${f.path} ${f.kind}`), [
      'charts/c-1.0.0.tgz/Chart.yaml helm-chart',
      'charts/c-1.0.0.tgz/values.yaml helm-values',
      `charts/c-1.0.0.tgz/templates/${'x'.repeat(120)}.yaml helm-template`,
      'charts/c-1.0.0.tgz/templates/pax.yaml helm-template',
    ]);
  });

  it('refuses what is not a chart archive, with why', () => {
    const p = (u: ReturnType<typeof unpackChartArchive>) => ('problem' in u ? u.problem : 'unpacked');
    assert.match(p(unpackChartArchive(Buffer.from('not gzip'), 'a.tgz', '/a.tgz')), /a\.tgz was not unpacked: it is not a gzip archive/);
    assert.match(p(unpackChartArchive(gzipSync(tar(entry('c/values.yaml', 'a: 1\n'))), 'a.tgz', '/a.tgz')), /holds no <chart>\/Chart\.yaml/);
    // A gzip bomb: 100 MiB of zeros in ~100 KiB stops at the inflate bound.
    assert.match(p(unpackChartArchive(gzipSync(Buffer.alloc(100 * 1024 * 1024)), 'a.tgz', '/a.tgz')), /inflates to more than 64 MiB/);
    const truncated = entry('c/Chart.yaml', 'name: c\n'.repeat(200)).subarray(0, 700);
    assert.deepEqual(readTar(truncated), { problem: 'it ends inside an entry' });
    const bad = header('c/Chart.yaml', 0);
    bad.write('zzzzzzzzzzz\0', 124);
    assert.deepEqual(readTar(Buffer.concat([bad, Buffer.alloc(1024)])), { problem: 'a header with an unreadable size' });
  });
});
