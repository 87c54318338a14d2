/**
 * Recognising secret material by name and by value. Kept small and linear:
 * names are matched word-wise, values by a few high-signal shapes.
 */

const SECRET_WORDS = /(^|[_.-])(password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth|dsn|database[_-]?url|signing[_-]?key|encryption[_-]?key)($|[_.-])/i;
const NOT_SECRET = /(^|[_.-])(file|path|dir|url_path|name|user(name)?|id|length|ttl|timeout|expiry|expires|header|type|enabled|mode|hint|policy)$/i;

/** `DB_PASSWORD`, `stripe.api_key`, `GITHUB_TOKEN` — but not `PASSWORD_FILE` or `TOKEN_TTL`. */
export function looksLikeSecretName(name: string): boolean {
  const n = name.replace(/([a-z])([A-Z])/g, '$1_$2');
  return SECRET_WORDS.test(n) && !NOT_SECRET.test(n);
}

const NOT_SECRET_KEY = /(^|[_.-])(user(name)?|login|host(name)?|port|database|db|name|namespace|region|email|account(name)?|bucket|endpoint)(_in)?$/i;

/**
 * Keys of a Kubernetes Secret that hold identifiers rather than secrets
 * (`username`, `host`, `port`): they are not treated as secret material.
 */
export function isNonSecretKey(key: string): boolean {
  return NOT_SECRET_KEY.test(key.replace(/([a-z])([A-Z])/g, '$1_$2'));
}

const PLACEHOLDER = /^(|changeme|change[_-]?me|example|xxx+|\*+|<[^>]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*(:?-[^}]*)?\}?|\{\{.*\}\}|\$\{\{.*\}\}|true|false|null|none|todo|dummy|placeholder|secret|password)$/i;

/** Values that are obviously not real secrets: empty, references, template placeholders. */
export function isPlaceholderValue(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

/**
 * First four characters, then `****`: enough to recognise, never enough to
 * use. Values under 16 characters show nothing, since four characters are a
 * quarter of a short password.
 */
export function maskSecret(value: string): string {
  const v = value.trim();
  if (v.length < 16) return '****';
  return `${v.slice(0, 4)}****`;
}
