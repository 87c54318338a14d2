/**
 * dockerfile-ast recomputes an instruction's argument list (a character walk
 * that builds Argument objects and resolves their positions) on every
 * getArguments(), and its own parser and constructors call it about twelve
 * times per instruction: most of the scan time of a Dockerfile with 100k RUN
 * lines. An instruction's text never changes after parsing (nothing here uses
 * the library's editing API), so the list is computed once per instruction.
 * Callers get a copy because the library shifts flags off the array it is given.
 *
 * Importing this module installs the memo; lift-dockerfile imports it before
 * parsing.
 */
import { Instruction, type Argument } from 'dockerfile-ast';

// getRawArguments is private in the library's typings; it is what getArguments() and the parser call.
const proto = Instruction.prototype as unknown as { getRawArguments(this: Instruction): Argument[] };
const original = proto.getRawArguments;
// A symbol-keyed slot on the instruction: a WeakMap lookup per call cost as much as it saved.
const ARGS = Symbol('shipshape.rawArguments');

proto.getRawArguments = function getRawArgumentsOnce(this: Instruction & { [ARGS]?: Argument[] }): Argument[] {
  const args = (this[ARGS] ??= original.call(this));
  return args.slice();
};
