/**
 * `values.schema.json`: Helm validates the coalesced values of each chart
 * against its schema before rendering. Here a violation is a finding at the
 * values line that holds the offending key (the chart is still rendered, so its
 * other findings are not lost); a schema that is not valid JSON is one too.
 */
import type { Location } from '../../base/location.js';
import type { SourceFile } from '../../base/source-file.js';
import type { GoMap, Value } from '../gotemplate/types.js';

export interface SchemaViolation {
  /** Values path of the offending key (empty for the root). */
  path: string[];
  message: string;
}

/** At most this many violations per chart: a broken schema must not flood the report. */
const MAX_VIOLATIONS = 20;

export async function validateValues(schemaFile: SourceFile, values: GoMap): Promise<{ violations: SchemaViolation[]; error?: string }> {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaFile.text);
  } catch (e) {
    return { violations: [], error: `${schemaFile.path} is not valid JSON: ${(e as Error).message}` };
  }
  const { Ajv } = cjsExports(await import('ajv'));
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  let check;
  try {
    check = ajv.compile(schema as object);
  } catch (e) {
    return { violations: [], error: `${schemaFile.path} is not a usable JSON Schema: ${(e as Error).message}` };
  }
  if (check(toJson(values))) return { violations: [] };
  return {
    violations: (check.errors ?? []).slice(0, MAX_VIOLATIONS).map((e) => {
      const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const extra = e.keyword === 'additionalProperties' ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : e.keyword === 'required' ? ` ("${(e.params as { missingProperty: string }).missingProperty}")` : '';
      return { path, message: `${e.instancePath === '' ? 'values' : e.instancePath.slice(1).replace(/\//g, '.')} ${e.message ?? 'is invalid'}${extra}` };
    }),
  };
}

/** Values as JSON (what Helm validates): int64 from --set become numbers. */
function toJson(v: Value): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array) && !('typeName' in v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/**
 * src/util/cjs.ts's `cjsExports`, repeated because the render stage imports only src/base:
 * the esbuild bundle exposes a CommonJS package only as `default`, Node's loader as both.
 */
function cjsExports<T extends object>(ns: T): T {
  const d = (ns as { default?: unknown }).default;
  return d !== null && (typeof d === 'object' || typeof d === 'function') ? (d as T) : ns;
}

export type { Location };
