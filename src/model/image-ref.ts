/** Parse container image references the way Docker normalises them. */
import type { ImageRef, Location } from './types.js';

export function parseImageRef(raw: string, location: Location): ImageRef {
  // `${IMAGE:-redis}` (compose, envsubst templates): the default applies when nothing sets the variable.
  const text = raw.includes('${') ? substituteVars(raw.trim(), NO_VALUES) : raw.trim();
  const resolved = !/\$/.test(text);
  if (text === 'scratch') return { raw: text, repository: 'scratch', resolved: true, scratch: true, location };

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let repository = rest;
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = undefined;
  if (registry === undefined && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return { raw: text, registry, repository, tag: tag || undefined, digest: digest || undefined, resolved, scratch: false, location };
}

const NO_VALUES: ReadonlyMap<string, string | undefined> = new Map();

/** `registry/repository:tag` with Docker Hub left implicit, for matching and messages. */
export function formatImage(ref: ImageRef): string {
  return `${ref.registry ? ref.registry + '/' : ''}${ref.repository}${ref.tag ? ':' + ref.tag : ''}${ref.digest ? '@' + ref.digest : ''}`;
}

/** The last path segment of the repository: `ghcr.io/acme/api` is `api`. */
export function imageBaseName(ref: ImageRef): string {
  const r = ref.repository;
  return r.slice(r.lastIndexOf('/') + 1);
}

/** Substitute `$NAME` / `${NAME}` / `${NAME:-default}` from known values; unknown names stay. */
export function substituteVars(text: string, values: ReadonlyMap<string, string | undefined>): string {
  // The default may not contain `$` or `}`: otherwise every unclosed `${` would scan to the end (quadratic).
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}$]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, braced, def, bare) => {
    const name = (braced ?? bare) as string;
    const v = values.get(name);
    if (v !== undefined && v !== '') return v;
    if (def !== undefined && def !== '') return def as string;
    return m;
  });
}

/** A pullable reference: `${VAR:-default}` was resolved by the model; unresolved ones and placeholders are not references. */
export function resolvedRef(ref: ImageRef): ImageRef | undefined {
  if (!ref.resolved) return undefined;
  // `<YOUR-IMAGE>`, `{{ .Values.image }}`, `IMAGE_NAME here`: placeholders, not references.
  return PLACEHOLDER.test(ref.raw) ? undefined : ref;
}

const PLACEHOLDER = /[<>{}\s]/;
