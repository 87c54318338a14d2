/**
 * Fingerprints identify a finding across runs. They hash the rule id, the path
 * and a logical location (`Deployment/api containers[web].securityContext`) or,
 * failing that, the whitespace-normalised offending text plus its occurrence
 * number, so inserting lines elsewhere in the file changes nothing.
 */
import { createHash } from 'node:crypto';

export function fingerprint(ruleId: string, path: string, logicalKey: string, occurrence: number): string {
  return createHash('sha256').update(`${ruleId}\0${path}\0${logicalKey}\0${occurrence}`).digest('hex').slice(0, 32);
}

export function normaliseSnippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
