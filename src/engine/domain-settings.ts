/**
 * Settings a rule domain contributes to `.shipshape.yml`: a top-level section
 * (`postgres:` from migrations) with its JSON Schema and defaults. The config
 * loader validates each section against its domain's schema, so a new domain
 * brings its knobs without editing the engine's schema; `print-config` shows
 * them resolved. Knobs only one rule reads are that rule's `options` instead.
 */
export interface DomainSettings {
  /** The top-level key in `.shipshape.yml`. */
  section: string;
  /** The rule domain that reads it. */
  domain: string;
  description: string;
  /** JSON Schema of the section (an object schema). */
  schema: Record<string, unknown>;
  defaults: Record<string, unknown>;
}

/** Each section's defaults overlaid with what the config file wrote. */
export function resolveDomainSettings(specs: readonly DomainSettings[], raw: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    const written = raw[s.section];
    out[s.section] = { ...s.defaults, ...(written && typeof written === 'object' ? (written as Record<string, unknown>) : {}) };
  }
  return out;
}
