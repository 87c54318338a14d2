/**
 * Terraform, at the level the current rules need: top-level blocks
 * (`resource "aws_db_instance" "main" {`) and their literal attributes with
 * positions. Expressions are kept as written, never evaluated. Nested blocks
 * and heredocs are skipped.
 */
import type { Field, Location } from '../base/location.js';
import type { SourceFile } from '../base/source-file.js';

const BLOCK = /^\s*([A-Za-z_][\w-]*)((?:\s+"[^"]*")*)\s*\{\s*$/;
const ATTR = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*$/;

export function parseTerraform(file: SourceFile): TerraformFile {
  const blocks: TerraformFile['blocks'] = [];
  let depth = 0;
  let current: TerraformFile['blocks'][number] | undefined;
  let heredoc: string | undefined;
  for (let line = 1; line <= file.lines.lineCount; line++) {
    const text = file.lines.lineText(line);
    if (heredoc) {
      if (text.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const trimmed = text.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    const hd = /<<-?([A-Z_]+)\s*$/.exec(trimmed);
    if (depth === 0) {
      const m = BLOCK.exec(text);
      if (m) {
        const labels = [...(m[2] ?? '').matchAll(/"([^"]*)"/g)].map((x) => x[1]!);
        current = { type: m[1]!, labels, location: file.lines.lineLocation(file.path, line), attributes: {} };
        blocks.push(current);
        depth = 1;
        continue;
      }
    } else if (depth === 1 && current) {
      const a = ATTR.exec(text);
      if (a && !a[2]!.endsWith('{') && !a[2]!.endsWith('[')) {
        const value = a[2]!.replace(/^"(.*)"$/, '$1');
        const start = text.indexOf(a[1]!);
        current.attributes[a[1]!] = {
          value,
          location: { path: file.path, startLine: line, startColumn: start + 1, endLine: line, endColumn: text.trimEnd().length + 1 },
        };
      }
    }
    if (hd) heredoc = hd[1];
    depth += countBraces(trimmed);
    if (depth <= 0) {
      depth = 0;
      current = undefined;
    }
  }
  return { file, blocks };
}

function countBraces(s: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' && s[i - 1] !== '\\') inString = !inString;
    else if (!inString && c === '{') n++;
    else if (!inString && c === '}') n--;
    else if (!inString && c === '#') break;
  }
  return n;
}

export interface TerraformFile {
  file: SourceFile;
  blocks: Array<{
    type: string;
    labels: string[];
    location: Location;
    attributes: Record<string, Field<string>>;
  }>;
}
