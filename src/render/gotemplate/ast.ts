/** The parse tree of a Go template, close to text/template/parse's node types. */
import type { TemplatePos } from './types.js';

/** Node positions are shared, not copied, by the output spans that point at them. */
export type Pos = TemplatePos;

export type Node =
  | { kind: 'text'; text: string; pos: Pos }
  | { kind: 'action'; pipe: Pipe; pos: Pos; src: string }
  | { kind: 'if' | 'with'; pipe: Pipe; list: Node[]; elseList?: Node[]; pos: Pos }
  | { kind: 'range'; pipe: Pipe; list: Node[]; elseList?: Node[]; pos: Pos }
  | { kind: 'template'; name: string; pipe?: Pipe; pos: Pos; namePos: Pos }
  | { kind: 'break' | 'continue'; pos: Pos };

export interface Pipe {
  decl: string[];
  /** `$x = ...` rather than `$x := ...`. */
  isAssign: boolean;
  cmds: Command[];
  pos: Pos;
}

export interface Command {
  args: Arg[];
  pos: Pos;
}

export type Arg =
  | { kind: 'field'; names: string[]; pos: Pos }
  | { kind: 'variable'; name: string; names: string[]; pos: Pos }
  | { kind: 'chain'; node: Arg; names: string[]; pos: Pos }
  | { kind: 'ident'; name: string; pos: Pos }
  | { kind: 'dot'; pos: Pos }
  | { kind: 'nil'; pos: Pos }
  | { kind: 'bool'; value: boolean; pos: Pos }
  | { kind: 'number'; value: bigint | number; text: string; pos: Pos }
  | { kind: 'string'; value: string; pos: Pos }
  | { kind: 'pipe'; pipe: Pipe; pos: Pos };

export interface Tree {
  name: string;
  /** File the definition came from (for `define`d templates, the file that defined them). */
  file: string;
  root: Node[];
}
