/**
 * The rest of Sprig v3's map that no corpus chart calls but a chart may: base32, chunk, the os*
 * path aliases (Linux: same as path), url helpers, randBytes, the *WithKey certificate variants,
 * buildCustomCert and the old aliases. Not implemented (a chart using them gets "not defined"):
 * bcrypt, htpasswd, derivePassword, encryptAES, decryptAES.
 */
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { GoStruct, TemplateError, type FuncMap, type GoMap, type Value } from '../types.js';
import { needInt, needString, newMap, put, strval } from './values.js';
import { pathFuncs } from './paths.js';
import { dateFuncs } from './dates.js';
import { selfSignedCert } from './x509.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function b32enc(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** base32.StdEncoding.DecodeString; on bad input Sprig returns Go's error text. */
function b32dec(s: string): string {
  const t = s.replaceAll('\n', '').replaceAll('\r', '');
  if (t.length % 8 !== 0) return `illegal base32 data at input byte ${t.length - (t.length % 8)}`;
  let e = t.length;
  while (e > 0 && t[e - 1] === '=') e--;
  const body = t.slice(0, e);
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < body.length; i++) {
    const v = B32.indexOf(body[i]!);
    if (v < 0) return `illegal base32 data at input byte ${i}`;
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

function chunk(size: bigint, v: Value): Value[][] {
  if (!Array.isArray(v)) throw new TemplateError(`Cannot chunk type ${typeof v}`);
  if (size <= 0n) throw new TemplateError('chunk size must be positive');
  const n = Number(size);
  const out: Value[][] = [];
  for (let i = 0; i < v.length; i += n) out.push(v.slice(i, i + n));
  return out;
}

/** url.Parse's parts, as Sprig's urlParse returns them. */
function urlParse(s: string): GoMap {
  let rest = s;
  const m = newMap();
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && [...rest.slice(0, colon)].every((c, i) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || '+-.'.includes(c))))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let host = '';
  let userinfo = '';
  let opaque = '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const at = authority.lastIndexOf('@');
    userinfo = at >= 0 ? authority.slice(0, at) : '';
    host = at >= 0 ? authority.slice(at + 1) : authority;
  } else if (scheme !== '' && !rest.startsWith('/')) {
    opaque = rest;
    rest = '';
  }
  let hostname = host;
  if (hostname.startsWith('[')) hostname = hostname.slice(1, hostname.indexOf(']') >= 0 ? hostname.indexOf(']') : undefined);
  else if (hostname.lastIndexOf(':') >= 0) hostname = hostname.slice(0, hostname.lastIndexOf(':'));
  put(m, 'scheme', scheme);
  put(m, 'host', host);
  put(m, 'hostname', hostname);
  put(m, 'path', rest);
  put(m, 'query', query);
  put(m, 'opaque', opaque);
  put(m, 'fragment', fragment);
  put(m, 'userinfo', userinfo);
  return m;
}

function urlJoin(d: GoMap): string {
  const get = (k: string) => (d[k] === undefined || d[k] === null ? '' : strval(d[k]!));
  let out = '';
  if (get('scheme')) out += get('scheme') + ':';
  if (get('opaque')) out += get('opaque');
  else {
    if (get('host') || get('userinfo')) out += '//' + (get('userinfo') ? get('userinfo') + '@' : '') + get('host');
    const p = get('path');
    out += p && get('host') && !p.startsWith('/') ? '/' + p : p;
  }
  if (get('query')) out += '?' + get('query');
  if (get('fragment')) out += '#' + get('fragment');
  return out;
}

function keyFromPem(pem: Value): { key: ReturnType<typeof createPrivateKey>; pem: string } {
  const text = needString('key', pem);
  try {
    return { key: createPrivateKey(text), pem: text };
  } catch {
    throw new TemplateError('error decoding PEM key');
  }
}

function certWithKey(cn: Value, ips: Value, dns: Value, days: Value, keyPem: Value, isCA: boolean): GoStruct {
  const k = keyFromPem(keyPem);
  const list = (v: Value) => (Array.isArray(v) ? v.map(strval) : []);
  const cert = selfSignedCert({ cn: needString('cert', cn), days: Number(needInt('cert', days)), isCA, ips: list(ips), dns: list(dns), key: k.key, pub: createPublicKey(k.key) });
  return new GoStruct('sprig.certificate', { Cert: cert, Key: k.pem });
}

export function extraFuncs(): FuncMap {
  const paths = pathFuncs();
  const dates = dateFuncs();
  return {
    b32enc: (_c, s) => b32enc(needString('b32enc', s)),
    b32dec: (_c, s) => b32dec(needString('b32dec', s)),
    chunk: (_c, n, l) => chunk(needInt('chunk', n), l ?? null),
    mustChunk: (_c, n, l) => chunk(needInt('mustChunk', n), l ?? null),
    osBase: paths['base']!,
    osDir: paths['dir']!,
    osExt: paths['ext']!,
    osClean: paths['clean']!,
    osIsAbs: paths['isAbs']!,
    mustDateModify: dates['dateModify']!,
    mustToDate: dates['mustToDate']!,
    trimall: (_c, cut, s) => {
      const set = new Set(needString('trimall', cut));
      const chars = Array.from(needString('trimall', s));
      let a = 0;
      let b = chars.length;
      while (a < b && set.has(chars[a]!)) a++;
      while (b > a && set.has(chars[b - 1]!)) b--;
      return chars.slice(a, b).join('');
    },
    hello: () => 'Hello!',
    randBytes: (_c, n) => {
      const count = Number(needInt('randBytes', n));
      if (count < 0 || count > 16 * 1024 * 1024) throw new TemplateError(`randBytes: count ${count} out of range`);
      return randomBytes(count).toString('base64');
    },
    urlParse: (_c, s) => urlParse(needString('urlParse', s)),
    urlJoin: (_c, d) => {
      if (d === null || typeof d !== 'object' || Array.isArray(d)) throw new TemplateError('wrong type for value; expected map[string]interface {}');
      return urlJoin(d as GoMap);
    },
    genCAWithKey: (_c, cn, days, key) => certWithKey(cn ?? null, [], [], days ?? null, key ?? null, true),
    genSelfSignedCertWithKey: (_c, cn, ips, dns, days, key) => certWithKey(cn ?? null, ips ?? null, dns ?? null, days ?? null, key ?? null, false),
    genSignedCertWithKey: (_c, cn, ips, dns, days, _ca, key) => certWithKey(cn ?? null, ips ?? null, dns ?? null, days ?? null, key ?? null, false),
    buildCustomCert: (_c, cert, key) => {
      const c = Buffer.from(needString('buildCustomCert', cert), 'base64').toString('utf8');
      const k = Buffer.from(needString('buildCustomCert', key), 'base64').toString('utf8');
      if (!c.includes('-----BEGIN CERTIFICATE-----')) throw new TemplateError('unable to decode base64 certificate');
      if (!k.includes('PRIVATE KEY-----')) throw new TemplateError('unable to decode base64 private key');
      return new GoStruct('sprig.certificate', { Cert: c, Key: k });
    },
  };
}
