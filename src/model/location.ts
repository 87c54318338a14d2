/** Locations are shared words of every layer: defined in src/base/location.ts. */
export * from '../base/location.js';
