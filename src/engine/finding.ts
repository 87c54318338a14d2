import type { Location } from '../model/types.js';
import type { RelatedLocation, Severity } from './rule.js';

export interface Suppression {
  kind: 'inline' | 'annotation' | 'baseline';
  reason: string;
  /** Where the suppression is written. */
  location?: Location;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  domain: string;
  message: string;
  /** How to fix it, in the words of the finding's artifact kind (the rule's remediation for that kind). */
  fix?: string;
  location: Location;
  relatedLocations: RelatedLocation[];
  /** Stable across unrelated edits: rule id + path + logical location, never a line number. */
  fingerprint: string;
  suppressed: boolean;
  suppression?: Suppression;
  /** Secret values the rule quoted in this finding's message (masked by every report; never printed). */
  maskValues?: string[];
  /** Set when the finding covers more than its location (see ReportInput.coversMore): never folded into another rule's (src/engine/defer.ts). */
  notFoldable?: true;
}
