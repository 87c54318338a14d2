/**
 * Label selectors as Kubernetes applies them (equality `matchLabels` only).
 * Its own module so the linker can match Services and PDBs to pods without
 * loading the Kubernetes lifter and the YAML parser behind it.
 */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}
