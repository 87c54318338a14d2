/**
 * Helm's `toToml` (BurntSushi/toml's encoder): top-level keys with scalar values first, then
 * `[table]` sections for nested maps; on an error Helm returns the error text.
 */
import { type GoMap, type Value } from '../types.js';
import { jsonString } from './json.js';
import { formatG } from './yaml-emit.js';
import { isMap } from './values.js';

function bareKey(k: string): string {
  return k.length > 0 && [...k].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '-') ? k : jsonString(k, false);
}

function scalar(v: Value): string {
  if (typeof v === 'string') return jsonString(v, false);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    const s = formatG(v);
    return s.includes('.') || s.includes('e') || s.includes('n') ? s : s + '.0';
  }
  if (Array.isArray(v)) return '[' + v.filter((x) => x !== null).map(scalar).join(', ') + ']';
  if (isMap(v)) return '{' + Object.keys(v).sort().map((k) => `${bareKey(k)} = ${scalar(v[k]!)}`).join(', ') + '}';
  return '""';
}

function table(m: GoMap, path: string[], out: string[], depth: number): void {
  if (depth > 1000) throw new Error('toml: nested too deeply');
  const keys = Object.keys(m).sort();
  const scalars = keys.filter((k) => m[k] !== null && !isMap(m[k]!));
  const tables = keys.filter((k) => isMap(m[k]!));
  const indent = '  '.repeat(path.length);
  for (const k of scalars) out.push(`${indent}${bareKey(k)} = ${scalar(m[k]!)}`);
  for (const k of tables) {
    const p = [...path, k];
    if (out.length > 0) out.push('');
    out.push(`${'  '.repeat(p.length - 1)}[${p.map(bareKey).join('.')}]`);
    table(m[k] as GoMap, p, out, depth + 1);
  }
}

export function toToml(v: Value): string {
  if (!isMap(v)) return 'toml: top-level values must be Go maps or structs';
  const out: string[] = [];
  table(v, [], out, 0);
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
