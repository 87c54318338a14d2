/** `.env` files: `KEY=value`, optional `export`, quotes, `#` comments. */
import type { Location } from '../base/location.js';
import type { SourceFile } from '../base/source-file.js';

const SPACE = /\s/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * `[export ]NAME = value` read by hand, as `/^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/`
 * would (a value holding a line break such as U+2028 is no entry), but in one
 * pass: that regex backtracked quadratically over the whitespace of such a value.
 */
function readEntry(text: string): { nameStart: number; name: string; rawValue: string } | undefined {
  let i = 0;
  while (i < text.length && SPACE.test(text[i]!)) i++;
  const afterExport = exportPrefixEnd(text, i);
  return (afterExport !== undefined ? assignmentAt(text, afterExport) : undefined) ?? assignmentAt(text, i);
}

function exportPrefixEnd(text: string, i: number): number | undefined {
  if (!text.startsWith('export', i) || !SPACE.test(text[i + 6] ?? '')) return undefined;
  let j = i + 6;
  while (j < text.length && SPACE.test(text[j]!)) j++;
  return j;
}

function assignmentAt(text: string, nameStart: number): { nameStart: number; name: string; rawValue: string } | undefined {
  if (!NAME_START.test(text[nameStart] ?? '')) return undefined;
  let i = nameStart + 1;
  while (i < text.length && NAME_CHAR.test(text[i]!)) i++;
  const name = text.slice(nameStart, i);
  while (i < text.length && SPACE.test(text[i]!)) i++;
  if (text[i] !== '=') return undefined;
  i++;
  while (i < text.length && SPACE.test(text[i]!)) i++;
  const rawValue = text.slice(i);
  if (LINE_BREAK.test(rawValue)) return undefined;
  return { nameStart, name, rawValue };
}

export function parseDotenv(file: SourceFile): EnvFile {
  const entries: EnvFile['entries'] = [];
  for (let line = 1; line <= file.lines.lineCount; line++) {
    const text = file.lines.lineText(line);
    const m = readEntry(text);
    if (!m) continue;
    const { nameStart, name } = m;
    let rawValue = m.rawValue;
    const valueStart = text.length - rawValue.length;
    let value = rawValue.trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.lastIndexOf(q) > 0) value = value.slice(1, value.lastIndexOf(q));
    else {
      const hash = value.search(/\s#/);
      if (hash !== -1) value = value.slice(0, hash).trim();
    }
    rawValue = rawValue.trimEnd();
    entries.push({
      name,
      value,
      location: { path: file.path, startLine: line, startColumn: nameStart + 1, endLine: line, endColumn: nameStart + name.length + 1 },
      valueLocation: { path: file.path, startLine: line, startColumn: valueStart + 1, endLine: line, endColumn: valueStart + rawValue.length + 1 },
    });
  }
  return { file, entries };
}

export interface EnvFile {
  file: SourceFile;
  entries: Array<{ name: string; value: string; location: Location; valueLocation: Location }>;
}
