/**
 * Differential test: each case renders through our engine and through the Go oracle (real
 * text/template + Sprig + Helm's functions); outputs must be byte-identical, and where Go errors,
 * ours must error too. Skips, saying why, when the oracle cannot be built.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTemplates } from '../src/render/gotemplate/engine.js';
import { helmFuncs } from '../src/render/gotemplate/funcs/index.js';
import { TemplateAbort, UnknownFunctionError, type FuncMap, type Value } from '../src/render/gotemplate/types.js';
import { oracleAvailable, renderWithOracle } from './support/go-oracle.js';

/** Helm's include/tpl/required/fail, until the function library provides them (it wins when it does). */
const shim: FuncMap = {
  include: (call, name, data) => call.include(String(name), data),
  tpl: (call, text, data) => call.tpl(String(text), data),
  required: (_call, msg, v) => {
    if (v === null || v === '') throw new TemplateAbort(String(msg));
    return v;
  },
  fail: (_call, msg) => {
    throw new TemplateAbort(String(msg));
  },
};
const funcs: FuncMap = { ...shim, ...helmFuncs() };

/** Errors we report with other words (both fail): assigning an undeclared variable is a parse error for us. */
const MESSAGE_DIFFERS = new Set(['assign undeclared errors']);

interface Case {
  name: string;
  /** One template named `t`, or several (the first one is executed). */
  tpl: string | { name: string; text: string }[];
  values?: Record<string, unknown>;
}

const V = { name: 'web', replicas: 3, ratio: 0.5, big: 1000000, tiny: 0.00001, on: true, off: false, empty: '', none: null,
  list: ['a', 'b', 'c'], nums: [1, 2.5, -3], map: { b: 2, a: 1, c: { d: 'x' } }, emptyMap: {}, emptyList: [], s: 'héllo "w" <&>' };

const cases: Case[] = [
  { name: 'text only', tpl: 'plain text\nline 2\n' },
  { name: 'field', tpl: '{{ .Values.name }}' },
  { name: 'nested field', tpl: '{{ .Values.map.c.d }}' },
  { name: 'missing key prints nothing', tpl: '[{{ .Values.nope }}]' },
  { name: 'null value prints nothing', tpl: '[{{ .Values.none }}]' },
  { name: 'field of missing is an error', tpl: '{{ .Values.nope.deeper }}' },
  { name: 'field of string is an error', tpl: '{{ .Values.name.x }}' },
  { name: 'float printing', tpl: '{{ .Values.replicas }} {{ .Values.ratio }} {{ .Values.big }} {{ .Values.tiny }} {{ 1e21 }} {{ 123456789.0 }} {{ 100000.0 }} {{ -0.0 }}' },
  { name: 'int literals', tpl: '{{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ \'a\' }} {{ \'\\n\' }}' },
  { name: 'float literals', tpl: '{{ 1.5 }} {{ 1e3 }} {{ .5 }} {{ 2.0 }} {{ 0x1p4 }}' },
  { name: 'strings', tpl: '{{ "a\\tb\\n\\"q\\" \\u00e9 \\x41" }}|{{ `raw\\n` }}' },
  { name: 'bools and nil in print', tpl: '{{ true }} {{ false }} {{ print nil }} {{ print .Values.none }}' },
  { name: 'slices and maps print', tpl: '{{ .Values.list }} {{ .Values.map }} {{ .Values.nums }} {{ .Values.emptyMap }} {{ .Values.emptyList }}' },
  { name: 'trim markers', tpl: 'a  \n  {{- "b" -}}  \n  c {{- /* comment */ -}} d {{/* c2 */}} e' },
  { name: 'no trim without space', tpl: '{{ 3 }}-{{-3}}' },
  { name: 'if else if else', tpl: '{{ if .Values.off }}1{{ else if .Values.empty }}2{{ else if .Values.on }}3{{ else }}4{{ end }}' },
  { name: 'truthiness', tpl: '{{ range $k, $v := .Values }}{{ $k }}={{ if $v }}T{{ else }}F{{ end }} {{ end }}' },
  { name: 'with else', tpl: '{{ with .Values.map.c }}{{ .d }}{{ end }}|{{ with .Values.emptyMap }}x{{ else }}none{{ end }}' },
  { name: 'range list with index', tpl: '{{ range $i, $e := .Values.list }}{{ $i }}:{{ $e }},{{ end }}' },
  { name: 'range map sorted', tpl: '{{ range $k, $v := .Values.map }}{{ $k }}={{ $v }};{{ end }}' },
  { name: 'range else', tpl: '{{ range .Values.emptyList }}x{{ else }}empty{{ end }}{{ range .Values.none }}y{{ else }}nil{{ end }}' },
  { name: 'range break continue', tpl: '{{ range .Values.list }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ if eq . "c" }}{{ break }}{{ end }}{{ . }}{{ end }}' },
  { name: 'range dot and $', tpl: '{{ range .Values.list }}{{ . }}{{ $.Values.name }} {{ end }}' },
  { name: 'variables and assignment', tpl: '{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}' },
  { name: 'variable scope in range', tpl: '{{ $last := "" }}{{ range .Values.list }}{{ $last = . }}{{ end }}{{ $last }}' },
  { name: 'pipelines', tpl: '{{ .Values.name | printf "%s-%s" "x" }} {{ "a" | print "b" | print "c" }}' },
  { name: 'parenthesised', tpl: '{{ (printf "%d" 3) }} {{ print (len .Values.list) (index .Values.list 1) }}' },
  { name: 'chained field on paren', tpl: '{{ (.Values.map).c.d }}' },
  { name: 'and or return operands', tpl: '{{ and 1 "x" }} {{ and 0 "x" }} {{ or "" 0 "z" }} {{ or "" 0 }} {{ and .Values.on .Values.name }}' },
  { name: 'and short-circuits', tpl: '{{ and false (index .Values.nope "x") }}|{{ or true (index .Values.nope "x") }}' },
  { name: 'not', tpl: '{{ not 0 }} {{ not "x" }} {{ not .Values.emptyList }}' },
  { name: 'len', tpl: '{{ len .Values.list }} {{ len .Values.map }} {{ len .Values.s }} {{ len "" }}' },
  { name: 'len of number errors', tpl: '{{ len 3 }}' },
  { name: 'index', tpl: '{{ index .Values.list 0 }} {{ index .Values.map "c" "d" }} {{ index .Values.map "zz" }}|{{ index "abc" 1 }}' },
  { name: 'index out of range errors', tpl: '{{ index .Values.list 5 }}' },
  { name: 'index of nil errors', tpl: '{{ index .Values.nope "a" }}' },
  { name: 'slice', tpl: '{{ slice .Values.list 1 }} {{ slice .Values.list 0 2 }} {{ slice .Values.list }}' },
  { name: 'eq ne', tpl: '{{ eq .Values.name "web" }} {{ eq "a" "b" "a" }} {{ ne 1 2 }} {{ eq .Values.replicas 3.0 }} {{ eq .Values.nope "x" }}' },
  { name: 'eq int float errors', tpl: '{{ eq .Values.replicas 3 }}' },
  { name: 'lt le gt ge', tpl: '{{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }} {{ lt .Values.ratio 1.0 }}' },
  { name: 'lt of bools errors', tpl: '{{ lt true false }}' },
  { name: 'print spacing', tpl: '{{ print 1 2 "a" 3 "b" "c" 4.5 true }}|{{ println 1 "a" }}|' },
  { name: 'printf verbs', tpl: '{{ printf "%d %5d %-5d| %05d %x %X %o %b %c %U" 42 42 42 42 255 255 8 5 65 65 }}' },
  { name: 'printf strings', tpl: '{{ printf "%s|%10s|%-10s|%q|%.2s|%x|%v" "go" "go" "go" "a\\"b" "hello" "hi" "v" }}' },
  { name: 'printf floats', tpl: '{{ printf "%f %.2f %8.3f %e %E %g %G %.3g %v" 3.14159 3.14159 3.14159 1234.5678 1234.5678 0.000012 1e21 3.14159 2.5 }}' },
  { name: 'printf float rounding', tpl: '{{ printf "%.2f %.1f %.0f %.0f %.3e" 0.125 0.25 0.5 1.5 1.0005 }}' },
  { name: 'printf with values floats', tpl: '{{ printf "%d" .Values.replicas }} {{ printf "%v %s" .Values.replicas .Values.replicas }}' },
  { name: 'printf bad and missing', tpl: '{{ printf "%d %s" "x" }}|{{ printf "%s" 1 2 }}|{{ printf "%!" }}|{{ printf "100%%" }}|{{ printf "%z" 3 }}' },
  { name: 'printf composite', tpl: '{{ printf "%v|%s|%d" .Values.list .Values.map .Values.nums }}' },
  { name: 'printf flags', tpl: '{{ printf "%+d %+.1f % d %#x %#o %x" 5 2.0 7 255 8 -255 }}' },
  { name: 'printf t and T', tpl: '{{ printf "%t %T %T %T %T %T" true 1 1.5 "s" .Values.list .Values.map }}' },
  { name: 'printf q of int', tpl: '{{ printf "%q %v %5.1f|%-8.3s|" 65 nil 3.14159 "abcdef" }}' },
  { name: 'html js urlquery', tpl: '{{ html .Values.s }}|{{ js .Values.s }}|{{ urlquery "a b&c=d/é" }}' },
  { name: 'define and template', tpl: '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" "arg" }}{{ template "x" }}' },
  { name: 'block', tpl: '{{ block "b" .Values.name }}<{{ . }}>{{ end }}' },
  { name: 'include and nested include', tpl: [
    { name: 't', text: '{{ include "outer" . }}|{{ include "inner" .Values.name }}' },
    { name: 'helpers.tpl', text: '{{- define "outer" -}}o({{ include "inner" .Values.name }}){{- end -}}\n{{- define "inner" -}}i:{{ . }}{{- end -}}' },
  ] },
  { name: 'template not defined errors', tpl: '{{ template "nope" . }}' },
  { name: 'later define wins', tpl: [
    { name: 't', text: '{{ template "d" }}' },
    { name: 'a.tpl', text: '{{ define "d" }}first{{ end }}' },
    { name: 'b.tpl', text: '{{ define "d" }}second{{ end }}' },
  ] },
  { name: 'tpl function', tpl: '{{ tpl "{{ .Values.name }}-{{ .Values.nope }}" . }}' },
  { name: 'required fails', tpl: '{{ required "name is required" .Values.nope }}' },
  { name: 'required passes', tpl: '{{ required "x" .Values.name }}' },
  { name: 'fail', tpl: 'before {{ fail "stop here" }}' },
  { name: 'unknown function', tpl: '{{ nosuchfunc 1 }}' },
  { name: 'undefined variable', tpl: '{{ $nope }}' },
  { name: 'unclosed action', tpl: '{{ .Values.name ' },
  { name: 'missing end', tpl: '{{ if true }}x' },
  { name: 'unexpected end', tpl: 'x{{ end }}' },
  { name: 'nil command', tpl: '{{ nil }}' },
  { name: 'argument to non-function', tpl: '{{ 3 4 }}' },
  { name: 'piped to non-function', tpl: '{{ "a" | .Values.name }}' },
  { name: 'wrong number of args', tpl: '{{ not 1 2 }}' },
  { name: 'comment must close at delimiter', tpl: '{{/* a */ }}' },
  { name: 'dollar root', tpl: '{{ with .Values.map }}{{ $.Values.name }}{{ .b }}{{ end }}' },
  { name: 'no value literal stripped', tpl: 'a<no value>b {{ "<no value>" }}' },
  { name: 'decl in if', tpl: '{{ if $x := .Values.name }}{{ $x }}{{ end }}' },
  { name: 'range two vars over map values', tpl: '{{ range $k, $v := .Values.map.c }}{{ $k }}{{ $v }}{{ end }}' },
  { name: 'unicode text', tpl: 'héllo wörld ✓ {{ "日本" }}' },
  { name: 'crlf text', tpl: 'a\r\n{{- "b" }}\r\nc' },
  { name: 'printf negative and padding', tpl: '{{ printf "%5.2f|%-8d|%08.3f|%x|%X|%o|%+d|%6s|%-6s|%05s" -3.14159 -42 -3.5 -255 -255 -8 -3 "ab" "ab" "ab" }}' },
  { name: 'printf q unicode', tpl: '{{ printf "%q %q %q %+q" "é\\a\\x00" "日本" "tab\\t" "é" }}' },
  { name: 'printf star width', tpl: '{{ printf "%*d|%-*d|%.*f" 5 42 4 7 2 3.14159 }}' },
  { name: 'printf arg index', tpl: '{{ printf "%[2]s %[1]s" "a" "b" }}' },
  { name: 'printf big and small floats', tpl: '{{ printf "%v %v %v %v %v %g %e" 1e100 1.7976931348623157e308 5e-324 123456.0 1234567.0 1e-7 0.0 }}' },
  { name: 'printf g precision', tpl: '{{ printf "%.1g %.2g %.10g %.3g %.0g %g" 0.05 123456.0 1.0 100.0 2.5 100000000.0 }}' },
  { name: 'printf e and f edge', tpl: '{{ printf "%.0e %.1e %.0f %.3f %f %.10f" 5.0 0.25 2.5 1.0005 1e20 0.1 }}' },
  { name: 'printf sharp flags', tpl: '{{ printf "%#b %#X %#o %#q %#8x" 5 255 0 "raw" 255 }}' },
  { name: 'printf c and U', tpl: '{{ printf "%c%c %U %#U %5c|" 72 105 9731 9731 65 }}' },
  { name: 'printf strings hex', tpl: '{{ printf "%x % x %X %.2x" "héllo" "ab" "ab" "abcdef" }}' },
  { name: 'printf bool verbs', tpl: '{{ printf "%t %v %5t %d" false true true true }}' },
  { name: 'printf nil verbs', tpl: '{{ printf "%v %d %s %T" nil nil .Values.none nil }}' },
  { name: 'printf list of mixed', tpl: '{{ printf "%v|%d|%s|%q" .Values.nums .Values.list .Values.nums .Values.list }}' },
  { name: 'printf map values', tpl: '{{ printf "%v %q" .Values.map .Values.map.c }}' },
  { name: 'printf width on composite', tpl: '{{ printf "%4v|%-3v|" .Values.list .Values.nums }}' },
  { name: 'printf noverb', tpl: '{{ printf "abc%" }}|{{ printf "%-" }}|{{ printf "%5" 1 }}' },
  { name: 'printf extra many', tpl: '{{ printf "x" 1 "a" nil 2.5 }}' },
  { name: 'print mixed nil', tpl: '{{ print nil nil "a" 1 nil }}|{{ println nil "a" 2 }}|' },
  { name: 'multiline action', tpl: '{{ if\n  .Values.on\n}}yes{{ end }}' },
  { name: 'multiline trim', tpl: 'a\n\n  {{- if .Values.on }}\n  b\n  {{- end }}\n' },
  { name: 'decl with pipe', tpl: '{{ $x := "a" | printf "%s-%s" "b" }}{{ $x }}' },
  { name: 'field on list errors', tpl: '{{ .Values.list.x }}' },
  { name: 'numeric field errors', tpl: '{{ .Values.list.0 }}' },
  { name: 'eq with missing', tpl: '{{ eq .Values.nope .Values.none }} {{ ne .Values.nope "x" }}' },
  { name: 'eq nil literal', tpl: '{{ eq .Values.none nil }}' },
  { name: 'eq of lists errors', tpl: '{{ eq .Values.list .Values.list }}' },
  { name: 'len of nil errors', tpl: '{{ len .Values.none }}' },
  { name: 'range over string errors', tpl: '{{ range .Values.name }}{{ . }}{{ end }}' },
  { name: 'range over float errors', tpl: '{{ range .Values.replicas }}{{ . }}{{ end }}' },
  { name: 'index with float errors', tpl: '{{ index .Values.list 1.0 }}' },
  { name: 'index map with int errors', tpl: '{{ index .Values.map 1 }}' },
  { name: 'nested define errors', tpl: '{{ define "a" }}{{ define "b" }}{{ end }}{{ end }}' },
  { name: 'define not at top errors', tpl: '{{ if true }}{{ define "a" }}x{{ end }}{{ end }}' },
  { name: 'empty action errors', tpl: '{{ }}' },
  { name: 'empty pipe stage errors', tpl: '{{ "a" | }}' },
  { name: 'non-executable stage errors', tpl: '{{ "a" | "b" }}' },
  { name: 'bad escape errors', tpl: '{{ "\\q" }}' },
  { name: 'char escapes', tpl: "{{ '\\t' }} {{ '\\'' }} {{ '\\x41' }} {{ '\\u00e9' }} {{ 'é' }}" },
  { name: 'unclosed paren errors', tpl: '{{ (print 1 }}' },
  { name: 'extra paren errors', tpl: '{{ print 1) }}' },
  { name: 'assign undeclared errors', tpl: '{{ $x = 1 }}' },
  { name: 'range with three vars errors', tpl: '{{ range $a, $b, $c := .Values.list }}{{ end }}' },
  { name: 'variable chain', tpl: '{{ $m := .Values.map }}{{ $m.c.d }} {{ $.Values.map.a }}' },
  { name: 'template with pipeline dot', tpl: '{{ define "p" }}{{ .d }}{{ end }}{{ template "p" .Values.map.c }}' },
  { name: 'else with wrong keyword errors', tpl: '{{ if true }}a{{ else range .Values.list }}b{{ end }}' },
  { name: 'break in define errors', tpl: '{{ range .Values.list }}{{ define "x" }}{{ break }}{{ end }}{{ end }}' },
  { name: 'break with trim', tpl: '{{ range .Values.list -}} {{ . }} {{- break -}} {{ end }}' },
  { name: 'comment variants', tpl: 'a{{/* x */}}b{{- /* y */}}c{{/* z */ -}} d' },
  { name: 'comment with spaces inside delims errors', tpl: '{{ /* x */ }}' },
  { name: 'keyword as function errors', tpl: '{{ end 1 }}' },
  { name: 'not of missing', tpl: '{{ not .Values.nope }} {{ and .Values.nope 1 }} {{ or .Values.nope }}' },
  { name: 'printf width from float errors', tpl: '{{ printf "%*d" 5.0 1 }}' },
  { name: 'missing value in nested include prints nothing', tpl: [
    { name: 't', text: '[{{ include "m" . }}]' },
    { name: 'h', text: '{{ define "m" }}{{ .Values.nope }}{{ end }}' },
  ] },
  { name: 'field of nil variable is no value', tpl: '{{ $x := .Values.nope }}[{{ $x.y }}{{ $x.y.z }}{{ $x.y 1 }}]{{ $n := .Values.none }}[{{ $n.y }}]' },
  { name: 'field of nil in parens is no value', tpl: '[{{ (.Values.nope).y }}{{ (.Values.none).y }}{{ (index .Values.map "zz").y }}]' },
  { name: 'field of nil template data is no value', tpl: '{{ define "x" }}[{{ .y.z }}]{{ end }}{{ template "x" .Values.nope }}{{ include "x" .Values.none }}{{ template "x" }}' },
  { name: 'nil variable in functions', tpl: '{{ $x := .Values.nope }}{{ eq $x nil }} {{ not $x }} {{ and $x 1 }}|{{ or $x 2 }} {{ if $x }}y{{ else }}n{{ end }} {{ print $x }}' },
  { name: 'int64 limit literals', tpl: '{{ 9223372036854775807 }} {{ -9223372036854775808 }}' },
  { name: 'uint64 literal overflows int', tpl: '{{ 9223372036854775808 }}' },
  { name: 'literal beyond uint64 is a parse error', tpl: 'x {{ 18446744073709551616 }}' },
  { name: 'negative literal beyond int64 is a parse error', tpl: '{{ -9223372036854775809 }}' },
  { name: 'printf bad arg index', tpl: '{{ printf "%[5]d|%[0]d|%[x]d|%[1d|%[]d|%[" 1 }}' },
  { name: 'printf arg index mixed', tpl: '{{ printf "%[2]d %d|%[1]*d|%[2]*[1]d|%.[2]d" 1 2 3 }}' },
  { name: 'printf unclosed arg indexes', tpl: '{{ printf "%[%[%[%[%[%[" 1 }}|{{ printf "%[1%[1%[1]d" 1 }}|{{ printf "%[%d" 1 }}|{{ printf "%[1]d%[%[1]d" 1 }}' },
  { name: 'printf Go syntax', tpl: '{{ printf "%#v|%#v|%#v|%#v|%#v|%#v|%#v" 1 "x" .Values.list .Values.map 1.5 nil .Values.emptyList }}' },
  { name: 'printf U of negative', tpl: '{{ printf "%U|%c|%q|%#U" -1 -5 -5 -1 }}' },
  { name: 'index of a string is a UTF-8 byte', tpl: '{{ index "héllo" 1 }} {{ index "héllo" 2 }} {{ index "日本" 5 }}' },
  { name: 'index of nil without indexes errors', tpl: '{{ index .Values.none }}' },
  { name: 'js escapes non-printable runes', tpl: '{{ js "\\u2028\\u00ad é\\u0007" }}' },
  { name: 'same define twice in one file errors', tpl: 'x\n\n{{ define "x" }}a{{ end }}\n{{ define "x" }}\nb{{ end }}\n' },
  { name: 'define of the file name clashes with its text', tpl: '{{ define "t" }}b{{ end }}a' },
  { name: 'empty redefinition is ignored', tpl: '{{ define "x" }}a{{ end }}{{ define "x" }} {{/* c */}} {{ end }}{{ template "x" }}' },
  { name: 'file whose text is blank takes its own-name define', tpl: '{{ define "t" }}b{{ end }} \n' },
];

test('engine output is byte-identical to Go text/template (oracle)', (t) => {
  const reason = oracleAvailable();
  if (reason) {
    t.skip(reason);
    return;
  }
  const failures: string[] = [];
  for (const c of cases) {
    const files = typeof c.tpl === 'string' ? [{ name: 't', text: c.tpl }] : c.tpl;
    const data = { Values: c.values ?? V };
    const [go] = renderWithOracle(files, [{ template: files[0]!.name, data }]);
    let ours: { output?: string; error?: string; own?: boolean };
    try {
      const set = parseTemplates(files, funcs);
      ours = { output: set.execute(files[0]!.name, { Values: JSON.parse(JSON.stringify(data.Values)) as Value }).text };
    } catch (e) {
      // fail/required and unknown functions carry the bare message (and a position) by design.
      ours = { error: (e as Error).message, own: e instanceof TemplateAbort || e instanceof UnknownFunctionError };
    }
    if (go!.error !== undefined && process.env.SHOW_ERRORS) console.log(`${go!.error === ours.error ? 'SAME' : 'DIFF'} ${c.name}\n  go:   ${go!.error}\n  ours: ${ours.error}`);
    if (go!.error !== undefined) {
      if (ours.error === undefined) failures.push(`${c.name}: Go errors (${go!.error}) but ours rendered ${JSON.stringify(ours.output)}`);
      else if (!ours.own && !MESSAGE_DIFFERS.has(c.name) && ours.error !== go!.error) {
        failures.push(`${c.name}: error message\n  go:   ${go!.error}\n  ours: ${ours.error}`);
      }
    } else if (ours.error !== undefined) {
      failures.push(`${c.name}: ours errors (${ours.error}) but Go rendered ${JSON.stringify(go!.output)}`);
    } else if (ours.output !== go!.output) {
      failures.push(`${c.name}:\n  go:   ${JSON.stringify(go!.output)}\n  ours: ${JSON.stringify(ours.output)}`);
    }
  }
  // Every case ran through both engines; all disagreements are listed at once.
  assert.ok(cases.length > 100);
  assert.deepEqual(failures, []);
});

/** Deterministic PRNG (mulberry32) so a failing generated case can be reproduced from its index. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random well-formed templates from our own grammar of snippets: actions, pipelines, blocks, trims. */
function generate(r: () => number, depth = 0): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const operand = (): string =>
    pick(['.Values.name', '.Values.replicas', '.Values.ratio', '.Values.list', '.Values.map', '.Values.map.c', '.Values.nope', '.Values.none', '.Values.empty',
      '.Values.on', '.Values.off', '.Values.nums', '1', '-2', '3.5', '1e6', '"s"', '" x "', 'true', 'false', "'z'", '0x10', '(len .Values.list)', '(index .Values.list 1)',
      '(index .Values.map "c" "d")', '(index .Values.map "zz")', '.Values.map.c.d', '(.Values.map).b', '(print 1 2)', '.Values.tiny', '.Values.big', '.Values.s', '-0.0', '1e-7', '(slice .Values.list 1)']);
  const expr = (): string =>
    pick([
      operand(), operand(), `print ${operand()} ${operand()}`, `printf "%v|%d|%s|%q" ${operand()} ${operand()} ${operand()} ${operand()}`,
      `printf "%5.2f %x %-4v" ${operand()} ${operand()} ${operand()}`, `not ${operand()}`, `and ${operand()} ${operand()}`, `or ${operand()} ${operand()}`,
      `eq ${operand()} ${operand()}`, `len ${operand()}`, `${operand()} | print "p"`, `println ${operand()}`, `html ${operand()}`, `js ${operand()}`,
      `ne ${operand()} ${operand()}`, `lt ${operand()} ${operand()}`, `ge ${operand()} ${operand()}`, `urlquery ${operand()}`, `index ${operand()} ${operand()}`,
      `printf "%6.3g|%+.1e|%08.2f|%-5t|%c" ${operand()} ${operand()} ${operand()} ${operand()} ${operand()} ${operand()}`, `print ${operand()} | printf "%q"`,
    ]);
  const ws = (): string => pick(['', ' ', '\n', '  \n ', '\t']);
  const open = (): string => pick(['{{ ', '{{- ']);
  const close = (): string => pick([' }}', ' -}}']);
  const parts: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const k = depth < 2 ? Math.floor(r() * 7) : Math.floor(r() * 3);
    if (k === 0) parts.push(ws() + pick(['text', 'a: b', '- x', '#']) + ws());
    else if (k === 1 || k === 2) parts.push(`${open()}${expr()}${close()}`);
    else if (k === 3) parts.push(`${open()}if ${expr()}${close()}${generate(r, depth + 1)}${open()}else${close()}${generate(r, depth + 1)}${open()}end${close()}`);
    else if (k === 4) parts.push(`${open()}range $i, $v := ${pick(['.Values.list', '.Values.map', '.Values.nums', '.Values.nope', '.Values.emptyList'])}${close()}${ws()}{{ $i }}={{ $v }}${generate(r, depth + 1)}${open()}end${close()}`);
    else if (k === 5) parts.push(`${open()}with ${expr()}${close()}{{ . }}${generate(r, depth + 1)}${open()}end${close()}`);
    else parts.push(`${open()}$x := ${expr()}${close()}{{ $x }}`);
  }
  return parts.join(ws());
}

test('generated templates render as Go renders them (oracle)', (t) => {
  const reason = oracleAvailable();
  if (reason) {
    t.skip(reason);
    return;
  }
  // ORACLE_SEED / ORACLE_BATCHES explore further when hunting a bug; CI runs the fixed seed.
  const r = rng(Number(process.env.ORACLE_SEED ?? 14));
  const batches = Number(process.env.ORACLE_BATCHES ?? 8);
  const failures: string[] = [];
  let compared = 0;
  for (let batch = 0; batch < batches; batch++) {
    const files = Array.from({ length: 50 }, (_, i) => ({ name: `g${batch}-${i}`, text: generate(r) }));
    const results = renderWithOracle(files, files.map((f) => ({ template: f.name, data: { Values: V } })));
    const set = parseTemplates(files, funcs);
    files.forEach((f, i) => {
      const go = results[i]!;
      let ours: { output?: string; error?: string };
      try {
        ours = { output: set.execute(f.name, { Values: JSON.parse(JSON.stringify(V)) as Value }).text };
      } catch (e) {
        ours = { error: (e as Error).message };
      }
      compared++;
      // Where Go panics inside reflect (e.g. len of an invalid value) we only require an error too.
      const same = go.error !== undefined ? ours.error === go.error || (ours.error !== undefined && go.error.includes('reflect: ')) : ours.output === go.output;
      if (!same) failures.push(`${f.name} ${JSON.stringify(f.text)}\n  go:   ${JSON.stringify(go.output ?? go.error)}\n  ours: ${JSON.stringify(ours.output ?? ours.error)}`);
    });
  }
  assert.equal(compared, batches * 50);
  assert.deepEqual(failures.slice(0, 10), []);
});
