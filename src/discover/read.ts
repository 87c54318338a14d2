/**
 * Reading a candidate safely: only regular files (a FIFO would block), never
 * past the size cap, binary files skipped, invalid UTF-8 decoded with
 * replacement characters and noted rather than dropped.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { LineIndex } from '../model/location.js';
import type { SourceFile } from '../model/types.js';
import type { Candidate } from './index.js';

/** Why a file was not read: decides whether the skip is a finding (see engine/scan.ts) or only a note. */
export type SkipCause = 'too-large' | 'binary' | 'encrypted' | 'unreadable' | 'not-regular' | 'outside-root';

export type ReadOutcome = { file: SourceFile; note?: string } | { skipped: string; cause: SkipCause };

const GIT_CRYPT_HEADER = Buffer.from('\0GITCRYPT\0', 'latin1');

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export function readCandidate(c: Candidate, rootReal: string, maxBytes: number): ReadOutcome {
  const r = readCandidateBytes(c, rootReal, maxBytes);
  return 'buf' in r ? decodeCandidate(c, r.buf, maxBytes) : r;
}

/** The raw bytes of a candidate with the same guards as `readCandidate` (inside the root, regular file, under the cap). */
export function readCandidateBytes(c: Pick<Candidate, 'absPath'>, rootReal: string, maxBytes: number): { buf: Buffer } | Extract<ReadOutcome, { skipped: string }> {
  let real: string;
  try {
    real = realpathSync(c.absPath);
  } catch (e) {
    return { skipped: `unreadable: ${describe(e)}`, cause: 'unreadable' };
  }
  if (real !== rootReal && !real.startsWith(rootReal + sep)) return { skipped: 'symlink points outside the scan root: not followed', cause: 'outside-root' };
  let st;
  try {
    st = statSync(real);
  } catch (e) {
    return { skipped: `unreadable: ${describe(e)}`, cause: 'unreadable' };
  }
  if (!st.isFile()) return { skipped: 'not a regular file', cause: 'not-regular' };
  if (st.size > maxBytes) return { skipped: `larger than the ${formatBytes(maxBytes)} size cap (${formatBytes(st.size)}); set maxFileSize to scan it`, cause: 'too-large' };

  let buf: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(real, 'r');
    const size = Math.min(fstatSync(fd).size, maxBytes + 1);
    buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    buf = buf.subarray(0, off);
  } catch (e) {
    return { skipped: `unreadable: ${describe(e)}`, cause: 'unreadable' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { buf };
}

/** Bytes of a candidate (from disk or from a git revision) → a SourceFile, or why not. */
export function decodeCandidate(c: Pick<Candidate, 'path' | 'absPath' | 'kind'>, buf: Buffer, maxBytes: number): ReadOutcome {
  if (buf.length > maxBytes) return { skipped: `larger than the ${formatBytes(maxBytes)} size cap`, cause: 'too-large' };
  // git-crypt stores encrypted files with this header: unreadable by design, not a bypass.
  if (buf.subarray(0, 10).equals(GIT_CRYPT_HEADER)) return { skipped: 'encrypted with git-crypt: not readable without its key', cause: 'encrypted' };
  if (buf.subarray(0, 8192).includes(0)) return { skipped: 'binary file (contains NUL bytes)', cause: 'binary' };

  let text: string;
  let note: string | undefined;
  try {
    text = strictUtf8.decode(buf);
  } catch {
    text = lenientUtf8.decode(buf);
    note = 'invalid UTF-8: undecodable bytes were replaced with U+FFFD';
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { file: { path: c.path, absPath: c.absPath, kind: c.kind, text, lines: new LineIndex(text) }, note };
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file (broken symlink?)';
    case 'ELOOP':
      return 'symlink loop';
    default:
      return err.code ?? err.message ?? 'error';
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} B`;
}
