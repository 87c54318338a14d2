/**
 * Which functions a column DEFAULT may call without forcing a table rewrite.
 * PostgreSQL 11+ adds a column with a DEFAULT as metadata only when the
 * default is non-volatile: it evaluates it once and stores the value. A
 * volatile default (or one PostgreSQL cannot prove is not, such as any
 * user-defined function) is evaluated per existing row, under ACCESS
 * EXCLUSIVE. So the table here lists built-ins known to be IMMUTABLE or
 * STABLE (pg_proc.provolatile 'i'/'s'); everything else counts as volatile.
 */

/** Built-in functions (lower-case, unqualified or `pg_catalog.`) that are IMMUTABLE or STABLE. */
const NON_VOLATILE = new Set([
  // time: STABLE (fixed for the transaction)
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_setting', 'timezone', 'date_trunc', 'date_part', 'extract',
  'make_date', 'make_time', 'make_timestamp', 'make_timestamptz', 'make_interval', 'to_timestamp', 'to_date', 'to_char', 'age', 'justify_interval',
  // text and numbers: IMMUTABLE
  'lower', 'upper', 'btrim', 'ltrim', 'rtrim', 'trim', 'length', 'char_length', 'substr', 'substring', 'replace', 'concat', 'concat_ws',
  'format', 'left', 'right', 'lpad', 'rpad', 'repeat', 'md5', 'encode', 'decode', 'initcap', 'abs', 'round', 'floor', 'ceil', 'ceiling', 'trunc',
  'greatest', 'least', 'coalesce', 'nullif', 'int4', 'int8', 'numeric', 'text', 'to_number',
  // json and arrays
  'jsonb_build_object', 'jsonb_build_array', 'json_build_object', 'json_build_array', 'to_jsonb', 'to_json', 'array_to_json', 'jsonb_object', 'json_object',
  'array_length', 'cardinality', 'array_fill', 'string_to_array', 'array_to_string', 'array_append', 'array_cat',
  // session values: STABLE
  'current_user', 'session_user', 'current_database', 'current_schema', 'inet_client_addr', 'version',
]);

/** Built-ins known to be VOLATILE, for messages that can say so rather than "not known to be stable". */
const KNOWN_VOLATILE = new Set([
  'random', 'random_normal', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuidv4', 'uuidv7',
  'clock_timestamp', 'timeofday', 'nextval', 'setseed', 'txid_current', 'pg_current_xact_id', 'gen_random_bytes',
]);

export type DefaultVolatility = { call: string; known: 'volatile' | 'unknown' } | undefined;

/**
 * The first call in a DEFAULT that makes it volatile: a known volatile built-in, or any function not in
 * the non-volatile table (user-defined, from an extension, or schema-qualified outside pg_catalog).
 * `calls` are the called names as written (`now`, `pg_catalog.now`, `app.next_id`).
 */
export function volatileDefaultCall(calls: readonly string[]): DefaultVolatility {
  for (const raw of calls) {
    const name = raw.toLowerCase();
    const bare = name.startsWith('pg_catalog.') ? name.slice('pg_catalog.'.length) : name;
    if (KNOWN_VOLATILE.has(bare)) return { call: raw, known: 'volatile' };
    if (bare.includes('.') || !NON_VOLATILE.has(bare)) return { call: raw, known: 'unknown' };
  }
  return undefined;
}
