/**
 * `await import()` of a CommonJS package, the same in both worlds we run in:
 * Node's loader (tests through tsx) exposes `module.exports` as named bindings
 * *and* as `default`, but the esbuild bundle users run exposes only `default`.
 * Reading `default` when present therefore works in both; reading a named
 * binding works only under Node's loader (that difference once made every
 * config file fail with "parse is not a function" in the shipped CLI).
 */
export function cjsExports<T extends object>(ns: T): T {
  const d = (ns as { default?: unknown }).default;
  return d !== null && (typeof d === 'object' || typeof d === 'function') ? (d as T) : ns;
}
