/**
 * Secret values recognised by their shape, whatever they are called and
 * whatever file they are in: provider tokens, private keys, credentials in
 * URLs, command-line flags, HTTP headers and SQL. Reports mask these spans in
 * every string they print; the secrets rule family reuses the same catalogue.
 *
 * Every pattern must stay linear on hostile input (test/secret-shapes.test.ts
 * runs each against ~1 MB of near-misses): each one starts with a literal or
 * a bounded prefix, no quantifier is nested in another, and a run that may be
 * long is never followed by something that makes the engine retry it from
 * every start position (the classic `[a-z]*://` trap).
 */
import { isPlaceholderValue, looksLikeSecretName } from './secret-names.js';

export interface SecretShapeSpan {
  /** Catalogue id, e.g. `github-token`. */
  shape: string;
  /** UTF-16 offsets of the secret part only (the password, not the whole URL). */
  start: number;
  end: number;
  /** False for material where even four characters mean something (private key bodies). */
  reveal: boolean;
}

interface Shape {
  id: string;
  /** Must carry the `g` flag; a `v` group (then also the `d` flag, for its offsets) marks the secret part. */
  re: RegExp;
  /** Rejects a candidate that has the shape but not the substance (a `uid:gid`, a kebab-case word). */
  accept?: (value: string, m: RegExpExecArray) => boolean;
  /** Where the secret starts inside the `v` group (`user:pass` → after the colon); default 0. */
  secretStart?: (value: string) => number;
  reveal?: boolean;
}

const BEFORE_TOKEN = '(?<![A-Za-z0-9_-])';

/** A value that looks random rather than like a word: letters and digits both. */
function mixed(v: string): boolean {
  return /[0-9]/.test(v) && /[A-Za-z]/.test(v);
}

/** `$VAR`, `${{ secrets.X }}`, `<password>`, `****`: references and placeholders, not values. */
function notReference(v: string): boolean {
  return !/^(?:\$|\{\{|<|\*{3})/.test(v) && !isPlaceholderValue(v);
}

export const SHAPES: readonly Shape[] = [
  { id: 'aws-access-key-id', re: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g },
  // A bare 40-character base64 run: AWS secret access keys have no prefix. Git
  // SHAs (lower-case hex) and image digests (64 hex) do not pass `accept`.
  {
    id: 'aws-secret-access-key',
    // Whole runs, measured after the match: each run is matched once, where a
    // lookbehind or a `{40}` would be retried at every offset.
    re: /[A-Za-z0-9/+]+/g,
    accept: (v, m) => v.length === 40 && m.input[m.index + 40] !== '=' && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v),
  },
  { id: 'github-token', re: new RegExp(`${BEFORE_TOKEN}gh[pousr]_[A-Za-z0-9]{30,}`, 'g') },
  { id: 'github-fine-grained-token', re: new RegExp(`${BEFORE_TOKEN}github_pat_[A-Za-z0-9_]{22,}`, 'g') },
  { id: 'gitlab-token', re: new RegExp(`${BEFORE_TOKEN}glpat-[A-Za-z0-9_-]{20,}`, 'g') },
  { id: 'slack-token', re: new RegExp(`${BEFORE_TOKEN}xox[abpors]-[A-Za-z0-9-]{10,}`, 'g') },
  { id: 'stripe-live-key', re: new RegExp(`${BEFORE_TOKEN}[rs]k_live_[A-Za-z0-9]{16,}`, 'g') },
  { id: 'google-api-key', re: new RegExp(`${BEFORE_TOKEN}AIza[A-Za-z0-9_-]{35}`, 'g') },
  { id: 'npm-token', re: new RegExp(`${BEFORE_TOKEN}npm_[A-Za-z0-9]{36,}`, 'g') },
  // OpenAI (`sk-…`, `sk-proj-…`) and Anthropic (`sk-ant-…`) share one prefix;
  // one pattern with the variants left to the value keeps it unambiguous.
  { id: 'openai-or-anthropic-key', re: new RegExp(`${BEFORE_TOKEN}sk-[A-Za-z0-9_-]{20,}`, 'g'), accept: mixed },
  { id: 'jwt', re: new RegExp(`${BEFORE_TOKEN}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}`, 'g') },
  // The body up to the next `-` (the END line), across lines and `\n` escapes
  // alike; a message that quotes a truncated key is masked to its end.
  { id: 'private-key', re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----(?<v>[^-]+)/dg, reveal: false, accept: (v) => v.trim().length > 0 },
  // `scheme://user:password@host`: anchored on `://`, never on the scheme, so a
  // long run of letters is not rescanned from each of its characters.
  { id: 'url-password', re: /:\/\/[^\s:/@]*:(?<v>[^\s/]+)@/dg, accept: notReference },
  // curl / wget / docker `-u user:pass`, `--user user:pass`, `--user=user:pass`.
  // The regex takes the whole `user:pass` word and code finds the colon: a
  // regex that required the colon would rescan a colon-less run of `-u-u-u…`
  // from every `-u` (quadratic); this one always matches, so matches never overlap.
  {
    id: 'cli-user-password',
    re: /(?<![\w-])(?:-u|--user|--proxy-user)(?:[ \t]+|=)?["']?(?<v>[^\s"']+)/dg,
    accept: (v) => {
      const colon = v.indexOf(':');
      if (colon === -1 || colon === v.length - 1) return false;
      const user = v.slice(0, colon);
      const pass = v.slice(colon + 1);
      // `-u 1000:1000` is a uid:gid.
      return notReference(pass) && !(/^\d+$/.test(pass) && /^\d*$/.test(user));
    },
    secretStart: (v) => v.indexOf(':') + 1,
  },
  {
    id: 'authorization-header',
    re: /(?<![\w-])(?:proxy-)?authorization[ \t]*:[ \t]*(?:(?:bearer|basic|token|digest)[ \t]+)?(?<v>[^\s"'\\,]+)/dgi,
    accept: notReference,
  },
  { id: 'sql-password', re: /(?<![\w])(?:password|identified[ \t]+by)[ \t]+'(?<v>[^'\r\n]+)/dgi, accept: notReference },
];

/**
 * Secret-looking names given a value: `--token=X`, `--db-password X`, `["--password", "X"]`,
 * `DB_PASSWORD=X`, `password: X`, `"api_key": "X"`. Found with a bounded name
 * pattern and then a separate sticky value pattern, so that a rejected name
 * never makes the engine rescan a long value (`a=a=a=…` stays linear).
 */
// Separators: `=` or `:` (quotes around either side), a blank (flags), or
// `", "` between two items of an argument array (`["--password", "X"]`).
const NAME_AND_SEPARATOR = /(?<dash>--?)?(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,63})(?<sep>["']?[ \t]*[:=][ \t]*["']?|[ \t]+|["'][ \t]*,[ \t]*["'])/y;
const VALUE = /[^\s"',;]+/y;
/**
 * Every word looksLikeSecretName() accepts contains one of these: candidates
 * are found from them, so ordinary identifiers cost nothing.
 */
const SECRET_WORD = /pass|pwd|secret|token|key|cred|auth|dsn|database/gi;
/** A name plus its leading dashes is at most this long (NAME_AND_SEPARATOR). */
const MAX_NAME = 66;

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}
/** Settings that share a secret-looking name: `permissions: id-token: write`, `persist-credentials: false` (also followed by `)`, `.` or a backtick in prose). */
const NOT_A_VALUE = /^(?:read|write|none|yes|no|on|off|true|false|required|optional)[).`]*$/i;

function assignments(text: string, out: SecretShapeSpan[]): void {
  SECRET_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SECRET_WORD.exec(text)) !== null) {
    // Back to the start of the identifier holding the word (bounded: a longer one is no name).
    let start = m.index;
    while (start > 0 && m.index - start < MAX_NAME && isNameChar(text.charCodeAt(start - 1))) start--;
    if (start > 0 && isNameChar(text.charCodeAt(start - 1))) continue;
    NAME_AND_SEPARATOR.lastIndex = start;
    const n = NAME_AND_SEPARATOR.exec(text);
    if (!n || n.index + n[0].length <= m.index) continue;
    SECRET_WORD.lastIndex = Math.max(SECRET_WORD.lastIndex, n.index + n[0].length);
    const { dash, name, sep } = n.groups as { dash?: string; name: string; sep: string };
    // `--token value` is a flag; `TOKEN value` is prose.
    if (!dash && !/[:=]/.test(sep)) continue;
    // `"key": value` with the key quoted and the value not is prose quoting a
    // name (`on "password_reset_request": replicas …`), not JSON, whose string values are quoted.
    if (/^["']/.test(sep) && !/["']$/.test(sep)) continue;
    if (!looksLikeSecretName(name) || /stdin$/i.test(name)) continue;
    VALUE.lastIndex = n.index + n[0].length;
    const v = VALUE.exec(text);
    if (!v || v[0].startsWith('-') || NOT_A_VALUE.test(v[0]) || !notReference(v[0])) continue;
    out.push({ shape: 'secret-assignment', start: v.index, end: v.index + v[0].length, reveal: true });
    SECRET_WORD.lastIndex = v.index + v[0].length;
  }
}

/** Every secret-shaped span in `text`, sorted by start; spans may overlap. */
export function findSecretShapes(text: string): SecretShapeSpan[] {
  const out: SecretShapeSpan[] = [];
  for (const shape of SHAPES) {
    shape.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = shape.re.exec(text)) !== null) {
      const group = m.indices?.groups?.['v'];
      const [start, end] = group ?? [m.index, m.index + m[0].length];
      const value = text.slice(start, end);
      if (value.length > 0 && (!shape.accept || shape.accept(value, m))) {
        out.push({ shape: shape.id, start: start + (shape.secretStart?.(value) ?? 0), end, reveal: shape.reveal !== false });
      }
      if (m[0].length === 0) shape.re.lastIndex++;
    }
  }
  assignments(text, out);
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}
