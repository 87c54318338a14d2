/**
 * Go's fmt for template values: `print`, `printf`, `println`, and what `{{ . }}` prints.
 * Placeholder signatures; the engine work makes them exact against Go (the oracle under test/oracle/).
 */
import type { Value } from './types.js';

/** fmt.Sprint(args...): %v of each, a space between operands when neither is a string. */
export function sprint(...args: Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(a);
  });
  return out;
}

/** fmt.Sprintf(format, args...). */
export function sprintf(format: string, ...args: Value[]): string {
  let i = 0;
  return format.replace(/%([%vsdqtfgx])/g, (_m, verb: string) => (verb === '%' ? '%' : formatV(args[i++] ?? null)));
}

/** %v of one value, as text/template prints it (nil prints "<no value>" only at top level of an action). */
export function formatV(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  return String(v);
}

/** fmt.Sprintln(args...): operands always separated by a space, newline appended. */
export function sprintln(...args: Value[]): string {
  return args.map(formatV).join(' ') + '\n';
}
