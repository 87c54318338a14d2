/**
 * The shared vocabulary of the Go `text/template` engine (lexer, parser,
 * executor), the function library (Sprig + Helm) and the Helm chart renderer.
 * Nothing here executes; it fixes how Go values look in JavaScript so the three
 * parts agree.
 *
 * Go value          JavaScript
 * nil / no value    null
 * bool              boolean
 * int, int64, ...   bigint      (template literals `3`, `len`, Sprig `add`, `int`, `until`)
 * float64           number      (every number that came through JSON or Helm's values: Helm
 *                                decodes values.yaml via sigs.k8s.io/yaml, so `replicas: 3` is float64)
 * string            string
 * []byte            Uint8Array
 * []interface{}     Value[]
 * map[string]...    GoMap (a plain object, prototype Object.prototype or null; keys iterate sorted in `range`)
 * struct / object   GoStruct (Helm's .Release, .Chart, .Files, .Capabilities: fields and methods)
 * func              GoFunc only inside a FuncMap, never as a value in data
 */

export type Value = null | boolean | number | bigint | string | Uint8Array | Value[] | GoMap | GoStruct;

export interface GoMap {
  [key: string]: Value;
}

/** A method on a GoStruct: `.Files.Get "x"`, `.Capabilities.APIVersions.Has "v1"`. */
export type GoMethod = (...args: Value[]) => Value;

/**
 * A Go struct value. `typeName` is what Go's `%T` would print (e.g. `chart.Metadata`), used in
 * error messages. Field lookup `.Name` reads `fields`; a name in `methods` is called with the
 * command's arguments. Printing with `%v` gives `{field values in declaration order}` as Go does,
 * so `fields` keeps declaration order.
 */
export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, Value>>,
    readonly methods: Readonly<Record<string, GoMethod>> = {},
    /**
     * For a Go map type with methods (Helm's `files`, a `map[string][]byte` with Get/Glob/AsConfig):
     * its entries, which `range` and `len` see as they see a map's.
     */
    readonly mapEntries?: Readonly<GoMap>,
  ) {}
}

/** What a template function can ask of the engine while it runs (include, tpl, required's error). */
export interface FuncCall {
  /** Name of the template being executed (Helm's `.Template.Name` for the top-level one). */
  readonly templateName: string;
  /** Executes a named template defined in the set with `data` as dot; `include`. */
  include(name: string, data: Value): string;
  /** Parses `text` as a new template in the current set (so it sees every `define`) and executes it; `tpl`. */
  tpl(text: string, data: Value): string;
}

/**
 * A template function. Arguments arrive already evaluated. Throw `TemplateError` (or any Error:
 * the engine wraps it with the position of the call) for Go's "error calling X: ..." results.
 */
export type GoFunc = (call: FuncCall, ...args: Value[]) => Value;

export type FuncMap = Readonly<Record<string, GoFunc>>;

/** A position in a template source: what findings and render errors point at. */
export interface TemplatePos {
  /** Template file name as given to `parseTemplates` (Helm: `mychart/templates/deploy.yaml`). */
  template: string;
  line: number;
  col: number;
}

export class TemplateError extends Error {
  constructor(message: string, readonly pos?: TemplatePos) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** A call to a function the FuncMap does not have: a parse-time error in Go; the renderer reports it by name. */
export class UnknownFunctionError extends TemplateError {
  constructor(readonly functionName: string, pos?: TemplatePos) {
    super(`function "${functionName}" not defined`, pos);
    this.name = 'UnknownFunctionError';
  }
}

/**
 * A bound of ExecOptions was hit (steps, output size, template nesting) or the input nests deeper
 * than the engine recurses: the render is abandoned. Never wrapped in "error calling X".
 */
export class TemplateLimitError extends TemplateError {
  constructor(message: string, pos?: TemplatePos) {
    super(message, pos);
    this.name = 'TemplateLimitError';
  }
}

/** `fail "msg"` and `required "msg" nil`: the chart author's own error; reported with the message. */
export class TemplateAbort extends TemplateError {
  constructor(message: string, pos?: TemplatePos) {
    super(message, pos);
    this.name = 'TemplateAbort';
  }
}

/**
 * Where a span of rendered output came from. Spans cover the output with no gaps and no overlaps,
 * in order. Text outside actions points at its own template position; the output of an action at
 * the action (`{{ ... }}`) that printed it, and for output of an `include`/`template` call, the
 * spans of the included template's own text (the chain of calls is in `via`).
 */
export interface OutputSpan {
  /** Offsets in the rendered text, [start, end). */
  start: number;
  end: number;
  pos: TemplatePos;
  /** Outermost first: the include/template actions that led here, when the span came from a named template. */
  via?: TemplatePos[];
  /**
   * When the printed value was read from the data by a field chain rooted at `.Values` (directly,
   * through variables, `with`/`range` dots, or functions that pass a value through such as
   * `default`, `toYaml`, `indent`, `nindent`, `quote`, `toString`, `trim`): the keys under `.Values`.
   * The renderer maps it to the values.yaml line.
   */
  valuesPath?: readonly (string | number)[];
}

export interface RenderResult {
  text: string;
  spans: OutputSpan[];
}

export interface ExecOptions {
  /** Helm's non-strict mode: a missing map key is the zero value and prints as "" (Helm strips "<no value>"). */
  missingKey?: 'zero' | 'error';
  /** Bound on include/template nesting (Helm: 1000 recursive include calls is an error). */
  maxIncludeDepth?: number;
  /** Bound on output size in bytes; exceeding it is a TemplateError (hostile charts). */
  maxOutputBytes?: number;
  /** Bound on executed nodes; exceeding it is a TemplateError, so a hostile `range` cannot hang a scan. */
  maxSteps?: number;
}

/**
 * The engine's surface (implemented in `./engine.ts`):
 *
 *   parseTemplates(files: { name: string; text: string }[], funcs: FuncMap): TemplateSet
 *     Parses all files into one set (Helm parses every chart and subchart template together, so a
 *     `define` anywhere is visible everywhere; a later definition of the same name wins, in the order given).
 *     Throws TemplateError / UnknownFunctionError with the position.
 *
 *   TemplateSet.execute(name: string, data: Value, options?: ExecOptions): RenderResult
 */
export interface TemplateSet {
  readonly names: readonly string[];
  execute(name: string, data: Value, options?: ExecOptions): RenderResult;
}
