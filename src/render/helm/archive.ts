/**
 * Vendored chart archives (`charts/common-2.1.0.tgz`, what `helm dependency
 * build` leaves): gunzipped and read as tar in process, bounded, with nothing
 * written to disk and nothing executed. The files become virtual files under
 * the archive's own path (`charts/common-2.1.0.tgz/templates/_labels.tpl`),
 * so the chart loader sees an ordinary subchart folder and findings in it name
 * the archive they come from.
 *
 * Bounds: the archive itself is read under the scan's size cap; it inflates to
 * at most MAX_INFLATED bytes and MAX_ENTRIES entries; entries with `..`,
 * absolute paths or links are skipped; only UTF-8 text files are kept.
 */
import { gunzipSync } from 'node:zlib';
import { LineIndex } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import type { ArtifactKind } from '../../base/artifact-kind.js';

const MAX_INFLATED = 64 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
const MAX_FILE = 5 * 1024 * 1024;

export type Unpacked = { files: SourceFile[] } | { problem: string };

/** The chart inside `bytes` (a `.tgz` at `archivePath`), as files under `archivePath/`. */
export function unpackChartArchive(bytes: Uint8Array, archivePath: string, absPath: string): Unpacked {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: MAX_INFLATED });
  } catch (e) {
    const why = (e as Error).message.includes('maxOutputLength') || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? `it inflates to more than ${MAX_INFLATED / 1024 / 1024} MiB` : 'it is not a gzip archive';
    return { problem: `${archivePath} was not unpacked: ${why}` };
  }
  const entries = readTar(tar);
  if ('problem' in entries) return { problem: `${archivePath} was not unpacked: ${entries.problem}` };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const files: SourceFile[] = [];
  for (const e of entries.list) {
    // Helm archives hold one top folder named after the chart: `common/Chart.yaml`.
    const parts = e.name.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length < 2 || parts.some((p) => p === '..') || e.name.startsWith('/')) continue;
    const rel = parts.slice(1).join('/');
    let text: string;
    try {
      text = decoder.decode(e.data);
    } catch {
      continue; // a binary file: not a template, and .Files of it is left out
    }
    if (text.includes('\0')) continue;
    const path = `${archivePath}/${rel}`;
    files.push({ path, absPath: `${absPath}/${rel}`, kind: kindOf(rel), text, lines: new LineIndex(text) });
  }
  if (!files.some((f) => f.kind === 'helm-chart' && f.path === `${archivePath}/Chart.yaml`)) return { problem: `${archivePath} was not unpacked: it holds no <chart>/Chart.yaml` };
  return { files };
}

function kindOf(rel: string): ArtifactKind {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (base === 'Chart.yaml') return 'helm-chart';
  if (/(^|\/)templates\//.test(rel)) return 'helm-template';
  if (/^values[\w.-]*\.ya?ml$/.test(base)) return 'helm-values';
  return 'yaml';
}

interface TarEntry {
  name: string;
  data: Uint8Array;
}

/** Regular files of a tar (ustar, with pax `path` and GNU long names), in order. */
export function readTar(tar: Uint8Array): { list: TarEntry[] } | { problem: string } {
  const list: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let count = 0;
  while (offset + 512 <= tar.length) {
    const h = tar.subarray(offset, offset + 512);
    if (h.every((b) => b === 0)) break;
    if (++count > MAX_ENTRIES) return { problem: `more than ${MAX_ENTRIES} entries` };
    const size = octal(h.subarray(124, 136));
    if (size === undefined) return { problem: 'a header with an unreadable size' };
    const type = String.fromCharCode(h[156]!);
    const dataStart = offset + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) return { problem: 'it ends inside an entry' };
    const data = tar.subarray(dataStart, dataEnd);
    const ustar = cstr(h.subarray(257, 263)).startsWith('ustar');
    const prefix = ustar ? cstr(h.subarray(345, 500)) : '';
    const name = longName ?? (prefix ? `${prefix}/${cstr(h.subarray(0, 100))}` : cstr(h.subarray(0, 100)));
    longName = undefined;
    if (type === 'L') longName = cstr(data);
    else if (type === 'x') longName = paxPath(data);
    else if ((type === '0' || type === '\0') && size <= MAX_FILE) list.push({ name, data });
    offset = dataStart + Math.ceil(size / 512) * 512;
  }
  return { list };
}

function cstr(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end === -1 ? b : b.subarray(0, end));
}

function octal(b: Uint8Array): number | undefined {
  if (b[0]! & 0x80) return undefined; // base-256 sizes are for files far over our caps
  const s = cstr(b).trim();
  if (!/^[0-7]*$/.test(s)) return undefined;
  return s === '' ? 0 : parseInt(s, 8);
}

/** The `path=` record of a pax extended header ("<len> path=<value>\n" records). */
function paxPath(data: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(data);
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    const rec = sp === -1 ? '' : line.slice(sp + 1);
    if (rec.startsWith('path=')) return rec.slice(5);
  }
  return undefined;
}
