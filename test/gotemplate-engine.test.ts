/**
 * Unit tests of the Go text/template engine, one construct at a time, with a tiny local FuncMap
 * (the Sprig/Helm library is tested on its own). Output agreement with Go itself is in
 * gotemplate-oracle.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTemplates } from '../src/render/gotemplate/engine.js';
import { GoStruct, TemplateAbort, TemplateError, TemplateLimitError, UnknownFunctionError, type ExecOptions, type FuncMap, type Value } from '../src/render/gotemplate/types.js';

const funcs: FuncMap = {
  include: (call, name, data) => call.include(String(name), data),
  tpl: (call, text, data) => call.tpl(String(text), data),
  quote: (_c, ...xs) => xs.map((x) => `"${String(x)}"`).join(' '),
  nindent: (_c, n, s) => '\n' + String(s).split('\n').map((l) => ' '.repeat(Number(n)) + l).join('\n'),
  default: (_c, d, v) => (v === null || v === '' ? d : v),
  fail: (_c, msg) => {
    throw new TemplateAbort(String(msg));
  },
  boom: () => {
    throw new Error('kaput');
  },
};

function render(text: string, data: Value = {}, opts?: ExecOptions, more: { name: string; text: string }[] = []): string {
  return parseTemplates([{ name: 't', text }, ...more], funcs).execute('t', data, opts).text;
}

function renderErr(text: string, data: Value = {}, opts?: ExecOptions): TemplateError {
  try {
    render(text, data, opts);
  } catch (e) {
    assert.ok(e instanceof TemplateError, `not a TemplateError: ${String(e)}`);
    return e;
  }
  assert.fail(`expected an error from ${JSON.stringify(text)}`);
}

test('text, actions, comments and trim markers', () => {
  assert.equal(render('a {{ "b" }} c'), 'a b c');
  assert.equal(render('a \n {{- "b" -}} \n c'), 'abc');
  assert.equal(render('a {{/* no output */}} b'), 'a  b');
  assert.equal(render('a\n{{- /* trimmed both sides */ -}}\nb'), 'ab');
  assert.equal(render('{{ 3 }} {{-3}}'), '3 -3', '`{{-3}}` is the number -3, not a trim marker');
  assert.equal(render('x{{ "<no value>" }}y'), 'xy', 'Helm strips every <no value>');
  assert.equal(render('x{{ "<no value>" }}y', {}, { missingKey: 'error' }), 'x<no value>y');
});

test('literals evaluate as Go does', () => {
  assert.equal(render('{{ 1_000 }} {{ 0x10 }} {{ 0o10 }} {{ 010 }} {{ 0b11 }} {{ \'a\' }} {{ 1e3 }} {{ 2.50 }}'), '1000 16 8 8 3 97 1000 2.5');
  assert.equal(render('{{ "tab\\there" }}|{{ `raw\\t` }}|{{ "\\u00e9" }}'), 'tab\there|raw\\t|é');
  assert.equal(render('{{ true }} {{ print nil }}'), 'true <nil>');
  assert.match(renderErr('{{ 1__0 }}').message, /illegal number syntax/);
});

test('fields, maps, structs and methods', () => {
  const files = new GoStruct('engine.files', {}, { Get: (p) => `content of ${String(p)}` });
  const caps = new GoStruct('chartutil.Capabilities', {
    APIVersions: new GoStruct('chartutil.VersionSet', {}, { Has: (v) => v === 'apps/v1' }),
    KubeVersion: new GoStruct('chartutil.KubeVersion', { Version: 'v1.29.0', Major: '1' }),
  });
  const data = { Values: { a: { b: 'deep' } }, Files: files, Capabilities: caps };
  assert.equal(render('{{ .Values.a.b }}', data), 'deep');
  assert.equal(render('{{ .Files.Get "x.txt" }}', data), 'content of x.txt');
  assert.equal(render('{{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.KubeVersion.Version }}', data), 'true v1.29.0');
  assert.equal(render('{{ (.Values.a).b }}', data), 'deep');
  assert.equal(render('[{{ .Values.missing }}]', data), '[]');
  assert.match(renderErr('{{ .Values.missing.x }}', data).message, /nil pointer evaluating interface \{\}\.x/);
  // Go names the static type: a map element is interface {}, a variable holding a literal is string.
  assert.equal(renderErr('{{ .Values.a.b.c }}', data).message, 'template: t:1:10: executing "t" at <.Values.a.b.c>: can\'t evaluate field c in type interface {}');
  assert.match(renderErr('{{ $s := "x" }}{{ $s.c }}', data).message, /can't evaluate field c in type string/);
  assert.match(renderErr('{{ .Capabilities.Nope }}', data).message, /can't evaluate field Nope in type chartutil.Capabilities/);
  assert.match(renderErr('{{ .Values.x }}', { Values: {} }, { missingKey: 'error' }).message, /map has no entry for key "x"/);
});

test('if / else if / else, with / else with, truthiness', () => {
  const t = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
  assert.equal(render(t, { a: 1n }), 'A');
  assert.equal(render(t, { a: 0n, b: 'x' }), 'B');
  assert.equal(render(t, { a: [], b: {} }), 'C');
  assert.equal(render('{{ with .a }}{{ . }}{{ else with .b }}b={{ . }}{{ else }}none{{ end }}', { b: 2.5 }), 'b=2.5');
  assert.equal(render('{{ if 0.0 }}t{{ else }}f{{ end }}{{ if "0" }}t{{ end }}'), 'ft');
});

test('range over slices, maps (sorted), ints; break, continue, else', () => {
  assert.equal(render('{{ range $i, $v := .l }}{{ $i }}{{ $v }} {{ end }}', { l: ['a', 'b'] }), '0a 1b ');
  assert.equal(render('{{ range $k, $v := . }}{{ $k }}={{ $v }};{{ end }}', { b: 1, a: 2, C: 3 }), 'C=3;a=2;b=1;');
  assert.equal(render('{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}'), '012|01');
  assert.equal(render('{{ range .l }}{{ if eq . 2n }}{{ continue }}{{ end }}{{ if eq . 4n }}{{ break }}{{ end }}{{ . }}{{ end }}'.replace(/(\d)n/g, '$1'), { l: [1n, 2n, 3n, 4n, 5n] }), '13');
  assert.equal(render('{{ range .l }}x{{ else }}empty{{ end }}', { l: [] }), 'empty');
  assert.equal(render('{{ range .nope }}x{{ else }}nil{{ end }}'), 'nil');
  assert.match(renderErr('{{ range 1.5 }}{{ end }}').message, /range can't iterate over 1.5/);
  assert.match(renderErr('{{ break }}').message, /outside \{\{range\}\}/);
});

test('variables: declare, assign, scope, $', () => {
  assert.equal(render('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}'), '2');
  assert.equal(render('{{ with .a }}{{ $.top }}{{ . }}{{ end }}', { a: 'A', top: 'T' }), 'TA');
  assert.match(renderErr('{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}').message, /undefined variable "\$y"/);
});

test('define, template, block, include, tpl; later define wins', () => {
  const more = [
    { name: 'a.tpl', text: '{{ define "x" }}first{{ end }}' },
    { name: 'b.tpl', text: '{{ define "x" }}second{{ end }}{{ define "y" }}<{{ . }}>{{ end }}' },
  ];
  assert.equal(render('{{ template "x" }} {{ template "y" "d" }} {{ include "y" 3 }}', {}, undefined, more), 'second <d> <3>');
  assert.equal(render('{{ block "b" "v" }}[{{ . }}]{{ end }}'), '[v]');
  assert.equal(render('{{ tpl "{{ .name }}!" . }}', { name: 'n' }), 'n!');
  assert.match(renderErr('{{ template "nope" }}').message, /template "nope" not defined/);
});

test('builtins: and/or short-circuit and return operands; comparisons; len/index/slice', () => {
  assert.equal(render('{{ and 1 "" 2 }}|{{ or 0 "x" }}|{{ and 0 (fail "not evaluated") }}'), '|x|0');
  assert.equal(render('{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ ne 1.5 2.5 }} {{ lt 1 2 }} {{ ge "b" "a" }}'), 'true true true true true');
  assert.match(renderErr('{{ eq 1 1.0 }}').message, /incompatible types for comparison/);
  assert.match(renderErr('{{ lt true false }}').message, /invalid type for comparison/);
  assert.equal(render('{{ len "héllo" }} {{ index .l 1 }} {{ index .m "k" }} {{ slice .l 1 }}', { l: ['a', 'b'], m: { k: 'v' } }), '6 b v [b]');
  assert.match(renderErr('{{ not 1 2 }}').message, /wrong number of args for not: want 1 got 2/);
  assert.match(renderErr('{{ 3 4 }}').message, /can't give argument to non-function 3/);
  assert.equal(render('{{ html "<a href=\'x\'>" }}|{{ js "it\'s" }}|{{ urlquery "a b" }}'), '&lt;a href=&#39;x&#39;&gt;|it\\\'s|a+b');
});

test('errors name the template, line, column and the action like Go', () => {
  const e = renderErr('line1\n  {{ boom 1 }}');
  assert.equal(e.message, 'template: t:2:5: executing "t" at <boom 1>: error calling boom: kaput');
  assert.deepEqual(e.pos, { template: 't', line: 2, col: 6 });
  assert.throws(() => render('{{ nosuch 1 }}'), (err: unknown) => err instanceof UnknownFunctionError && err.functionName === 'nosuch' && err.pos?.col === 4);
  assert.throws(() => render('x\n {{ fail "stop" }}'), (err: unknown) => err instanceof TemplateAbort && err.message === 'stop' && err.pos?.line === 2 && err.pos.col === 5);
  for (const bad of ['{{ .a ', '{{ if 1 }}x', 'x{{ end }}', '{{/* x */ }}', '{{ "unterminated }}', '{{ ) }}', '{{ nil }}', '{{ | }}']) {
    const err = renderErr(bad);
    assert.ok(err.pos && err.pos.line >= 1, `${bad}: no position (${err.message})`);
  }
});

test('spans cover the output in order and point at the producing text or action', () => {
  const set = parseTemplates([
    { name: 't', text: 'kind: {{ .Values.kind }}\nlabels:{{ include "l" . | nindent 2 }}\n' },
    { name: 'h.tpl', text: '{{- define "l" -}}\napp: {{ .Values.app }}\n{{- end -}}' },
  ], funcs);
  const r = set.execute('t', { Values: { kind: 'Pod', app: 'web' } });
  assert.equal(r.text, 'kind: Pod\nlabels:\n  app: web\n');
  let at = 0;
  for (const s of r.spans) {
    assert.equal(s.start, at, 'no gaps or overlaps');
    assert.ok(s.end > s.start);
    at = s.end;
  }
  assert.equal(at, r.text.length);
  const spanOf = (needle: string) => r.spans.find((s) => r.text.slice(s.start, s.end) === needle);
  assert.deepEqual(spanOf('Pod'), { start: 6, end: 9, pos: { template: 't', line: 1, col: 7 }, valuesPath: ['kind'] });
  const web = spanOf('web');
  assert.deepEqual(web?.pos, { template: 'h.tpl', line: 2, col: 6 });
  assert.deepEqual(web?.via, [{ template: 't', line: 2, col: 11 }]);
  assert.deepEqual(web?.valuesPath, ['app']);
  assert.equal(spanOf('app: ')?.pos.template, 'h.tpl');
});

test('valuesPath follows variables, with/range dots, index and pass-through functions', () => {
  const data = { Values: { image: { tag: 'v1' }, ports: [{ port: 80 }], tag: '' } };
  const paths = (text: string) => {
    const r = parseTemplates([{ name: 't', text }], funcs).execute('t', data);
    return r.spans.filter((s) => s.valuesPath).map((s) => `${r.text.slice(s.start, s.end)}@${s.valuesPath!.join('.')}`);
  };
  assert.deepEqual(paths('{{ $i := .Values.image }}{{ $i.tag }}'), ['v1@image.tag']);
  assert.deepEqual(paths('{{ with .Values.image }}{{ .tag }}{{ end }}'), ['v1@image.tag']);
  assert.deepEqual(paths('{{ range .Values.ports }}{{ .port }}{{ end }}'), ['80@ports.0.port']);
  assert.deepEqual(paths('{{ index .Values "image" "tag" }}'), ['v1@image.tag']);
  assert.deepEqual(paths('{{ .Values.image.tag | quote }}'), ['"v1"@image.tag']);
  assert.deepEqual(paths('{{ .Values.tag | default "latest" }}'), ['latest@tag']);
  assert.deepEqual(paths('{{ include "x" .Values.image }}{{ define "x" }}{{ .tag }}{{ end }}'), ['v1@image.tag']);
  assert.deepEqual(paths('{{ "literal" }}{{ len .Values.ports }}'), [], 'computed values have no path');
});

test('bounds: steps, output size and include depth are errors, not hangs', () => {
  const loop = '{{ range $i := 1000000 }}{{ range $j := 1000000 }}x{{ end }}{{ end }}';
  assert.match(renderErr(loop, {}, { maxSteps: 100_000 }).message, /exceeded 100000 steps/);
  assert.match(renderErr('{{ range 100000 }}xxxxxxxxxx{{ end }}', {}, { maxOutputBytes: 1000 }).message, /output exceeds 1000 bytes/);
  const rec = parseTemplates([{ name: 't', text: '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}' }], funcs);
  // Helm stops at 1000 nested includes; the JS stack may end it earlier, with the same kind of error.
  assert.throws(() => rec.execute('t', {}), (e: unknown) => e instanceof TemplateLimitError && /exceeded maximum template depth/.test(e.message));
  const rec2 = parseTemplates([{ name: 't', text: '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}' }], funcs);
  assert.throws(() => rec2.execute('t', {}, { maxIncludeDepth: 50 }), /exceeded maximum template depth \(50\)/);
});

test('hostile inputs: 5 MiB templates parse in linear time; unterminated constructs fail fast', () => {
  const big = 'key: {{ .Values.a }}\n'.repeat(250_000); // ~5 MiB
  let t0 = performance.now();
  const set = parseTemplates([{ name: 't', text: big }], funcs);
  const parseMs = performance.now() - t0;
  t0 = performance.now();
  const out = set.execute('t', { Values: { a: 'x' } }).text;
  const execMs = performance.now() - t0;
  assert.equal(out.length, 'key: x\n'.length * 250_000);
  // Generous for a shared CI machine; a quadratic step would take minutes at this size.
  assert.ok(parseMs < 20_000 && execMs < 20_000, `parse ${parseMs.toFixed(0)} ms, exec ${execMs.toFixed(0)} ms`);
  // Failing suffixes after long runs: each must be rejected quickly.
  for (const hostile of ['{{'.repeat(200_000), '{{ "'.padEnd(2_000_000, 'a'), '{{/*'.padEnd(2_000_000, '*'), '{{ ' + '('.repeat(100_000), '{{ .a' + '.b'.repeat(500_000) + ' @ }}', '{{ if 1 }}'.repeat(100_000)]) {
    t0 = performance.now();
    assert.throws(() => parseTemplates([{ name: 'h', text: hostile }], funcs), TemplateError);
    assert.ok(performance.now() - t0 < 3000, `slow on ${JSON.stringify(hostile.slice(0, 10))}...`);
  }
});

test('a nil that came out of a pipeline is Go\'s invalid value: its fields are no value, not an error', () => {
  const data = { Values: { none: null, m: {} } };
  // Straight field chains through a nil map element are an error, as in Go ...
  assert.match(renderErr('{{ .Values.none.x }}', data).message, /nil pointer evaluating interface \{\}\.x/);
  assert.match(renderErr('{{ .Values.nope.x }}', data).message, /nil pointer evaluating interface \{\}\.x/);
  // ... but a variable, a parenthesised pipeline or template data holding that nil gives no value.
  assert.equal(render('{{ $x := .Values.nope }}[{{ $x.y.z }}]{{ $n := .Values.none }}[{{ $n.y }}][{{ (.Values.m.q).r }}]', data), '[][][]');
  assert.equal(render('{{ define "d" }}<{{ .a.b }}>{{ end }}{{ template "d" .Values.nope }}{{ template "d" }}{{ include "d" .Values.none }}', data), '<><><>');
  // missingkey=error keeps Go's wording for it.
  assert.equal(renderErr('{{ $x := .Values.nope }}{{ $x.y }}', { Values: { nope: null } }, { missingKey: 'error' }).message,
    'template: t:1:27: executing "t" at <$x.y>: nil data; no entry for key "y"');
});

test('integer literals beyond int64 fail as in Go', () => {
  assert.equal(render('{{ 9223372036854775807 }} {{ -9223372036854775808 }}'), '9223372036854775807 -9223372036854775808');
  assert.match(renderErr('{{ 9223372036854775808 }}').message, /at <9223372036854775808>: 9223372036854775808 overflows int$/);
  assert.match(renderErr('{{ 18446744073709551616 }}').message, /^template: t:1: integer overflow: "18446744073709551616"$/);
});

test('strings index and slice by UTF-8 bytes; js escapes non-printable runes; one file cannot define a name twice', () => {
  assert.equal(render('{{ index "héllo" 1 }} {{ index "héllo" 2 }} {{ len "日本" }}'), '195 169 6');
  assert.equal(render('{{ slice "héllo" 3 }}|{{ slice "日本語" 3 6 }}|{{ slice "abc" 1 2 }}'), 'llo|本|b');
  assert.match(renderErr('{{ slice "日本" 7 }}').message, /index out of range: 7/);
  assert.match(renderErr('{{ index nil }}').message, /error calling index: index of untyped nil$/);
  assert.equal(render('{{ js "a\u2028b\u00ad\u0007é" }}'), 'a\\u2028b\\u00AD\\u0007é');
  assert.equal(renderErr('x\n{{ define "d" }}a{{ end }}\n{{ define "d" }}b{{ end }}').message, 'template: t:3: template: multiple definition of template "d"');
  assert.equal(renderErr('{{ define "t" }}b{{ end }}a').message, 'template: t:1: template: multiple definition of template "t"');
  // An empty (whitespace-only) definition neither clashes nor replaces; across files the later one wins.
  assert.equal(render('{{ define "d" }}a{{ end }}{{ define "d" }} {{ end }}{{ template "d" }}'), 'a');
  assert.equal(render('{{ template "d" }}', {}, undefined, [{ name: 'a', text: '{{ define "d" }}1{{ end }}' }, { name: 'b', text: '{{ define "d" }}2{{ end }}' }]), '2');
});

test('printf argument indexes stay linear on hostile formats', () => {
  const t0 = Date.now();
  // No ']' anywhere: each '[' is a bad index and the following '%' prints itself, as in Go.
  assert.equal(render(`{{ printf "${'%['.repeat(200000)}" 1 }}`).length, 200000);
  assert.equal(render(`{{ printf "${'%[1]d'.repeat(50000)}" 1 }}`), '1'.repeat(50000));
  assert.ok(Date.now() - t0 < 20000, `took ${Date.now() - t0} ms`);
});
