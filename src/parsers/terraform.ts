/**
 * Terraform, at the level the current rules need: top-level blocks
 * (`resource "aws_db_instance" "main" {`) and their literal attributes with
 * positions. Expressions are kept as written, never evaluated. Nested blocks
 * and heredocs are skipped.
 */
import type { Field, Location } from '../base/location.js';
import type { SourceFile } from '../base/source-file.js';

const BLOCK = /^\s*([A-Za-z_][\w-]*)((?:\s+"[^"]*")*)\s*\{\s*$/;
const ATTR_NAME = /^\s*([A-Za-z_][\w-]*)\s*=/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * `name = value` with the value trimmed. Only the head is a regex: the former
 * `\s*(.*?)\s*$` tail backtracked cubically over whitespace before a line break.
 */
function attribute(text: string): [name: string, value: string] | undefined {
  const m = ATTR_NAME.exec(text);
  if (!m) return undefined;
  const value = text.slice(m[0].length).trim();
  return LINE_BREAK.test(value) ? undefined : [m[1]!, value];
}

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
      const a = attribute(text);
      if (a && !a[1].endsWith('{') && !a[1].endsWith('[')) {
        const value = a[1].replace(/^"(.*)"$/, '$1');
        const start = text.indexOf(a[0]);
        current.attributes[a[0]] = {
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
