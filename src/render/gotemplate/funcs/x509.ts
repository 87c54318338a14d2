/**
 * A minimal X.509 v3 certificate writer (DER by hand, signed with node:crypto) for Sprig's genCA /
 * genSelfSignedCert / genSignedCert, so charts that template webhook certificates render real PEM.
 */
import { sign, type KeyObject } from 'node:crypto';

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, body: Uint8Array | number[]): number[] {
  const b = Array.from(body);
  return [tag, ...len(b.length), ...b];
}

const seq = (...parts: number[][]) => tlv(0x30, parts.flat());

function oid(dotted: string): number[] {
  const p = dotted.split('.').map(Number);
  const out = [p[0]! * 40 + p[1]!];
  for (const n of p.slice(2)) {
    const enc: number[] = [n & 0x7f];
    for (let x = Math.floor(n / 128); x > 0; x = Math.floor(x / 128)) enc.unshift(0x80 | (x & 0x7f));
    out.push(...enc);
  }
  return tlv(0x06, out);
}

function integer(bytes: number[]): number[] {
  const b = bytes[0]! & 0x80 ? [0, ...bytes] : bytes;
  return tlv(0x02, b);
}

function time(d: Date): number[] {
  const iso = d.toISOString();
  const y = d.getUTCFullYear();
  const digits = iso.slice(0, 19).replaceAll('-', '').replaceAll(':', '').replace('T', '') + 'Z';
  return y < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), 'latin1')) : tlv(0x18, Buffer.from(digits, 'latin1'));
}

function name(cn: string): number[] {
  return seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
}

function ipBytes(ip: string): number[] | undefined {
  const v4 = ip.split('.');
  if (v4.length === 4 && v4.every((x) => x !== '' && Number(x) >= 0 && Number(x) <= 255)) return v4.map(Number);
  return undefined;
}

function extension(id: string, critical: boolean, value: number[]): number[] {
  return seq(oid(id), ...(critical ? [tlv(0x01, [0xff])] : []), tlv(0x04, value));
}

export interface CertRequest {
  cn: string;
  days: number;
  isCA: boolean;
  ips: string[];
  dns: string[];
  key: KeyObject;
  pub: KeyObject;
}

export function selfSignedCert(r: CertRequest): string {
  const now = new Date();
  const notAfter = new Date(now.getTime() + Math.max(0, Math.min(r.days, 3_650_000)) * 86_400_000);
  const serial = Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
  serial[0] = serial[0]! & 0x7f;
  const alg = seq(oid('1.2.840.113549.1.1.11'), [0x05, 0x00]);
  const exts: number[][] = [
    extension('2.5.29.15', true, tlv(0x03, r.isCA ? [0x02, 0xa4] : [0x05, 0xa0])),
    extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
    extension('2.5.29.19', true, seq(...(r.isCA ? [tlv(0x01, [0xff])] : []))),
  ];
  const sans = [...r.dns.map((d) => tlv(0x82, Buffer.from(d, 'latin1'))), ...r.ips.flatMap((ip) => (ipBytes(ip) ? [tlv(0x87, ipBytes(ip)!)] : []))];
  if (sans.length > 0) exts.push(extension('2.5.29.17', false, seq(...sans)));
  const spki = Array.from(r.pub.export({ type: 'spki', format: 'der' }));
  const tbs = seq(tlv(0xa0, integer([2])), integer(serial), alg, name(r.cn), seq(time(now), time(notAfter)), name(r.cn), spki, tlv(0xa3, seq(...exts)));
  const sig = sign('sha256', Uint8Array.from(tbs), r.key);
  const der = Buffer.from(seq(tbs, alg, tlv(0x03, [0, ...sig])));
  const b64 = der.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
