/** systemd unit files: `[Section]` headers and `Key=Value` lines with `\` continuations. */
import type { Field, Location } from '../base/location.js';
import type { SourceFile } from '../base/source-file.js';

export function parseSystemd(file: SourceFile): SystemdUnit {
  const sections: SystemdUnit['sections'] = {};
  const sectionLocations: SystemdUnit['sectionLocations'] = {};
  let current: Record<string, Field<string>[]> | undefined;
  for (let line = 1; line <= file.lines.lineCount; line++) {
    const raw = file.lines.lineText(line);
    const text = raw.trim();
    if (!text || text.startsWith('#') || text.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(text);
    if (header) {
      const name = header[1]!;
      current = sections[name] ??= {};
      sectionLocations[name] = file.lines.lineLocation(file.path, line);
      continue;
    }
    const eq = text.indexOf('=');
    if (eq === -1 || !current) continue;
    const key = text.slice(0, eq).trim();
    let value = text.slice(eq + 1).trim();
    const startLine = line;
    while (value.endsWith('\\') && line < file.lines.lineCount) {
      line++;
      value = value.slice(0, -1) + ' ' + file.lines.lineText(line).trim();
    }
    const loc = file.lines.lineLocation(file.path, startLine);
    if (line !== startLine) {
      const end = file.lines.lineLocation(file.path, line);
      loc.endLine = end.endLine;
      loc.endColumn = end.endColumn;
    }
    (current[key] ??= []).push({ value, location: loc });
  }
  return { file, sections, sectionLocations };
}

export interface SystemdUnit {
  file: SourceFile;
  sections: Record<string, Record<string, Field<string>[]>>;
  /** Section headers with their location. */
  sectionLocations: Record<string, Location>;
}
