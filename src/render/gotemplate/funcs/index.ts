/**
 * The Sprig and Helm functions real charts call (measured on the chart corpora; see docs/helm.md).
 * Placeholder until the function library lands.
 */
import type { FuncMap } from '../types.js';

export function helmFuncs(): FuncMap {
  return {};
}
