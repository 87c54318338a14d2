/** `.env` files: `KEY=value`, optional `export`, quotes, `#` comments. */
import type { Location } from '../base/location.js';
import type { SourceFile } from '../base/source-file.js';

const ENTRY = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

export function parseDotenv(file: SourceFile): EnvFile {
  const entries: EnvFile['entries'] = [];
  for (let line = 1; line <= file.lines.lineCount; line++) {
    const text = file.lines.lineText(line);
    const m = ENTRY.exec(text);
    if (!m) continue;
    const nameStart = m[1]!.length;
    const name = m[2]!;
    let rawValue = m[3]!;
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
