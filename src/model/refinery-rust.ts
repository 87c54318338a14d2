/**
 * Refinery migrations written in Rust (`V1__create_users.rs`): refinery calls
 * the file's `pub fn migration() -> String` and runs the string it returns.
 * When that function only returns string literals (`"..."`, raw `r#"..."#`,
 * through `String::from`, `.to_string()`, `.into()`, `concat!` ...), the SQL is
 * known statically and is judged like a `.sql` file. Anything else in the
 * body (barrel's `Migration::new()`, `format!` with arguments, a helper call)
 * builds the SQL at run time: the file is listed as not evaluated, with why.
 *
 * The SQL is returned as a *view* of the source: a text of the same length in
 * which every character outside the literals is blanked (newlines kept), so an
 * offset into the view is the same offset into the `.rs` file and findings
 * land on the literal's own line and column. Escapes keep their width too:
 * `\n` becomes a space and a newline, `\"` a space and a quote.
 *
 * One pass over the characters; no regex over the body, so it is linear in
 * the file size whatever the input.
 */

export type RustSql = { sql: string } | { notEvaluated: string };

/** Words that may appear in a `migration()` body that only returns literals. */
const LITERAL_PLUMBING = new Set([
  'pub', 'fn', 'migration', 'let', 'String', 'str', 'from', 'to_string', 'to_owned', 'into', 'return', 'concat', 'let', 'sql', 'sql_text', 'include_str',
]);

/** Keywords that mean the body computes something (a loop, a binding that is changed, a branch). */
const RUST_KEYWORDS = new Set(['mut', 'if', 'else', 'match', 'for', 'while', 'loop', 'self', 'Self', 'impl', 'move', 'as', 'ref', 'unsafe']);

interface Token {
  kind: 'ident' | 'string' | 'punct';
  start: number;
  end: number;
  /** For strings: offset of the content (after the opening quote and hashes) and its end. */
  contentStart?: number;
  contentEnd?: number;
  raw?: boolean;
  text?: string;
}

/** Extracts the SQL a refinery Rust migration returns, or why it cannot be known without running it. */
export function refineryRustSql(text: string): RustSql {
  const tokens = tokenize(text);
  const fnAt = findMigrationFn(tokens);
  if (fnAt === undefined) return { notEvaluated: 'no `fn migration()` returning the SQL was found' };
  // Body: from the first `{` after the signature to its matching `}`.
  let i = fnAt;
  while (i < tokens.length && !(tokens[i]!.kind === 'punct' && tokens[i]!.text === '{')) i++;
  if (i >= tokens.length) return { notEvaluated: '`fn migration()` has no body' };
  let depth = 0;
  const body: Token[] = [];
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.text === '{') depth++;
    if (t.kind === 'punct' && t.text === '}') depth--;
    body.push(t);
    if (depth === 0) break;
  }
  const strings = body.filter((t) => t.kind === 'string');
  // Name the first thing that is neither plumbing nor a keyword: usually the builder (`Migration`, `format`).
  const unknown = (t: Token) => t.kind === 'ident' && !LITERAL_PLUMBING.has(t.text!) && !RUST_KEYWORDS.has(t.text!);
  const called = body.find((t, k) => unknown(t) && body[k + 1]?.kind === 'punct' && [':', '(', '!'].includes(body[k + 1]!.text!));
  const other = called ?? body.find(unknown);
  const keyword = body.find((t) => t.kind === 'ident' && RUST_KEYWORDS.has(t.text!));
  if (!other && keyword) return { notEvaluated: `the SQL is built at run time (\`${keyword.text}\` in \`migration()\`), so it cannot be judged without running it` };
  if (other) return { notEvaluated: `the SQL is built at run time (\`${other.text}\` in \`migration()\`), so it cannot be judged without running it` };
  if (body.some((t) => t.kind === 'ident' && t.text === 'include_str')) {
    return { notEvaluated: 'the SQL is read from another file with `include_str!`; name that file as a migration (or list it under migrations.paths) to judge it' };
  }
  if (body.some((t) => t.kind === 'punct' && t.text === '!' ) && !body.some((t) => t.kind === 'ident' && t.text === 'concat')) {
    return { notEvaluated: 'the SQL is built by a macro in `migration()`, so it cannot be judged without running it' };
  }
  if (strings.length === 0) return { notEvaluated: '`migration()` returns no string literal' };
  const view = blankView(text, strings);
  return { sql: view };
}

function findMigrationFn(tokens: readonly Token[]): number | undefined {
  for (let i = 0; i + 2 < tokens.length; i++) {
    const a = tokens[i]!, b = tokens[i + 1]!, c = tokens[i + 2]!;
    if (a.kind === 'ident' && a.text === 'fn' && b.kind === 'ident' && b.text === 'migration' && c.kind === 'punct' && c.text === '(') return i;
  }
  return undefined;
}

/** The text with everything but string contents blanked; escapes keep their width. */
function blankView(text: string, strings: readonly Token[]): string {
  const out: string[] = new Array<string>(text.length);
  for (let k = 0; k < text.length; k++) out[k] = text[k] === '\n' ? '\n' : text[k] === '\r' ? '\r' : ' ';
  for (const s of strings) {
    const end = s.contentEnd!;
    for (let k = s.contentStart!; k < end; k++) {
      const ch = text[k]!;
      if (s.raw || ch !== '\\') {
        out[k] = ch;
        continue;
      }
      // An escape: blank the backslash and put what it stands for on the last character it spans.
      const next = text[k + 1];
      if (next === undefined || k + 1 >= end) break;
      if (next === '\n' || next === '\r') {
        // Line continuation: the newline and following indentation disappear in Rust.
        k++;
        while (k + 1 < end && (text[k + 1] === ' ' || text[k + 1] === '\t' || text[k + 1] === '\n' || text[k + 1] === '\r')) k++;
        continue;
      }
      const simple: Record<string, string> = { n: '\n', t: ' ', r: ' ', '0': ' ', '\\': '\\', '"': '"', "'": "'" };
      if (next in simple) {
        out[k + 1] = simple[next]!;
        k++;
        continue;
      }
      // \x41 and \u{...}: blank the whole escape but its last character, which carries the value.
      let j = k + 1;
      if (next === 'x') j = Math.min(k + 3, end - 1);
      else if (next === 'u') {
        while (j < end - 1 && text[j] !== '}') j++;
      }
      const code = next === 'x' ? parseInt(text.slice(k + 2, j + 1), 16) : parseInt(text.slice(k + 3, j), 16);
      out[j] = Number.isFinite(code) && code >= 0x20 && code <= 0x10ffff ? String.fromCodePoint(code).slice(0, 1) : ' ';
      k = j;
    }
  }
  return out.join('');
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

/** Rust tokens enough to find `fn migration` and its literals: comments skipped, strings and raw strings whole. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      // Rust block comments nest.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; }
        else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; }
        else i++;
      }
    } else if (c === '"' || ((c === 'b' || c === 'c') && text[i + 1] === '"')) {
      const start = i;
      i += c === '"' ? 1 : 2;
      const contentStart = i;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      const contentEnd = Math.min(i, n);
      i = Math.min(i + 1, n);
      tokens.push({ kind: 'string', start, end: i, contentStart, contentEnd });
    } else if ((c === 'r' || ((c === 'b' || c === 'c') && text[i + 1] === 'r')) && rawStringAt(text, c === 'r' ? i + 1 : i + 2)) {
      const start = i;
      let j = c === 'r' ? i + 1 : i + 2;
      let hashes = 0;
      while (text[j] === '#') { hashes++; j++; }
      j++; // the opening quote
      const contentStart = j;
      const close = '"' + '#'.repeat(hashes);
      const endAt = text.indexOf(close, j);
      const contentEnd = endAt === -1 ? n : endAt;
      i = endAt === -1 ? n : endAt + close.length;
      tokens.push({ kind: 'string', start, end: i, contentStart, contentEnd, raw: true });
    } else if (c === "'") {
      // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a): skip either without reading further.
      if (text[i + 1] === '\\') {
        let j = i + 2;
        while (j < n && j < i + 12 && text[j] !== "'") j++;
        i = j + 1;
      } else if (text[i + 2] === "'") i += 3;
      else i++;
    } else if (isIdentStart(c)) {
      const start = i;
      while (i < n && isIdentPart(text[i]!)) i++;
      tokens.push({ kind: 'ident', start, end: i, text: text.slice(start, i) });
    } else if (c >= '0' && c <= '9') {
      while (i < n && (isIdentPart(text[i]!) || text[i] === '.')) i++;
      tokens.push({ kind: 'ident', start: i, end: i, text: '<number>' });
    } else {
      tokens.push({ kind: 'punct', start: i, end: i + 1, text: c });
      i++;
    }
  }
  return tokens;
}

/** `r"`, `r#"`, `r##"` ... starting at `at` (just after the `r`). */
function rawStringAt(text: string, at: number): boolean {
  let j = at;
  while (text[j] === '#') j++;
  return text[j] === '"';
}
