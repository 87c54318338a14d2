/** A file as read from disk: the unit discovery hands to parsers and findings point into. */
import type { ArtifactKind } from './artifact-kind.js';
import type { LineIndex } from './location.js';

/** A file that was read and handed to a parser. */
export interface SourceFile {
  /** Path relative to the scan root, `/`-separated. */
  path: string;
  absPath: string;
  /** The kind by name and location; content may refine it (see `Model.kindByPath`), never by writing here. */
  readonly kind: ArtifactKind;
  text: string;
  lines: LineIndex;
}
