/**
 * TOML with positions (toml-eslint-parser). `locate('dependencies.sqlx.version')`
 * answers where a key and its value are written, for inline tables too.
 */
import { parseTOML, getStaticTOMLValue } from 'toml-eslint-parser';
import type { Location } from '../base/location.js';
import type { SourceFile } from '../base/source-file.js';

interface EslintLoc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

interface AnyNode {
  type: string;
  loc: EslintLoc;
  [k: string]: unknown;
}

export class TomlParseError extends Error {
  constructor(message: string, readonly location: Location) {
    super(message);
  }
}

export function parseTomlFile(file: SourceFile): TomlDocument {
  let ast: AnyNode;
  try {
    ast = parseTOML(file.text) as unknown as AnyNode;
  } catch (e) {
    const err = e as { message?: string; lineNumber?: number; column?: number };
    const line = err.lineNumber ?? 1;
    const column = (err.column ?? 0) + 1;
    throw new TomlParseError(err.message ?? 'invalid TOML', { path: file.path, startLine: line, startColumn: column, endLine: line, endColumn: column + 1 });
  }
  const value = getStaticTOMLValue(ast as never) as unknown as Record<string, unknown>;
  const index = new Map<string, { key: Location; value: Location }>();
  const toLoc = (l: EslintLoc): Location => ({
    path: file.path,
    startLine: l.start.line,
    startColumn: l.start.column + 1,
    endLine: l.end.line,
    endColumn: l.end.column + 1,
  });

  const visitKeyValues = (body: AnyNode[], prefix: string[]) => {
    for (const kv of body) {
      if (kv.type !== 'TOMLKeyValue') continue;
      const key = kv['key'] as { keys: Array<{ name?: string; value?: string }>; loc: EslintLoc };
      const names = key.keys.map((k) => String(k.name ?? k.value ?? ''));
      const full = [...prefix, ...names];
      const v = kv['value'] as AnyNode;
      index.set(full.join('.'), { key: toLoc(key.loc), value: toLoc(v.loc) });
      if (v.type === 'TOMLInlineTable') visitKeyValues(v['body'] as AnyNode[], full);
    }
  };
  const top = ast['body'] as AnyNode[];
  for (const part of top) {
    // toml-eslint-parser: the top-level body holds one TOMLTopLevelTable whose body mixes key-values and tables.
    for (const item of (part['body'] as AnyNode[]) ?? []) {
      if (item.type === 'TOMLTable') {
        const resolved = (item['resolvedKey'] as Array<string | number>).map(String);
        const keyNode = item['key'] as { loc: EslintLoc };
        index.set(resolved.join('.'), { key: toLoc(keyNode.loc), value: toLoc(item.loc) });
        visitKeyValues(item['body'] as AnyNode[], resolved);
      } else if (item.type === 'TOMLKeyValue') {
        visitKeyValues([item], []);
      }
    }
  }
  return { file, value, locate: (path) => index.get(path) };
}

/** The plain value of a TOML text, without positions; throws on invalid TOML. */
export function parseTomlValue(text: string): Record<string, unknown> {
  return getStaticTOMLValue(parseTOML(text) as never) as unknown as Record<string, unknown>;
}

export interface TomlDocument {
  file: SourceFile;
  /** Plain value of the document. */
  value: Record<string, unknown>;
  /** Dotted path (`dependencies.serde.version`) to key and value locations. */
  locate(path: string): { key: Location; value: Location } | undefined;
}
