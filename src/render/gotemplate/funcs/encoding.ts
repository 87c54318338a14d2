/**
 * Sprig's encodings, checksums and random values. Random output (uuidv4, rand*, genCA...) differs on
 * every render, as with Helm; differential tests must not compare it.
 */
import { createHash, generateKeyPairSync, randomInt, randomUUID } from 'node:crypto';
import { GoStruct, TemplateError, type FuncMap, type Value } from '../types.js';
import { needInt, needString, toInt64 } from './values.js';
import { selfSignedCert } from './x509.js';
/** Bound on rand* lengths: a password or token is short; a hostile count must not stall the scan. */
const MAX_RANDOM_CHARS = 1024 * 1024;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * base64.StdEncoding.DecodeString (line breaks ignored, padding required); on bad input Sprig's
 * b64dec returns Go's error text ("illegal base64 data at input byte N") instead of failing.
 */
export function b64decode(s: string): string {
  const kept: string[] = [];
  const pos: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\n' || s[i] === '\r') continue;
    kept.push(s[i]!);
    pos.push(i);
  }
  const at = (k: number) => `illegal base64 data at input byte ${k < pos.length ? pos[k] : s.length}`;
  for (let q = 0; q < kept.length; q += 4) {
    for (let j = 0; j < 4; j++) {
      const k = q + j;
      const c = kept[k];
      if (c === undefined) return at(q);
      if (c === '=') {
        // Padding only in the last quantum's third or fourth place.
        if (j < 2 || (j === 2 && kept[k + 1] !== '=') || k + (j === 2 ? 2 : 1) !== kept.length) return at(k);
        break;
      }
      if (!B64.includes(c)) return at(k);
    }
  }
  return new TextDecoder().decode(Buffer.from(kept.join(''), 'base64'));
}

function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of new TextEncoder().encode(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUM = '0123456789';

function randomFrom(fn: string, set: string, n: Value): string {
  const count = Number(needInt(fn, n));
  if (count < 0) throw new TemplateError(`${fn}: count must be non-negative`);
  if (count > MAX_RANDOM_CHARS) throw new TemplateError(`${fn}: count ${count} exceeds the ${MAX_RANDOM_CHARS} bound`);
  let out = '';
  for (let i = 0; i < count; i++) out += set[randomInt(set.length)];
  return out;
}

let ascii = '';
for (let c = 32; c <= 126; c++) ascii += String.fromCharCode(c);

/** Sprig's certificate struct: `.Cert` and `.Key` PEM text. */
function certificate(cert: string, key: string): GoStruct {
  return new GoStruct('sprig.certificate', { Cert: cert, Key: key });
}

function rsaKey(): { pem: string; key: import('node:crypto').KeyObject; pub: import('node:crypto').KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), key: privateKey, pub: publicKey };
}

function strList(v: Value | undefined): string[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : [];
}

export function encodingFuncs(): FuncMap {
  return {
    b64enc: (_c, s) => Buffer.from(needString('b64enc', s), 'utf8').toString('base64'),
    b64dec: (_c, s) => b64decode(needString('b64dec', s)),
    sha1sum: (_c, s) => createHash('sha1').update(needString('sha1sum', s), 'utf8').digest('hex'),
    sha256sum: (_c, s) => createHash('sha256').update(needString('sha256sum', s), 'utf8').digest('hex'),
    sha512sum: (_c, s) => createHash('sha512').update(needString('sha512sum', s), 'utf8').digest('hex'),
    adler32sum: (_c, s) => String(adler32(needString('adler32sum', s))),
    uuidv4: () => randomUUID(),
    randAlphaNum: (_c, n) => randomFrom('randAlphaNum', ALPHA + NUM, n ?? null),
    randAlpha: (_c, n) => randomFrom('randAlpha', ALPHA, n ?? null),
    randNumeric: (_c, n) => randomFrom('randNumeric', NUM, n ?? null),
    randAscii: (_c, n) => randomFrom('randAscii', ascii, n ?? null),
    randInt: (_c, lo, hi) => {
      const a = toInt64(lo ?? null);
      const b = toInt64(hi ?? null);
      if (b <= a) throw new TemplateError('invalid argument to Intn');
      return a + BigInt(randomInt(Number(b - a)));
    },
    genPrivateKey: (_c, typ) => {
      const t = needString('genPrivateKey', typ);
      if (t !== 'rsa' && t !== '') return `Unknown type ${t}`;
      return rsaKey().pem;
    },
    genCA: (_c, cn, days) => {
      const k = rsaKey();
      const cert = selfSignedCert({ cn: needString('genCA', cn), days: Number(needInt('genCA', days)), isCA: true, ips: [], dns: [], key: k.key, pub: k.pub });
      return certificate(cert, k.pem);
    },
    genSelfSignedCert: (_c, cn, ips, dns, days) => {
      const k = rsaKey();
      const cert = selfSignedCert({ cn: needString('genSelfSignedCert', cn), days: Number(needInt('genSelfSignedCert', days)), isCA: false, ips: strList(ips), dns: strList(dns), key: k.key, pub: k.pub });
      return certificate(cert, k.pem);
    },
    genSignedCert: (_c, cn, ips, dns, days, ca) => {
      if (!(ca instanceof GoStruct)) throw new TemplateError('wrong type for value; expected sprig.certificate');
      const k = rsaKey();
      // Signed by a fresh key, not the CA's: the chain does not verify (a scan never uses the certificate).
      const cert = selfSignedCert({ cn: needString('genSignedCert', cn), days: Number(needInt('genSignedCert', days)), isCA: false, ips: strList(ips), dns: strList(dns), key: k.key, pub: k.pub });
      return certificate(cert, k.pem);
    },
  };
}
