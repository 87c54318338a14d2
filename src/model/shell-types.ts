/** Shell words and commands as the model keeps them; their own module so package-install facts can use them without importing the whole model. */
import type { Location } from '../base/location.js';

/** A shell word with its place in the file. */
export interface ShellWord {
  text: string;
  location: Location;
}

/** One simple command inside a RUN, e.g. `apt-get install -y curl`. */
export interface ShellCommand {
  argv: ShellWord[];
  /** Leading `NAME=value` assignments (`PIP_NO_CACHE_DIR=1 pip install ...`). */
  assignments: ShellWord[];
  location: Location;
}
