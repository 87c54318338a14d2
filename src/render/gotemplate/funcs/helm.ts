/**
 * Helm's own template functions (pkg/engine/funcs.go): the YAML/JSON/TOML conversions, include, tpl,
 * required, fail, lookup. `env` and `expandenv` are removed by Helm, so they are deliberately absent
 * (a chart calling them gets "function not defined", as with helm). `lookup` returns an empty map
 * (helm template without a cluster does the same); `getHostByName` returns "" (no network at scan time).
 */
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { TemplateAbort, TemplateError, type FuncMap, type Value } from '../types.js';
import { fromJsonText, jsToValue, toJsonText } from './json.js';
import { marshalYaml } from './yaml-emit.js';
import { toToml } from './toml.js';
import { isMap, needString, newMap } from './values.js';

/** YAML text as sigs.k8s.io/yaml reads it: YAML 1.1 words, numbers float64, timestamps kept as strings, first document only. */
export function parseYaml(text: string): Value {
  const docs = parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[0];
  if (!doc) return null;
  const err = doc.errors[0];
  if (err) throw new TemplateError(`error converting YAML to JSON: yaml: ${err.message.split('\n')[0]}`);
  if (!text.endsWith('\n')) dropFinalBreakAtEof(doc, text.length);
  return jsToValue(doc.toJS({ maxAliasCount: 1000 }));
}

/**
 * go-yaml ends a block scalar that runs to the end of input without a line break without one too;
 * the yaml package adds it. Matters for `toYaml ... | fromYaml`: Helm's toYaml trims the final newline.
 */
function dropFinalBreakAtEof(doc: ReturnType<typeof parseAllDocuments>[number], end: number): void {
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED')) return;
      const r = node.range;
      if (r && r[1] >= end && typeof node.value === 'string' && node.value.endsWith('\n')) node.value = node.value.slice(0, -1);
    },
  });
}

function trimNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function toYaml(v: Value): string {
  try {
    return trimNewline(marshalYaml(v));
  } catch (e) {
    if (e instanceof TemplateError && e.message.startsWith('json:')) return '';
    throw e;
  }
}

const compact = { escapeHTML: true, indent: '' };

export function helmFuncFamily(): FuncMap {
  return {
    toYaml: (_c, v) => toYaml(v ?? null),
    mustToYaml: (_c, v) => trimNewline(marshalYaml(v ?? null)),
    // Helm's toYamlPretty uses yaml.v3 with sequences indented; emitted here with the toYaml rules plus indented sequences.
    toYamlPretty: (_c, v) => {
      try {
        return trimNewline(marshalYaml(v ?? null, true));
      } catch {
        return '';
      }
    },
    fromYaml: (_c, s) => {
      const text = needString('fromYaml', s);
      try {
        const v = parseYaml(text);
        if (v === null) return newMap();
        if (!isMap(v)) throw new TemplateError(`error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`);
        return v;
      } catch (e) {
        const m = newMap();
        m['Error'] = errorMessage(e);
        return m;
      }
    },
    fromYamlArray: (_c, s) => {
      const text = needString('fromYamlArray', s);
      try {
        const v = parseYaml(text);
        if (v === null) return [];
        if (!Array.isArray(v)) throw new TemplateError(`error unmarshaling JSON: json: cannot unmarshal ${isMap(v) ? 'object' : 'string'} into Go value of type []interface {}`);
        return v;
      } catch (e) {
        return [errorMessage(e)];
      }
    },
    toJson: (_c, v) => {
      try {
        return toJsonText(v ?? null, compact);
      } catch {
        return '';
      }
    },
    mustToJson: (_c, v) => toJsonText(v ?? null, compact),
    toPrettyJson: (_c, v) => {
      try {
        return toJsonText(v ?? null, { escapeHTML: true, indent: '  ' });
      } catch {
        return '';
      }
    },
    mustToPrettyJson: (_c, v) => toJsonText(v ?? null, { escapeHTML: true, indent: '  ' }),
    toRawJson: (_c, v) => {
      try {
        return toJsonText(v ?? null, { escapeHTML: false, indent: '' });
      } catch {
        return '';
      }
    },
    mustToRawJson: (_c, v) => toJsonText(v ?? null, { escapeHTML: false, indent: '' }),
    fromJson: (_c, s) => {
      try {
        const v = fromJsonText(needString('fromJson', s));
        if (!isMap(v)) throw new TemplateError('json: cannot unmarshal into Go value of type map[string]interface {}');
        return v;
      } catch (e) {
        const m = newMap();
        m['Error'] = errorMessage(e);
        return m;
      }
    },
    fromJsonArray: (_c, s) => {
      try {
        const v = fromJsonText(needString('fromJsonArray', s));
        if (!Array.isArray(v)) throw new TemplateError('json: cannot unmarshal into Go value of type []interface {}');
        return v;
      } catch (e) {
        return [errorMessage(e)];
      }
    },
    mustFromJson: (_c, s) => fromJsonText(needString('mustFromJson', s)),
    toToml: (_c, v) => toToml(v ?? null),
    include: (c, name, data) => c.include(needString('include', name), data ?? null),
    tpl: (c, text, data) => c.tpl(needString('tpl', text), data ?? null),
    required: (_c, warn, val) => {
      const msg = needString('required', warn);
      if (val === null || val === undefined || val === '') throw new TemplateAbort(msg);
      return val;
    },
    fail: (_c, msg) => {
      throw new TemplateAbort(needString('fail', msg));
    },
    lookup: () => newMap(),
    getHostByName: () => '',
  };
}
