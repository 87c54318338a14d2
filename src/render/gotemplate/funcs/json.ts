/**
 * Go's encoding/json for template values: what Helm's `toJson` and Sprig's `toPrettyJson`/
 * `toRawJson` print, and the JSON half of Helm's `toYaml` (sigs.k8s.io/yaml marshals to JSON first).
 */
import { GoStruct, TemplateError, type Value } from '../types.js';
import { isMap, MAX_DEPTH, put } from './values.js';

export interface JsonOptions {
  /** Go's default SetEscapeHTML(true): `<`, `>`, `&` as \u003c, \u003e, \u0026. */
  escapeHTML: boolean;
  /** MarshalIndent's indent ("" for compact). */
  indent: string;
}

/** Go's float64 JSON text: shortest digits, exponent form below 1e-6 and from 1e21 (like JS), `e-07` cleaned to `e-7`. */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new TemplateError(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(f, -0)) return '-0';
  return String(f);
}

export function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      out += ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch === '\t' ? '\\t' : '\\u00' + c.toString(16).padStart(2, '0');
    } else if (escapeHTML && (ch === '<' || ch === '>' || ch === '&')) out += '\\u00' + c.toString(16);
    else if (c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16);
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is invalid UTF-8 in Go: encoding/json writes U+FFFD.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1]!;
        i++;
      } else out += '\ufffd';
    } else out += ch;
  }
  return out + '"';
}

function base64(b: Uint8Array): string {
  return Buffer.from(b).toString('base64');
}

/** Map keys in Go's order for encoding/json: sorted by bytes (UTF-16 order equals UTF-8 order outside surrogates). */
function sortedKeys(o: object): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function toJsonText(v: Value, opts: JsonOptions, depth = 0, prefix = ''): string {
  if (depth > MAX_DEPTH) throw new TemplateError('json: value nested too deeply');
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return jsonFloat(v);
    case 'string':
      return jsonString(v, opts.escapeHTML);
  }
  if (v instanceof Uint8Array) return jsonString(base64(v), opts.escapeHTML);
  const inner = prefix + opts.indent;
  const nl = opts.indent === '' ? '' : '\n';
  const colon = opts.indent === '' ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + nl + v.map((x) => inner + toJsonText(x, opts, depth + 1, inner)).join(',' + nl) + nl + prefix + ']';
  }
  const fields: [string, Value][] = v instanceof GoStruct ? Object.entries(v.fields) : isMap(v) ? sortedKeys(v).map((k) => [k, v[k]!]) : [];
  if (fields.length === 0) return '{}';
  return '{' + nl + fields.map(([k, x]) => inner + jsonString(k, opts.escapeHTML) + colon + toJsonText(x, opts, depth + 1, inner)).join(',' + nl) + nl + prefix + '}';
}

/** JSON text to template values as Go's json.Unmarshal into interface{} gives them: numbers are float64. */
export function fromJsonText(text: string): Value {
  const parsed: unknown = JSON.parse(text);
  return jsToValue(parsed);
}

/** JS data (from JSON.parse or the yaml package) to template values: numbers float64, objects as plain maps. */
export function jsToValue(x: unknown, depth = 0): Value {
  if (depth > MAX_DEPTH) throw new TemplateError('value nested too deeply');
  if (x === null || x === undefined) return null;
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'bigint') return Number(x);
  if (x instanceof Date) return x.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(x)) return x.map((y) => jsToValue(y, depth + 1));
  if (x instanceof Map) {
    const m: Record<string, Value> = {};
    for (const [k, val] of x) put(m, String(k), jsToValue(val, depth + 1));
    return m;
  }
  if (typeof x === 'object') {
    const m: Record<string, Value> = {};
    for (const k of Object.keys(x)) put(m, k, jsToValue((x as Record<string, unknown>)[k], depth + 1));
    return m;
  }
  return String(x);
}
