/**
 * Executes parse trees with text/template's semantics (Go 1.22+: range over int) and Helm's
 * options. Every evaluation returns the value plus, when known, its path from the data root, so
 * printed output can say which `.Values` key it came from without copying any data.
 */
import type { Arg, Command, Node, Pipe, Pos, Tree } from './ast.js';
import { formatV, isPrint, sprint, sprintf, sprintln } from './format.js';
import { goEq, goLt } from './compare.js';
import { goTypeName, isMap, isTrue, utf8Len } from './values.js';
import {
  GoStruct,
  TemplateAbort,
  TemplateError,
  TemplateLimitError,
  UnknownFunctionError,
  type ExecOptions,
  type FuncCall,
  type FuncMap,
  type OutputSpan,
  type RenderResult,
  type TemplatePos,
  type Value,
} from './types.js';

type Path = readonly (string | number)[];

/** A value and, when it was read from the data by keys, the keys from the root. */
interface Ev {
  v: Value;
  p?: Path;
  /** Read out of a map or slice element: Go's static type is interface {} (error messages say so). */
  iface?: boolean;
  /**
   * Go's invalid reflect.Value: a nil interface that came out of a pipeline (evalPipeline turns
   * interface values into their concrete value; nil becomes invalid), or nil data given to a
   * template. A field of it is no value rather than a nil pointer error.
   */
  invalid?: boolean;
}

const NONE: Ev = { v: null };
/** `{{ template "x" }}` without data: Go's dot is the invalid value. */
const NO_DATA: Ev = { v: null, invalid: true };
const MAX_INT64 = (1n << 63n) - 1n;
const NO_VIA: TemplatePos[] = [];

/**
 * Functions whose result is "the same value" for provenance: the printed text still comes from
 * the last argument (the piped one), so its `.Values` path carries over.
 */
export const PASS_THROUGH = new Set([
  'default', 'toYaml', 'toJson', 'toPrettyJson', 'toRawJson', 'toString', 'indent', 'nindent', 'quote',
  'squote', 'trim', 'trimAll', 'trimSuffix', 'trimPrefix', 'b64enc', 'upper', 'lower', 'title', 'trunc',
  'int', 'int64', 'float64', 'toStrings', 'required', 'replace', 'tpl', 'coalesce', 'ternary', 'first', 'last',
]);

export const DEFAULTS: Required<ExecOptions> = {
  missingKey: 'zero',
  maxIncludeDepth: 1000,
  maxOutputBytes: 64 * 1024 * 1024,
  maxSteps: 10_000_000,
};

/** What the executor needs from the set: lookup of named templates and parsing for `tpl`. */
export interface TreeSource {
  lookup(name: string): Tree | undefined;
  parseTpl(name: string, text: string): Map<string, Tree>;
  readonly funcs: FuncMap;
}

class Writer {
  parts: string[] = [];
  spans: OutputSpan[] = [];
  len = 0;
}

interface Var {
  name: string;
  ev: Ev;
}

/** Control flow out of a range body. */
type Flow = 'break' | 'continue' | undefined;

export class Executor {
  private steps = 0;
  private depth = 0;
  private readonly opts: Required<ExecOptions>;
  /** Paths of objects seen during evaluation, so `include "x" .Values.foo` keeps its provenance. */
  private readonly objPaths = new WeakMap<object, Path>();
  private out = new Writer();
  private via: TemplatePos[] = NO_VIA;
  private vars: Var[] = [];
  private tree: Tree | undefined;
  /** `tpl` overlays: templates defined inside a tpl string, visible while it runs. */
  private overlays: Map<string, Tree>[] = [];
  /** Include results produced while evaluating the current action, to map their spans. */
  private includes: { text: string; spans: OutputSpan[] }[] = [];
  private totalOut = 0;
  private maxDepthSeen = 0;

  constructor(
    private readonly src: TreeSource,
    private readonly topName: string,
    options: ExecOptions | undefined,
  ) {
    this.opts = { ...DEFAULTS, ...stripUndefined(options ?? {}) };
  }

  run(tree: Tree, data: Value): RenderResult {
    const root: Ev = { v: data, p: [], invalid: data === null };
    this.remember(root);
    try {
      this.execTree(tree, root, undefined);
    } catch (e) {
      // Deep recursion in the template (or a hostile chart) must end in a clear error, not a crash.
      if (e instanceof RangeError) {
        throw new TemplateLimitError(`template: ${tree.name}: exceeded maximum template depth (nesting too deep at depth ${this.maxDepthSeen})`);
      }
      throw e;
    }
    const text = this.out.parts.join('');
    const res = { text, spans: this.out.spans };
    return this.opts.missingKey === 'error' ? res : stripNoValue(res);
  }

  // --- templates ----------------------------------------------------------------------------
  private lookup(name: string): Tree | undefined {
    for (let i = this.overlays.length - 1; i >= 0; i--) {
      const t = this.overlays[i]!.get(name);
      if (t) return t;
    }
    return this.src.lookup(name);
  }

  private execTree(tree: Tree, dot: Ev, callPos: TemplatePos | undefined): void {
    if (this.depth >= this.opts.maxIncludeDepth) {
      throw new TemplateLimitError(
        `template: ${tree.file}: rendering template has a nested reference name: ${tree.name}: exceeded maximum template depth (${this.opts.maxIncludeDepth})`,
        callPos,
      );
    }
    const saveVars = this.vars;
    const saveTree = this.tree;
    const saveVia = this.via;
    this.depth++;
    if (this.depth > this.maxDepthSeen) this.maxDepthSeen = this.depth;
    this.vars = [{ name: '$', ev: dot }];
    this.tree = tree;
    if (callPos) this.via = [...this.via, callPos];
    try {
      this.walkList(tree.root, dot);
    } finally {
      this.depth--;
      this.vars = saveVars;
      this.tree = saveTree;
      this.via = saveVia;
    }
  }

  /** Runs a named template into a separate buffer: Helm's `include`. */
  private renderInto(name: string, data: Ev, callPos: TemplatePos | undefined): { text: string; spans: OutputSpan[] } {
    const tree = this.lookup(name);
    if (!tree) throw new Error(`template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.topName)}`);
    const saveOut = this.out;
    const saveIncludes = this.includes;
    this.out = new Writer();
    this.includes = [];
    try {
      this.execTree(tree, data, callPos);
      return { text: this.out.parts.join(''), spans: this.out.spans };
    } finally {
      this.out = saveOut;
      this.includes = saveIncludes;
    }
  }

  // --- output -------------------------------------------------------------------------------
  private write(text: string, pos: TemplatePos, valuesPath?: Path, via = this.via): void {
    if (text === '') return;
    this.totalOut += text.length;
    if (this.totalOut > this.opts.maxOutputBytes) {
      throw new TemplateLimitError(`template: output exceeds ${this.opts.maxOutputBytes} bytes`, plainPos(pos));
    }
    const w = this.out;
    const start = w.len;
    w.parts.push(text);
    w.len += text.length;
    const last = w.spans[w.spans.length - 1];
    if (last && last.end === start && last.pos === pos && last.valuesPath === valuesPath && (last.via ?? NO_VIA) === (via.length ? via : NO_VIA)) {
      last.end = w.len;
      return;
    }
    const span: OutputSpan = { start, end: w.len, pos };
    if (via.length) span.via = via;
    if (valuesPath) span.valuesPath = valuesPath;
    w.spans.push(span);
  }

  /** Writes an action's printed text, giving included templates' text their own spans. */
  private writeAction(text: string, pos: TemplatePos, ev: Ev): void {
    const vp = valuesPathOf(ev);
    const incs = this.includes;
    this.includes = [];
    if (incs.length === 0) return this.write(text, pos, vp);
    // Locate each included span's lines in the printed text, in order (indent/nindent/quote keep them).
    const pieces: { start: number; end: number; span: OutputSpan }[] = [];
    let cursor = 0;
    for (const inc of incs) {
      for (const sp of inc.spans) {
        const seg = inc.text.slice(sp.start, sp.end);
        let off = 0;
        let lost = false;
        while (off < seg.length) {
          let nl = seg.indexOf('\n', off);
          if (nl === -1) nl = seg.length;
          const piece = seg.slice(off, nl);
          if (piece.length > 0) {
            const at = text.indexOf(piece, cursor);
            if (at === -1) {
              lost = true;
              break;
            }
            pieces.push({ start: at, end: at + piece.length, span: sp });
            cursor = at + piece.length;
          }
          off = nl + 1;
        }
        if (lost) break;
      }
    }
    let at = 0;
    for (const pc of pieces) {
      if (pc.start > at) this.write(text.slice(at, pc.start), pos, vp);
      this.write(text.slice(pc.start, pc.end), pc.span.pos, pc.span.valuesPath, pc.span.via ?? []);
      at = pc.end;
    }
    if (at < text.length) this.write(text.slice(at), pos, vp);
  }

  // --- walking ------------------------------------------------------------------------------
  private step(pos: Pos): void {
    if (++this.steps > this.opts.maxSteps) {
      throw new TemplateLimitError(`template: ${pos.template}: execution exceeded ${this.opts.maxSteps} steps`, plainPos(pos));
    }
  }

  private walkList(list: Node[], dot: Ev): Flow {
    for (const n of list) {
      const f = this.walk(n, dot);
      if (f) return f;
    }
    return undefined;
  }

  private walk(n: Node, dot: Ev): Flow {
    this.step(n.pos);
    switch (n.kind) {
      case 'text':
        this.write(n.text, n.pos);
        return undefined;
      case 'action': {
        this.includes = [];
        const ev = this.evalPipe(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.writeAction(printValue(ev.v), n.pos, ev);
        this.includes = [];
        return undefined;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        try {
          const ev = this.evalPipe(dot, n.pipe);
          this.includes = []; // include output consumed by a condition is not printed
          // `with` sets dot to the pipeline's concrete value (Go unwraps the interface).
          if (isTrue(ev.v)) return this.walkList(n.list, n.kind === 'with' ? { ...ev, iface: false } : dot);
          if (n.elseList) return this.walkList(n.elseList, dot);
          return undefined;
        } finally {
          this.vars.length = mark;
        }
      }
      case 'range':
        return this.walkRange(n, dot);
      case 'template': {
        const tree = this.lookup(n.name);
        if (!tree) {
          const call = `{{template ${JSON.stringify(n.name)}${n.pipe ? ' ' + pipeString(n.pipe) : ''}}}`;
          this.fail(n.namePos, call, `template ${JSON.stringify(n.name)} not defined`);
        }
        const ev = n.pipe ? this.evalPipe(dot, n.pipe) : NO_DATA;
        this.execTree(tree!, ev, plainPos(n.pos));
        return undefined;
      }
      case 'break':
      case 'continue':
        return n.kind;
    }
  }

  private walkRange(n: Extract<Node, { kind: 'range' }>, dot: Ev): Flow {
    const mark = this.vars.length;
    try {
      const ev = this.evalPipe(dot, n.pipe);
      this.includes = [];
      // The declared variables were pushed by evalPipe with the range value; each iteration resets them.
      this.vars.length = mark;
      const decl = n.pipe.decl;
      const body = (key: Ev, elem: Ev): boolean => {
        this.step(n.pos);
        const m = this.vars.length;
        if (decl.length === 1) this.vars.push({ name: decl[0]!, ev: elem });
        else if (decl.length === 2) {
          this.vars.push({ name: decl[0]!, ev: key });
          this.vars.push({ name: decl[1]!, ev: elem });
        }
        const f = this.walkList(n.list, elem);
        this.vars.length = m;
        return f === 'break';
      };
      const v = ev.v;
      let count = 0;
      if (Array.isArray(v) || v instanceof Uint8Array) {
        for (let i = 0; i < v.length; i++) {
          count++;
          const e = v instanceof Uint8Array ? BigInt(v[i]!) : (v[i] as Value);
          if (body({ v: BigInt(i) }, this.child(ev, i, e))) break;
        }
      } else if (typeof v === 'bigint') {
        if (decl.length > 1) this.fail(n.pos, 'range', `can't use ${v} to iterate over more than one variable`);
        for (let i = 0n; i < v; i++) {
          count++;
          if (body({ v: i }, { v: i })) break;
        }
      } else if (isMap(v) || (v instanceof GoStruct && v.mapEntries)) {
        const m = isMap(v) ? v : (v as GoStruct).mapEntries!;
        for (const k of Object.keys(m).sort(byteOrder)) {
          count++;
          if (body({ v: k }, this.child(ev, k, m[k] ?? null))) break;
        }
      } else if (v !== null) {
        const last = n.pipe.cmds[n.pipe.cmds.length - 1]!;
        this.fail(last.args[0]!.pos, cmdString(last), `range can't iterate over ${formatV(v)}`);
      }
      if (count === 0 && n.elseList) return this.walkList(n.elseList, dot);
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  // --- evaluation ---------------------------------------------------------------------------
  private remember(ev: Ev): Ev {
    if (ev.p && ev.v !== null && typeof ev.v === 'object') this.objPaths.set(ev.v, ev.p);
    return ev;
  }

  private child(parent: Ev, key: string | number, v: Value, iface = true): Ev {
    if (!parent.p) return { v, iface };
    return this.remember({ v, p: [...parent.p, key], iface });
  }

  private evalPipe(dot: Ev, pipe: Pipe): Ev {
    let ev: Ev | undefined;
    for (const cmd of pipe.cmds) ev = this.evalCommand(dot, cmd, ev);
    let result = ev ?? NONE;
    // Struct fields keep their Go type; everything else here is an interface {} (see Ev.invalid).
    if (result.v === null && result.iface !== false && !result.invalid) result = { ...result, invalid: true };
    for (const name of pipe.decl) {
      if (pipe.isAssign) {
        const v = this.findVar(name);
        if (v) v.ev = result;
      } else this.vars.push({ name, ev: result });
    }
    return result;
  }

  private findVar(name: string): Var | undefined {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i];
    return undefined;
  }

  private evalCommand(dot: Ev, cmd: Command, final: Ev | undefined): Ev {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        return this.evalChain(dot, dot, first.names, cmd, cmd.args.slice(1), final, first);
      case 'chain': {
        const base = this.evalArg(dot, first.node);
        return this.evalChain(dot, base, first.names, cmd, cmd.args.slice(1), final, first);
      }
      case 'ident':
        return this.callFunction(dot, first.name, cmd, cmd.args.slice(1), final);
      case 'pipe':
        this.notAFunction(cmd, final);
        return this.evalPipe(dot, first.pipe);
      case 'variable': {
        const base = this.varValue(first);
        if (first.names.length === 0) {
          this.notAFunction(cmd, final);
          return base;
        }
        return this.evalChain(dot, base, first.names, cmd, cmd.args.slice(1), final, first);
      }
      case 'nil':
        this.fail(first.pos, cmdString(cmd), 'nil is not a command');
    }
    this.notAFunction(cmd, final);
    return this.evalArg(dot, first);
  }

  private notAFunction(cmd: Command, final: Ev | undefined): void {
    if (cmd.args.length > 1 || final !== undefined) {
      this.fail(cmd.pos, argString(cmd.args[0]!), `can't give argument to non-function ${argString(cmd.args[0]!)}`);
    }
  }

  private varValue(a: Extract<Arg, { kind: 'variable' }>): Ev {
    const v = this.findVar(a.name);
    if (!v) this.fail(a.pos, a.name, `undefined variable: ${a.name}`);
    return v!.ev;
  }

  private evalArg(dot: Ev, a: Arg): Ev {
    this.step(a.pos);
    switch (a.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return NONE;
      case 'bool':
        return { v: a.value };
      case 'number':
        // A uint64-only literal parses but is no Go int when evaluated.
        if (typeof a.value === 'bigint' && a.value > MAX_INT64) this.fail(a.pos, a.text, `${a.text} overflows int`);
        return { v: a.value };
      case 'string':
        return { v: a.value };
      case 'field':
        return this.evalChain(dot, dot, a.names, undefined, [], undefined, a);
      case 'variable': {
        const base = this.varValue(a);
        return a.names.length ? this.evalChain(dot, base, a.names, undefined, [], undefined, a) : base;
      }
      case 'chain':
        return this.evalChain(dot, this.evalArg(dot, a.node), a.names, undefined, [], undefined, a);
      case 'pipe':
        return this.evalPipe(dot, a.pipe);
      case 'ident':
        return this.callFunction(dot, a.name, { args: [a], pos: a.pos }, [], undefined);
    }
  }

  /** `.a.b.c` on `base`; the last name gets the command's arguments (a method call). */
  private evalChain(dot: Ev, base: Ev, names: string[], cmd: Command | undefined, args: Arg[], final: Ev | undefined, at?: Arg): Ev {
    let cur = base;
    for (let i = 0; i < names.length; i++) {
      const last = i === names.length - 1;
      cur = this.evalField(dot, cur, names[i]!, last ? args : [], last ? final : undefined, cmd, at);
    }
    return cur;
  }

  private evalField(dot: Ev, recv: Ev, name: string, args: Arg[], final: Ev | undefined, cmd: Command | undefined, node: Arg | undefined): Ev {
    const r = recv.v;
    const hasArgs = args.length > 0 || final !== undefined;
    const at = node ? node.pos : cmd?.pos;
    const ctx = node ? argString(node) : cmd ? cmdString(cmd) : `.${name}`;
    const failHere = (msg: string): never => this.fail(at ?? this.somePos(), ctx, msg);
    if (r === null && recv.invalid) {
      if (this.opts.missingKey === 'error') failHere(`nil data; no entry for key ${JSON.stringify(name)}`);
      return { ...this.child(recv, name, null), invalid: true };
    }
    if (r instanceof GoStruct) {
      const m = r.methods[name];
      if (m) {
        const argv = args.map((a) => this.evalArg(dot, a).v);
        if (final !== undefined) argv.push(final.v);
        try {
          return { v: m(...argv) };
        } catch (e) {
          if (e instanceof TemplateAbort || e instanceof UnknownFunctionError || e instanceof TemplateLimitError || e instanceof RangeError) throw e;
          return failHere(`error calling ${name}: ${errMessage(e)}`);
        }
      }
      if (Object.prototype.hasOwnProperty.call(r.fields, name)) {
        if (hasArgs) failHere(`${name} has arguments but cannot be invoked as function`);
        return this.child(recv, name, r.fields[name] ?? null, false);
      }
      return failHere(`can't evaluate field ${name} in type ${r.typeName}`);
    }
    if (isMap(r)) {
      if (hasArgs) failHere(`${name} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(r, name)) return this.child(recv, name, r[name] ?? null);
      if (this.opts.missingKey === 'error') failHere(`map has no entry for key ${JSON.stringify(name)}`);
      return this.child(recv, name, null);
    }
    if (r === null) return failHere(`nil pointer evaluating interface {}.${name}`);
    return failHere(`can't evaluate field ${name} in type ${recv.iface ? 'interface {}' : goTypeName(r)}`);
  }

  private somePos(): Pos {
    return { template: this.tree?.file ?? this.topName, line: 1, col: 1 };
  }

  // --- functions ----------------------------------------------------------------------------
  private callFunction(dot: Ev, name: string, cmd: Command, args: Arg[], final: Ev | undefined): Ev {
    this.step(cmd.pos);
    const fn = this.src.funcs[name];
    if (!fn) return this.callBuiltin(dot, name, cmd, args, final);
    const evs = args.map((a) => this.evalArg(dot, a));
    if (final !== undefined) evs.push(final);
    const call = this.funcCall(plainPos(cmd.pos));
    let v: Value;
    try {
      v = fn(call, ...evs.map((e) => e.v));
    } catch (e) {
      // `fail`/`required` point at their own call when the function did not say where.
      if (e instanceof TemplateAbort && !e.pos) throw new TemplateAbort(e.message, plainPos(cmd.pos));
      if (e instanceof TemplateAbort || e instanceof UnknownFunctionError || e instanceof TemplateLimitError || e instanceof RangeError) throw e;
      return this.fail(cmd.pos, cmdString(cmd), `error calling ${name}: ${errMessage(e)}`);
    }
    if (v === undefined) v = null;
    if (PASS_THROUGH.has(name)) {
      for (let i = evs.length - 1; i >= 0; i--) {
        const p = evs[i]!.p;
        if (p) return { v, p };
      }
    }
    return this.remember({ v, p: typeof v === 'object' && v !== null ? this.objPaths.get(v) : undefined });
  }

  private funcCall(callPos: TemplatePos): FuncCall {
    return {
      templateName: this.topName,
      include: (name: string, data: Value): string => {
        const p = data !== null && typeof data === 'object' ? this.objPaths.get(data) : undefined;
        const r = this.renderInto(name, { v: data, p, invalid: data === null }, callPos);
        this.includes.push(r);
        return r.text;
      },
      tpl: (text: string, data: Value): string => {
        const defs = this.src.parseTpl(this.tree?.name ?? this.topName, text);
        const main = defs.get('\0main')!;
        defs.delete('\0main');
        this.overlays.push(defs);
        const saveIncludes = this.includes;
        try {
          const p = data !== null && typeof data === 'object' ? this.objPaths.get(data) : undefined;
          const saveOut = this.out;
          this.out = new Writer();
          this.includes = [];
          try {
            this.execTree(main, { v: data, p, invalid: data === null }, callPos);
            const s = this.out.parts.join('');
            return this.opts.missingKey === 'error' ? s : s.split('<no value>').join('');
          } finally {
            this.out = saveOut;
          }
        } finally {
          this.overlays.pop();
          this.includes = saveIncludes;
        }
      },
    };
  }

  private callBuiltin(dot: Ev, name: string, cmd: Command, args: Arg[], final: Ev | undefined): Ev {
    const ctx = cmdString(cmd);
    const argc = args.length + (final !== undefined ? 1 : 0);
    const all = (): Ev[] => {
      const evs = args.map((a) => this.evalArg(dot, a));
      if (final !== undefined) evs.push(final);
      return evs;
    };
    const want = (n: number): void => {
      if (argc !== n) this.fail(cmd.pos, name, `wrong number of args for ${name}: want ${n} got ${argc}`);
    };
    const atLeast = (n: number): void => {
      if (argc < n) this.fail(cmd.pos, name, `wrong number of args for ${name}: want at least ${n} got ${argc}`);
    };
    const wrap = <T>(f: () => T): T => {
      try {
        return f();
      } catch (e) {
        if (e instanceof TemplateError || e instanceof RangeError) throw e;
        return this.fail(cmd.pos, ctx, `error calling ${name}: ${errMessage(e)}`);
      }
    };
    switch (name) {
      case 'and':
      case 'or': {
        atLeast(1);
        // Short-circuit: evaluate operands left to right and stop at the deciding one.
        const ops: (() => Ev)[] = args.map((a) => () => this.evalArg(dot, a));
        if (final !== undefined) ops.push(() => final);
        let ev: Ev = NONE;
        for (const op of ops) {
          ev = op();
          if (isTrue(ev.v) === (name === 'or')) return ev;
        }
        return ev;
      }
      case 'not':
        want(1);
        return { v: !isTrue(all()[0]!.v) };
      case 'len': {
        want(1);
        const v = all()[0]!.v;
        return wrap(() => {
          if (typeof v === 'string') return { v: BigInt(utf8Len(v)) };
          if (Array.isArray(v) || v instanceof Uint8Array) return { v: BigInt(v.length) };
          if (isMap(v)) return { v: BigInt(Object.keys(v).length) };
          if (v instanceof GoStruct && v.mapEntries) return { v: BigInt(Object.keys(v.mapEntries).length) };
          if (v === null) throw new Error('len of nil pointer');
          throw new Error(`len of type ${goTypeName(v)}`);
        });
      }
      case 'index': {
        atLeast(1);
        const evs = all();
        return wrap(() => goIndex(evs, (e, k, v) => this.child(e, k, v)));
      }
      case 'slice': {
        atLeast(1);
        const evs = all();
        return wrap(() => ({ v: goSlice(evs.map((e) => e.v)) }));
      }
      case 'print':
        return { v: sprint(...all().map((e) => e.v)) };
      case 'println':
        return { v: sprintln(...all().map((e) => e.v)) };
      case 'printf': {
        atLeast(1);
        const evs = all().map((e) => e.v);
        const f = evs[0];
        if (typeof f !== 'string') this.fail(cmd.pos, ctx, `wrong type for value; expected string; got ${goTypeName(f ?? null)}`);
        return { v: sprintf(f as string, ...evs.slice(1)) };
      }
      case 'eq': {
        atLeast(1);
        const evs = all().map((e) => e.v);
        return wrap(() => ({ v: goEq(evs[0]!, evs.slice(1)) }));
      }
      case 'ne': {
        want(2);
        const evs = all().map((e) => e.v);
        return wrap(() => ({ v: !goEq(evs[0]!, [evs[1]!]) }));
      }
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        want(2);
        const [a, b] = all().map((e) => e.v) as [Value, Value];
        return wrap(() => {
          const lt = goLt(a, b);
          const le = lt || goEq(a, [b]);
          return { v: name === 'lt' ? lt : name === 'le' ? le : name === 'gt' ? !le : !lt };
        });
      }
      case 'html':
        return { v: htmlEscape(evalArgsString(all())) };
      case 'js':
        return { v: jsEscape(evalArgsString(all())) };
      case 'urlquery':
        return { v: queryEscape(evalArgsString(all())) };
      case 'call': {
        atLeast(1);
        const f = all()[0]!.v;
        return this.fail(cmd.pos, ctx, f === null ? 'error calling call: call of nil' : `error calling call: non-function of type ${goTypeName(f)}`);
      }
    }
    return this.fail(cmd.pos, ctx, `function ${JSON.stringify(name)} not defined`);
  }

  // --- errors -------------------------------------------------------------------------------
  /** Go's exec error: `template: FILE:LINE:COL: executing "NAME" at <CONTEXT>: MSG` (COL 0-based as Go's). */
  private fail(pos: Pos, context: string, msg: string): never {
    const ctx = context;
    const name = this.tree?.name ?? this.topName;
    throw new TemplateError(
      `template: ${pos.template}:${pos.line}:${pos.col - 1}: executing ${JSON.stringify(name)} at <${ctx}>: ${msg}`,
      plainPos(pos),
    );
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const r: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  return r;
}

function plainPos(p: TemplatePos): TemplatePos {
  return { template: p.template, line: p.line, col: p.col };
}

function valuesPathOf(ev: Ev): Path | undefined {
  return ev.p && ev.p.length > 1 && ev.p[0] === 'Values' ? ev.p.slice(1) : undefined;
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What an action prints: fmt.Fprint of the value, with a nil/missing value shown as "<no value>". */
export function printValue(v: Value): string {
  if (v === null) return '<no value>';
  if (typeof v === 'string') return v;
  return formatV(v);
}

function goIndex(evs: Ev[], child: (e: Ev, k: string | number, v: Value) => Ev): Ev {
  let cur = evs[0]!;
  // Go checks the item before looking at any index: `index nil` alone is an error too.
  if (cur.v === null) throw new Error('index of untyped nil');
  for (const idx of evs.slice(1)) {
    const v = cur.v;
    const k = idx.v;
    if (v === null) throw new Error('index of untyped nil');
    if (Array.isArray(v) || v instanceof Uint8Array || typeof v === 'string') {
      const i = intIndex(k, 'slice/array');
      // Go indexes a string by bytes of its UTF-8 encoding.
      const bytes = typeof v === 'string' ? utf8Bytes(v) : undefined;
      const n = bytes ? bytes.length : v.length;
      if (i < 0 || i >= n) throw new Error(`index out of range: ${i}`);
      if (bytes) cur = { v: BigInt(bytes[i]!) };
      else if (v instanceof Uint8Array) cur = { v: BigInt(v[i]!) };
      else cur = child(cur, i, v[i] ?? null);
    } else if (isMap(v)) {
      if (typeof k !== 'string') {
        if (k === null) throw new Error('value is nil; should be of type string');
        throw new Error(`value has type ${goTypeName(k)}; should be string`);
      }
      cur = child(cur, k, Object.prototype.hasOwnProperty.call(v, k) ? (v[k] ?? null) : null);
    } else {
      throw new Error(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return cur;
}

function intIndex(k: Value, what: string): number {
  if (typeof k === 'bigint') return Number(k);
  if (k === null) throw new Error(`cannot index ${what} with nil`);
  throw new Error(`cannot index ${what} with type ${goTypeName(k)}`);
}

function utf8Bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function goSlice(vs: Value[]): Value {
  const v = vs[0]!;
  const idx = vs.slice(1).map((k) => intIndex(k, 'slice/array'));
  if (v === null) throw new Error('slice of untyped nil');
  if (idx.length > 3) throw new Error(`too many slice indexes: ${idx.length}`);
  if (typeof v === 'string') {
    if (idx.length === 3) throw new Error('cannot 3-index slice a string');
    // Byte offsets, as Go; a cut through a multi-byte character decodes to U+FFFD (Go keeps the raw bytes).
    const n = utf8Len(v);
    const [i = 0, j = n] = idx;
    if (i < 0 || j < i || j > n) throw new Error(`index out of range: ${j > n ? j : i}`);
    return n === v.length ? v.slice(i, j) : new TextDecoder().decode(utf8Bytes(v).subarray(i, j));
  }
  if (Array.isArray(v) || v instanceof Uint8Array) {
    const [i = 0, j = v.length, k = v.length] = idx;
    if (i < 0 || j < i || k < j || k > v.length) throw new Error(`index out of range: ${i}`);
    return v instanceof Uint8Array ? v.slice(i, j) : v.slice(i, j);
  }
  throw new Error(`can't slice item of type ${goTypeName(v)}`);
}

/** text/template's evalArgs for html/js/urlquery: one string as is, anything else through Sprint. */
function evalArgsString(evs: Ev[]): string {
  if (evs.length === 1 && typeof evs[0]!.v === 'string') return evs[0]!.v;
  // printableValue turns nil into the string "<no value>" (so Sprint spaces it as a string).
  return sprint(...evs.map((e) => (e.v === null ? '<no value>' : e.v)));
}

function htmlEscape(s: string): string {
  let out = '';
  for (const c of s) {
    switch (c) {
      case '"': out += '&#34;'; break;
      case "'": out += '&#39;'; break;
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      case '\0': out += '\ufffd'; break;
      default: out += c;
    }
  }
  return out;
}

function jsEscape(s: string): string {
  let out = '';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    switch (c) {
      case '\\': out += '\\\\'; break;
      case "'": out += "\\'"; break;
      case '"': out += '\\"'; break;
      case '<': out += '\\u003C'; break;
      case '>': out += '\\u003E'; break;
      case '&': out += '\\u0026'; break;
      case '=': out += '\\u003D'; break;
      default:
        if (cp < 0x20) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
        // Go writes non-printable non-ASCII runes (U+2028, U+00AD ...) as \uXXXX.
        else if (cp >= 0x80 && !isPrint(cp)) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
        else out += c;
    }
  }
  return out;
}

function queryEscape(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    if ((b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || c === '-' || c === '_' || c === '.' || c === '~') out += c;
    else if (b === 32) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Helm replaces every "<no value>" in the rendered text with "": done here so spans stay exact. */
function stripNoValue(r: RenderResult): RenderResult {
  const marker = '<no value>';
  if (!r.text.includes(marker)) return r;
  const cuts: number[] = [];
  for (let i = r.text.indexOf(marker); i !== -1; i = r.text.indexOf(marker, i + marker.length)) cuts.push(i);
  // Map an old offset to a new one: subtract the length of every cut that ends at or before it.
  let text = '';
  let prev = 0;
  for (const c of cuts) {
    text += r.text.slice(prev, c);
    prev = c + marker.length;
  }
  text += r.text.slice(prev);
  const map = (off: number): number => {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid]! < off) lo = mid + 1;
      else hi = mid;
    }
    // `lo` cuts start before off; a cut that straddles off counts only its part before off.
    let removed = lo * marker.length;
    const lastCut = lo > 0 ? cuts[lo - 1]! : -1;
    if (lastCut >= 0 && lastCut + marker.length > off) removed -= lastCut + marker.length - off;
    return off - removed;
  };
  const spans: OutputSpan[] = [];
  for (const s of r.spans) {
    const start = map(s.start);
    const end = map(s.end);
    if (end > start) spans.push({ ...s, start, end });
  }
  return { text, spans };
}

function cmdString(cmd: Command): string {
  return cmd.args.map(argString).join(' ');
}

function argString(a: Arg): string {
  switch (a.kind) {
    case 'field': return '.' + a.names.join('.');
    case 'variable': return [a.name, ...a.names].join('.');
    case 'chain': return `${argString(a.node)}.${a.names.join('.')}`;
    case 'ident': return a.name;
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(a.value);
    case 'number': return a.text;
    case 'string': return JSON.stringify(a.value);
    case 'pipe': return `(${pipeString(a.pipe)})`;
  }
}

function pipeString(p: Pipe): string {
  return `${p.decl.length ? p.decl.join(', ') + (p.isAssign ? ' = ' : ' := ') : ''}${p.cmds.map(cmdString).join(' | ')}`;
}
