/**
 * A stand-in for the Go template engine in Helm renderer tests: enough of
 * text/template to drive the chart logic (field chains on dot, `fail`,
 * unknown functions), with the real engine's span contract (gapless spans,
 * `valuesPath` for output read from `.Values`). It lets the chart, values and
 * mapping code be tested on its own; the real engine is tested in its own files.
 */
import { GoStruct, TemplateAbort, UnknownFunctionError, type FuncMap, type OutputSpan, type TemplateSet, type Value } from '../../src/render/gotemplate/types.js';
import type { HelmEngine } from '../../src/render/helm/render.js';

interface Piece { text?: string; action?: string; offset: number }

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, col: offset - last };
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open === -1) { out.push({ text: text.slice(i), offset: i }); break; }
    if (open > i) out.push({ text: text.slice(i, open), offset: i });
    const close = text.indexOf('}}', open);
    if (close === -1) throw new Error('unclosed action');
    out.push({ action: text.slice(open + 2, close).trim(), offset: open });
    i = close + 2;
  }
  return out;
}

function field(v: Value, name: string): Value {
  if (v instanceof GoStruct) return v.fields[name] ?? null;
  if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) return (v as Record<string, Value>)[name] ?? null;
  return null;
}

function print(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}

export const fakeEngine: HelmEngine = {
  funcs: (): FuncMap => ({}),
  parseTemplates(files) {
    const parsed = new Map<string, { text: string; pieces: Piece[] }>();
    for (const f of files) {
      const ps = pieces(f.text);
      for (const p of ps) {
        if (p.action === undefined) continue;
        const word = p.action.split(/\s/)[0]!;
        if (!word.startsWith('.') && word !== 'fail') throw new UnknownFunctionError(word, { template: f.name, ...lineCol(f.text, p.offset) });
      }
      parsed.set(f.name, { text: f.text, pieces: ps });
    }
    const set: TemplateSet = {
      names: [...parsed.keys()],
      execute(name, data) {
        const t = parsed.get(name)!;
        let out = '';
        const spans: OutputSpan[] = [];
        for (const p of t.pieces) {
          const pos = { template: name, ...lineCol(t.text, p.offset) };
          let s: string;
          let valuesPath: string[] | undefined;
          if (p.action === undefined) s = p.text!;
          else if (p.action.startsWith('fail')) throw new TemplateAbort(JSON.parse(p.action.slice(4).trim()) as string, pos);
          else {
            const chain = p.action.split('.').slice(1);
            let v: Value = data;
            for (const c of chain) v = field(v, c);
            s = print(v);
            if (chain[0] === 'Values') valuesPath = chain.slice(1);
          }
          if (s === '') continue;
          spans.push({ start: out.length, end: out.length + s.length, pos, ...(valuesPath ? { valuesPath } : {}) });
          out += s;
        }
        return { text: out, spans };
      },
    };
    return set;
  },
};
