/**
 * Recursive-descent parser for Go text/template, following text/template/parse: a file yields its
 * own tree plus one tree per `define`/`block`. Functions are checked at parse time as Go does
 * (an unknown name is UnknownFunctionError), variables must be declared before use.
 */
import type { Arg, Command, Node, Pipe, Pos, Tree } from './ast.js';
import { lex, type Token, type TokKind } from './lexer.js';
import { TemplateError, UnknownFunctionError } from './types.js';

export const BUILTINS = new Set([
  'and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call',
]);

/** Go's parser limits nesting to 10000; ours recurses on the JS stack, so it stops earlier. */
const MAX_DEPTH = 1000;

export function parseFile(name: string, text: string, hasFunc: (n: string) => boolean): Tree[] {
  return new Parser(name, lex(name, text), hasFunc).parse();
}

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  /** Nesting of parentheses and control structures; bounded so hostile input cannot exhaust the stack. */
  private depth = 0;
  private readonly trees: Tree[] = [];
  /** Index into `trees` by name: one parse (one file) may not define a name twice (Go's Tree.add). */
  private readonly treeAt = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly toks: Token[],
    private readonly hasFunc: (n: string) => boolean,
  ) {}

  parse(): Tree[] {
    const root: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'left') {
        // `{{define}}` is only allowed at the top level, as in Go.
        const save = this.i;
        this.next();
        const k = this.nextNonSpace();
        if (k.kind === 'keyword' && k.val === 'define') {
          this.parseDefine(k);
          continue;
        }
        this.i = save;
      }
      const { nodes, end } = this.itemList(true);
      for (const n of nodes) root.push(n); // no spread: a huge file has too many nodes for call arguments
      if (end) this.fail(end, `unexpected {{${end.val}}}`);
    }
    // The file's own tree is added last in Go: a define of the file's own name clashes with it.
    const own = this.treeAt.get(this.name);
    if (own !== undefined && !isEmptyList(root) && !isEmptyList(this.trees[own]!.root)) {
      this.fail(this.peek(), `template: multiple definition of template ${JSON.stringify(this.name)}`);
    }
    // The file's own tree comes first; later defines in the same file follow it.
    return [{ name: this.name, file: this.name, root }, ...this.trees];
  }

  // --- token helpers ------------------------------------------------------------------------
  private peek(): Token {
    return this.toks[this.i] ?? this.toks[this.toks.length - 1]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.kind === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const save = this.i;
    const t = this.nextNonSpace();
    this.i = save;
    return t;
  }
  private pos(t: Token): Pos {
    return { template: this.name, line: t.line, col: t.col };
  }
  private fail(t: Token, msg: string): never {
    throw new TemplateError(`template: ${this.name}:${t.line}: ${msg}`, { template: this.name, line: t.line, col: t.col });
  }
  private expect(kind: TokKind, context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== kind) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Token, context: string): never {
    if (t.kind === 'eof') this.fail(t, `unexpected EOF`);
    const what = t.kind === 'right' ? '"}}"' : t.kind === 'string' ? 'quoted string' : t.kind === 'keyword' ? `<${t.val}>` : JSON.stringify(t.val);
    this.fail(t, `unexpected ${what} in ${context}`);
  }

  // --- lists --------------------------------------------------------------------------------
  /**
   * Text and actions until `{{end}}`, `{{else}}` or EOF. Returns the terminating keyword token
   * (its `{{` and keyword consumed; for `else`, the rest of the action is left to the caller).
   */
  private itemList(topLevel = false): { nodes: Node[]; end?: Token } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        if (!topLevel) this.fail(t, 'unexpected EOF');
        return { nodes };
      }
      if (t.kind === 'text') {
        this.next();
        nodes.push({ kind: 'text', text: t.val, pos: this.pos(t) });
        continue;
      }
      if (t.kind !== 'left') this.unexpected(t, 'input');
      if (topLevel) {
        // Let the caller see a top-level define.
        const save = this.i;
        this.next();
        const k = this.nextNonSpace();
        this.i = save;
        if (k.kind === 'keyword' && k.val === 'define') return { nodes };
      }
      const left = this.next();
      const k = this.peekNonSpace();
      if (k.kind === 'keyword' && (k.val === 'end' || k.val === 'else')) {
        this.nextNonSpace();
        if (k.val === 'end') this.expect('right', 'end');
        return { nodes, end: k };
      }
      nodes.push(this.action(left));
    }
  }

  private action(left: Token): Node {
    const t = this.peekNonSpace();
    if (t.kind === 'keyword') {
      this.nextNonSpace();
      switch (t.val) {
        case 'if':
        case 'with':
        case 'range':
          return this.control(t.val, t);
        case 'template':
          return this.templateCall(t);
        case 'block':
          return this.block(t);
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.fail(t, `{{${t.val}}} outside {{range}}`);
          this.expect('right', t.val);
          return { kind: t.val, pos: this.pos(t) };
        default:
          this.unexpected(t, 'command');
      }
    }
    const pipe = this.pipeline('command', 'right');
    return { kind: 'action', pipe, pos: this.pos(left), src: '' };
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail(t, `max expression depth exceeded (${MAX_DEPTH})`);
  }

  private control(kind: 'if' | 'with' | 'range', kw: Token): Node {
    this.enter(kw);
    try {
      return this.controlBody(kind, kw);
    } finally {
      this.depth--;
    }
  }

  private controlBody(kind: 'if' | 'with' | 'range', kw: Token): Node {
    const saveVars = this.vars.length;
    const pipe = this.pipeline(kind, 'right');
    if (kind === 'range') this.rangeDepth++;
    const body = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (body.end?.val === 'else') {
      const after = this.peekNonSpace();
      if (after.kind === 'keyword' && (after.val === 'if' || after.val === 'with')) {
        if (after.val !== kind) this.unexpected(after, kind);
        // `{{else if x}}` is `{{else}}{{if x}}...{{end}}{{end}}`: the inner control consumes the one {{end}}.
        this.nextNonSpace();
        elseList = [this.control(after.val, after)];
      } else {
        this.expect('right', 'else');
        const rest = this.itemList();
        if (rest.end?.val !== 'end') this.fail(rest.end ?? this.peek(), 'expected end; found {{else}}');
        elseList = rest.nodes;
      }
    }
    this.vars.length = saveVars;
    return { kind, pipe, list: body.nodes, elseList, pos: this.pos(kw) } as Node;
  }

  private templateName(context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== 'string') this.unexpected(t, context);
    return t;
  }

  private templateCall(kw: Token): Node {
    const name = this.templateName('template clause');
    let pipe: Pipe | undefined;
    if (this.peekNonSpace().kind !== 'right') pipe = this.pipeline('template clause', 'right');
    else this.expect('right', 'template clause');
    return { kind: 'template', name: name.val, pipe, pos: this.pos(kw), namePos: this.pos(name) };
  }

  private block(kw: Token): Node {
    const name = this.templateName('block clause');
    const pipe = this.pipeline('block clause', 'right');
    this.defineBody(name.val, kw);
    return { kind: 'template', name: name.val, pipe, pos: this.pos(kw), namePos: this.pos(name) };
  }

  private parseDefine(kw: Token): void {
    const name = this.templateName('define clause');
    this.expect('right', 'define clause');
    this.defineBody(name.val, kw);
  }

  private defineBody(name: string, kw: Token): void {
    const saveVars = this.vars;
    const saveRange = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const body = this.itemList();
    if (body.end?.val !== 'end') this.fail(body.end ?? kw, 'unexpected {{else}} in define');
    this.vars = saveVars;
    this.rangeDepth = saveRange;
    const tree: Tree = { name, file: this.name, root: body.nodes };
    const at = this.treeAt.get(name);
    if (at === undefined) {
      this.treeAt.set(name, this.trees.length);
      this.trees.push(tree);
    } else if (isEmptyList(this.trees[at]!.root)) this.trees[at] = tree;
    else if (!isEmptyList(tree.root)) this.fail(body.end!, `template: multiple definition of template ${JSON.stringify(name)}`);
  }

  // --- pipelines ----------------------------------------------------------------------------
  private pipeline(context: string, end: 'right' | 'rparen'): Pipe {
    const first = this.peekNonSpace();
    const pipe: Pipe = { decl: [], isAssign: false, cmds: [], pos: this.pos(first) };
    // Declarations: `$x :=`, `$x =`, `$i, $v :=` (range only).
    decls: for (;;) {
      const save = this.i;
      const v = this.peekNonSpace();
      if (v.kind !== 'variable') break;
      this.nextNonSpace();
      const after = this.peekNonSpace();
      switch (after.kind) {
        case 'declare':
        case 'assign':
          if (pipe.decl.length >= 2) this.fail(after, `too many declarations in ${context}`);
          this.nextNonSpace();
          pipe.isAssign = after.kind === 'assign';
          pipe.decl.push(v.val);
          if (after.kind === 'declare') this.vars.push(v.val);
          else if (!this.vars.includes(v.val)) this.fail(v, `undefined variable "${v.val}"`);
          break decls;
        case 'comma':
          if (context === 'range' && pipe.decl.length < 2) {
            this.nextNonSpace();
            pipe.decl.push(v.val);
            this.vars.push(v.val);
            continue;
          }
          this.fail(after, `too many declarations in ${context}`);
          break;
        default:
          this.i = save;
          break decls;
      }
    }
    if (pipe.decl.length > 1 && pipe.isAssign) this.fail(first, 'multiple assignment not allowed');
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === end) {
        this.nextNonSpace();
        if (pipe.cmds.length === 0) this.fail(t, `missing value for ${context}`);
        pipe.cmds.forEach((c, i) => {
          const a = c.args[0];
          if (i > 0 && a && (a.kind === 'bool' || a.kind === 'dot' || a.kind === 'nil' || a.kind === 'number' || a.kind === 'string')) {
            this.fail(t, `non executable command in pipeline stage ${i + 1}`);
          }
        });
        return pipe;
      }
      switch (t.kind) {
        case 'bool': case 'char': case 'dot': case 'field': case 'ident': case 'number':
        case 'nil': case 'string': case 'variable': case 'lparen':
          pipe.cmds.push(this.command());
          break;
        default:
          this.nextNonSpace();
          this.unexpected(t, context);
      }
    }
  }

  private command(): Command {
    const cmd: Command = { args: [], pos: this.pos(this.peekNonSpace()) };
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.next();
      if (t.kind === 'space') {
        // Spaces before `|`, `)` or `}}` end the command's operands.
        continue;
      }
      if (t.kind === 'right' || t.kind === 'rparen') {
        this.i--;
      } else if (t.kind !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail(this.peek(), 'empty command');
    return cmd;
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().kind !== 'field') return node;
    const names: string[] = [];
    const start = this.peek();
    while (this.peek().kind === 'field') names.push(this.next().val);
    switch (node.kind) {
      case 'field':
        // As Go's parser: a chained field node sits at the first field after the term.
        return { kind: 'field', names: [...node.names, ...names], pos: this.pos(start) };
      case 'variable':
        return { kind: 'variable', name: node.name, names: [...node.names, ...names], pos: node.pos };
      case 'bool': case 'string': case 'number': case 'nil': case 'dot':
        this.fail(start, `unexpected . after term ${JSON.stringify(start.val)}`);
        break;
      default:
        return { kind: 'chain', node, names, pos: node.pos };
    }
  }

  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    const pos = this.pos(t);
    switch (t.kind) {
      case 'ident':
        if (!BUILTINS.has(t.val) && !this.hasFunc(t.val)) {
          throw new UnknownFunctionError(t.val, { template: this.name, line: t.line, col: t.col });
        }
        return { kind: 'ident', name: t.val, pos };
      case 'dot':
        return { kind: 'dot', pos };
      case 'nil':
        return { kind: 'nil', pos };
      case 'variable':
        if (!this.vars.includes(t.val)) this.fail(t, `undefined variable "${t.val}"`);
        return { kind: 'variable', name: t.val, names: [], pos };
      case 'field':
        return { kind: 'field', names: [t.val], pos };
      case 'bool':
        return { kind: 'bool', value: t.val === 'true', pos };
      case 'char':
        return { kind: 'number', value: BigInt(t.val), text: t.raw ?? t.val, pos };
      case 'number': {
        const value = parseNumber(t.val);
        if (value === undefined) this.fail(t, `illegal number syntax: ${JSON.stringify(t.val)}`);
        // Go's parser keeps integers that fit int64 or uint64; larger ones are a parse error.
        if (typeof value === 'bigint' && (value > MAX_UINT64 || value < MIN_INT64)) this.fail(t, `integer overflow: ${JSON.stringify(t.val)}`);
        return { kind: 'number', value: value!, text: t.val, pos };
      }
      case 'lparen': {
        this.enter(t);
        const pipe = this.pipeline('parenthesized pipeline', 'rparen');
        this.depth--;
        return { kind: 'pipe', pipe, pos };
      }
      case 'string':
        return { kind: 'string', value: t.val, pos };
    }
    // Leave the token for the caller (next() does not move past EOF).
    if (t.kind !== 'eof') this.i--;
    return undefined;
  }
}

/** Go's parse.IsEmptyTree: only whitespace text (comments are not kept as nodes here). */
function isEmptyList(list: Node[]): boolean {
  return list.every((n) => n.kind === 'text' && n.text.trim() === '');
}

const MAX_UINT64 = (1n << 64n) - 1n;
const MIN_INT64 = -(1n << 63n);

/**
 * A Go number literal as text/template evaluates it untyped: integers (decimal, 0x, 0o, 0b, legacy
 * octal, `_` separators) become int (bigint); anything with `.`, an exponent or a hex `p` exponent
 * becomes float64. Returns undefined for malformed text.
 */
export function parseNumber(text: string): bigint | number | undefined {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return undefined;
  const lower = s.toLowerCase();
  const isHex = lower.startsWith('0x');
  if (!validUnderscores(s)) return undefined;
  const clean = s.replace(/_/g, '');
  const lc = clean.toLowerCase();
  if (isHex) {
    const body = lc.slice(2);
    if (body.includes('p')) return hexFloat(body, neg);
    if (body === '' || !allIn(body, '0123456789abcdef')) return undefined;
    const v = BigInt('0x' + body);
    return neg ? -v : v;
  }
  if (lc.startsWith('0b') || lc.startsWith('0o')) {
    const body = lc.slice(2);
    const digits = lc[1] === 'b' ? '01' : '01234567';
    if (body === '' || !allIn(body, digits)) return undefined;
    const v = BigInt(lc.slice(0, 2) + body);
    return neg ? -v : v;
  }
  if (lc.includes('.') || lc.includes('e')) {
    if (!allIn(lc, '0123456789.e+-')) return undefined;
    const f = Number(lc);
    if (Number.isNaN(f) || lc === '.' || lc.endsWith('e') || lc.startsWith('e')) return undefined;
    return neg ? -f : f;
  }
  if (!allIn(lc, '0123456789')) return undefined;
  if (lc.length > 1 && lc[0] === '0') {
    if (!allIn(lc, '01234567')) return undefined;
    const v = BigInt('0o' + lc.slice(1));
    return neg ? -v : v;
  }
  const v = BigInt(lc);
  return neg ? -v : v;
}

function allIn(s: string, chars: string): boolean {
  for (let i = 0; i < s.length; i++) if (!chars.includes(s[i]!)) return false;
  return true;
}

function validUnderscores(s: string): boolean {
  if (!s.includes('_')) return true;
  if (s.startsWith('_') || s.endsWith('_') || s.includes('__')) return false;
  return !/[.eEpP]_|_[.eEpP]/.test(s);
}

function hexFloat(body: string, neg: boolean): number | undefined {
  const [mant, exp] = body.split('p');
  if (mant === undefined || exp === undefined || exp === '' || !allIn(exp.replace(/^[+-]/, ''), '0123456789')) return undefined;
  const [ip = '', fp = ''] = mant.split('.');
  if (!allIn(ip + fp, '0123456789abcdef') || ip + fp === '') return undefined;
  let v = 0;
  for (const c of ip + fp) v = v * 16 + parseInt(c, 16);
  v = v * Math.pow(2, Number(exp) - 4 * fp.length);
  return neg ? -v : v;
}
