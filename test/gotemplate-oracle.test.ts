/**
 * Differential test: each case renders through our engine and through the Go oracle (real
 * text/template + Sprig + Helm's functions); outputs must be byte-identical, and where Go errors,
 * ours must error too. Skips, saying why, when the oracle cannot be built.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTemplates } from '../src/render/gotemplate/engine.js';
import { helmFuncs } from '../src/render/gotemplate/funcs/index.js';
import { TemplateAbort, type FuncMap, type Value } from '../src/render/gotemplate/types.js';
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
    let ours: { output?: string; error?: string };
    try {
      const set = parseTemplates(files, funcs);
      ours = { output: set.execute(files[0]!.name, { Values: JSON.parse(JSON.stringify(data.Values)) as Value }).text };
    } catch (e) {
      ours = { error: (e as Error).message };
    }
    if (go!.error !== undefined) {
      if (ours.error === undefined) failures.push(`${c.name}: Go errors (${go!.error}) but ours rendered ${JSON.stringify(ours.output)}`);
    } else if (ours.error !== undefined) {
      failures.push(`${c.name}: ours errors (${ours.error}) but Go rendered ${JSON.stringify(go!.output)}`);
    } else if (ours.output !== go!.output) {
      failures.push(`${c.name}:\n  go:   ${JSON.stringify(go!.output)}\n  ours: ${JSON.stringify(ours.output)}`);
    }
  }
  // Every case ran through both engines; all disagreements are listed at once.
  assert.ok(cases.length > 50);
  assert.deepEqual(failures, []);
});
