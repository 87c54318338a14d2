/**
 * Differential test of the Sprig + Helm function library: each case renders through our engine
 * with helmFuncs() and through the Go oracle (real text/template + Sprig v3 + Helm's functions);
 * outputs must be byte-identical, and where Go errors ours must error too. Random functions
 * (uuidv4, rand*, genCA, shuffle) are compared by shape only in gotemplate-funcs.test.ts.
 * Skips, saying why, when the oracle cannot be built.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseTemplates } from '../src/render/gotemplate/engine.js';
import { helmFuncs } from '../src/render/gotemplate/funcs/index.js';
import type { Value } from '../src/render/gotemplate/types.js';
import { formatV } from '../src/render/gotemplate/format.js';
import { oracleAvailable, renderWithOracle } from './support/go-oracle.js';

const V = {
  name: 'my-release-name-that-is-quite-long-for-a-kubernetes-object-name',
  replicas: 3,
  ratio: 0.5,
  big: 1000000,
  bigf: 1234567.5,
  tiny: 0.000001,
  on: true,
  off: false,
  empty: '',
  none: null,
  zero: 0,
  list: ['b', 'a', 'c', 'a'],
  nums: [1, 2.5, -3],
  map: { b: 2, a: 1, c: { d: 'x', e: [1, 2] }, off: false },
  over: { a: 10, c: { d: 'y', f: 'new' }, off: true, z: [] },
  emptyMap: {},
  emptyList: [],
  s: 'héllo "w" <&>',
  words: 'the quick brown fox',
  ml: 'line one\nline two\n',
  yamlish: { yes: 'yes', on: 'on', num: '1.0', nul: 'null', tilde: '~', blank: '', lead: ' x', colon: 'a: b', hash: 'a #b', dash: '- x', date: '2024-01-02', sexa: '12:30', octal: '0777', tab: 'a\tb', ml: 'a\nb', mltrail: 'a\n', long: 'word '.repeat(30).trim(), quote: "it's", star: '*x', at: '@x', uni: 'é✓', keyy: { y: 1, n: 2, '1': 3, a10: 4, a2: 5, B: 6, _x: 7 } },
};

interface Case {
  name: string;
  tpl: string;
}

const cases: Case[] = [
  // defaults and flow
  { name: 'default', tpl: '{{ default "d" .Values.none }}|{{ default "d" .Values.empty }}|{{ default "d" .Values.zero }}|{{ default "d" .Values.off }}|{{ default "d" .Values.emptyList }}|{{ default "d" .Values.name | trunc 5 }}|{{ default 3 .Values.replicas }}' },
  { name: 'default piped missing', tpl: '{{ .Values.nope | default "fallback" }}|{{ default "x" }}' },
  { name: 'empty', tpl: '{{ empty .Values.none }} {{ empty .Values.zero }} {{ empty .Values.emptyMap }} {{ empty .Values.map }} {{ empty "" }} {{ empty 0.0 }} {{ empty false }}' },
  { name: 'coalesce', tpl: '{{ coalesce .Values.none .Values.empty .Values.zero "x" }}|{{ coalesce .Values.none }}|{{ coalesce .Values.emptyList .Values.list }}' },
  { name: 'ternary', tpl: '{{ ternary "a" "b" true }} {{ ternary "a" "b" .Values.off }} {{ true | ternary 1 2 }}' },
  { name: 'ternary non-bool errors', tpl: '{{ ternary "a" "b" "x" }}' },
  { name: 'all any', tpl: '{{ all 1 "a" true }} {{ all 1 "" }} {{ any 0 "" }} {{ any 0 "x" }}' },
  // strings
  { name: 'quote', tpl: '{{ quote "a" }}|{{ quote .Values.s }}|{{ quote .Values.none }}|{{ quote 1 2.5 true }}|{{ quote "tab\\there\\u0001" }}|{{ .Values.replicas | quote }}' },
  { name: 'squote', tpl: '{{ squote "a" }}|{{ squote .Values.none }}|{{ squote 1 "b" }}' },
  { name: 'trunc', tpl: '{{ trunc 63 .Values.name }}|{{ trunc 3 "abcdef" }}|{{ trunc -3 "abcdef" }}|{{ trunc 10 "ab" }}|{{ trunc -10 "ab" }}|{{ trunc 0 "ab" }}' },
  { name: 'trunc float errors', tpl: '{{ trunc .Values.replicas "abcdef" }}' },
  { name: 'trimSuffix trimPrefix trimAll trim', tpl: '{{ trimSuffix "-" "a-b-" }}|{{ trimPrefix "a-" "a-b" }}|{{ trimAll "-$" "$-a-b-$" }}|[{{ trim "  x y \\n" }}]|{{ trunc 63 .Values.name | trimSuffix "-" }}' },
  { name: 'replace contains prefix', tpl: '{{ replace "." "-" "a.b.c" }}|{{ replace "" "x" "ab" }}|{{ contains "b" "abc" }}|{{ hasPrefix "ab" "abc" }}|{{ hasSuffix "bc" "abc" }}' },
  { name: 'case', tpl: '{{ upper "abc é" }}|{{ lower "ABC" }}|{{ title "hello wORLD foo-bar" }}|{{ untitle "Hello World" }}' },
  { name: 'split splitList join', tpl: '{{ splitList "," "a,b,,c" }}|{{ $p := split "." "a.b.c" }}{{ $p._0 }}{{ $p._2 }}|{{ join "-" .Values.list }}|{{ join "," .Values.nums }}|{{ join "," "single" }}|{{ splitList "" "abc" }}' },
  { name: 'join with nil items', tpl: '{{ join "," (list 1 nil "a" true) }}' },
  { name: 'repeat substr nospace', tpl: '{{ repeat 3 "ab" }}|{{ substr 1 3 "abcdef" }}|{{ substr -1 2 "abc" }}|{{ substr 2 99 "abcd" }}|{{ nospace " a b\\tc " }}' },
  { name: 'abbrev', tpl: '{{ abbrev 5 "hello world" }}|{{ abbrev 3 "hello" }}|{{ abbrev 20 "short" }}' },
  { name: 'indent nindent', tpl: '{{ indent 2 "a\\nb" }}|{{ nindent 4 "x\\n\\ny" }}|{{ indent 0 "z" }}' },
  { name: 'indent float errors', tpl: '{{ indent .Values.replicas "a" }}' },
  { name: 'cat', tpl: '{{ cat "a" 1 nil 2.5 "b" }}|{{ cat }}' },
  { name: 'toString toStrings', tpl: '{{ toString 1.5 }}|{{ toString .Values.big }}|{{ toString .Values.replicas }}|{{ toString true }}|{{ toStrings .Values.nums }}|{{ toString .Values.none }}' },
  { name: 'sortAlpha', tpl: '{{ sortAlpha .Values.list }}|{{ sortAlpha .Values.nums }}|{{ keys .Values.map | sortAlpha }}' },
  { name: 'snake kebab camel', tpl: '{{ snakecase "FirstName" }}|{{ kebabcase "FirstName" }}|{{ camelcase "http_server" }}' },
  // lists
  { name: 'list ops', tpl: '{{ list 1 "a" nil }}|{{ first .Values.list }}|{{ last .Values.list }}|{{ rest .Values.list }}|{{ initial .Values.list }}|{{ reverse .Values.list }}|{{ uniq .Values.list }}' },
  { name: 'empty list ops', tpl: '{{ first .Values.emptyList }}|{{ rest .Values.emptyList }}|{{ last .Values.emptyList }}' },
  { name: 'append prepend concat', tpl: '{{ append .Values.list "z" }}|{{ prepend .Values.list "z" }}|{{ concat .Values.list .Values.nums (list "q") }}|{{ .Values.list }}' },
  { name: 'has without compact', tpl: '{{ has "a" .Values.list }}|{{ has "q" .Values.list }}|{{ has 1 .Values.nums }}|{{ has 1.0 .Values.nums }}|{{ without .Values.list "a" }}|{{ compact (list 1 "" 0 nil "x" false) }}|{{ has "a" .Values.none }}' },
  { name: 'until seq', tpl: '{{ until 3 }}|{{ until 0 }}|{{ until -2 }}|{{ untilStep 0 10 3 }}|{{ untilStep 5 0 -2 }}|{{ seq 3 }}|{{ seq 2 5 }}|{{ seq 5 2 }}|{{ seq 0 2 10 }}|{{ seq 0 }}' },
  { name: 'range until', tpl: '{{ range $i := until 3 }}{{ $i }}{{ end }}' },
  { name: 'sprig slice', tpl: '{{ slice .Values.list 1 3 }}|{{ slice .Values.list 2 }}' },
  { name: 'mustUniq tuple', tpl: '{{ mustUniq (list 1 1 2) }}|{{ tuple 1 2 }}' },
  { name: 'first of non-list errors', tpl: '{{ first "abc" }}' },
  // dicts
  { name: 'dict get set unset hasKey', tpl: '{{ $d := dict "a" 1 "b" "two" }}{{ $d }}|{{ get $d "a" }}|{{ get $d "zz" }}|{{ $_ := set $d "c" 3 }}{{ $d }}|{{ $_ := unset $d "a" }}{{ $d }}|{{ hasKey $d "b" }}|{{ hasKey $d "a" }}' },
  { name: 'dict odd args and key types', tpl: '{{ dict "a" }}|{{ dict 1 2 true "x" }}' },
  { name: 'pluck keys values pick omit', tpl: '{{ pluck "a" .Values.map .Values.over (dict "b" 1) }}|{{ keys .Values.map | sortAlpha }}|{{ pick .Values.map "a" "c" "zz" }}|{{ omit .Values.map "c" }}|{{ values .Values.emptyMap }}' },
  { name: 'dig', tpl: '{{ dig "c" "d" "def" .Values.map }}|{{ dig "c" "zz" "def" .Values.map }}|{{ dig "nope" "x" "def" .Values.map }}|{{ dig "a" "d" .Values.map }}' },
  { name: 'merge keeps dst', tpl: '{{ $d := deepCopy .Values.map }}{{ merge $d .Values.over }}' },
  { name: 'mergeOverwrite', tpl: '{{ $d := deepCopy .Values.map }}{{ mergeOverwrite $d .Values.over }}|{{ mergeOverwrite (dict "a" (list 1 2)) (dict "a" (list 3)) }}|{{ mergeOverwrite (dict "a" 1) (dict "a" nil) }}|{{ mergeOverwrite (dict "a" "s") (dict "a" (dict "x" 1)) }}' },
  { name: 'merge multiple and nested', tpl: '{{ merge (dict "a" (dict "x" 1)) (dict "a" (dict "y" 2 "x" 9)) (dict "b" 3 "a" "str") }}|{{ merge (dict "a" "") (dict "a" "filled") }}|{{ merge (dict "a" 0) (dict "a" 5) }}' },
  { name: 'deepCopy independence', tpl: '{{ $c := deepCopy .Values.map }}{{ $_ := set $c "a" 99 }}{{ .Values.map.a }} {{ $c.a }}' },
  { name: 'hasKey on non-map errors', tpl: '{{ hasKey .Values.list "a" }}' },
  // the same map results through toJson, independent of how the engine prints maps
  { name: 'dict ops as json', tpl: '{{ $d := dict "a" 1 "b" "two" }}{{ $_ := set $d "c" 3 }}{{ $_ := unset $d "a" }}{{ toJson $d }}|{{ toJson (dict "a") }}|{{ toJson (dict 1 2 true "x") }}|{{ toJson (pick .Values.map "a" "c" "zz") }}|{{ toJson (omit .Values.map "c") }}' },
  { name: 'merge as json', tpl: '{{ toJson (merge (deepCopy .Values.map) .Values.over) }}|{{ toJson (mergeOverwrite (deepCopy .Values.map) .Values.over) }}|{{ toJson (mergeOverwrite (dict "a" (list 1 2)) (dict "a" (list 3))) }}|{{ toJson (mergeOverwrite (dict "a" 1) (dict "a" nil)) }}|{{ toJson (mergeOverwrite (dict "a" "s") (dict "a" (dict "x" 1))) }}|{{ toJson (merge (dict "a" (dict "x" 1)) (dict "a" (dict "y" 2 "x" 9)) (dict "b" 3 "a" "str")) }}|{{ toJson (merge (dict "a" "") (dict "a" "filled")) }}|{{ toJson (merge (dict "a" false "b" (list)) (dict "a" true "b" (list 1))) }}' },
  { name: 'merge chart-style defaults', tpl: '{{ $ctx := dict "Values" (dict "image" (dict "tag" "")) }}{{ $defaults := dict "image" (dict "repository" "nginx" "tag" "1.25") }}{{ toJson (mergeOverwrite (deepCopy $defaults) $ctx.Values) }}|{{ toJson (merge (deepCopy $ctx.Values) $defaults) }}' },
  { name: 'fromYaml as json', tpl: '{{ toJson (fromYaml "") }}|{{ toJson (fromYamlArray "- a\n- 2\n- {b: c}") }}|{{ toJson (fromYaml "a: &x {b: 1}\nc: *x\nd: {<<: *x, e: 2}") }}|{{ toJson (fromYaml "1: one\ntrue: t\n") }}' },
  // math
  { name: 'int math', tpl: '{{ add 1 2 3 }} {{ add .Values.replicas 1 }} {{ add1 .Values.replicas }} {{ sub 10 .Values.ratio }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ max 1 5 3 }} {{ min 4 2 6 }} {{ add "3" "4" }} {{ add "x" 1 }}' },
  { name: 'div by zero errors', tpl: '{{ div 1 0 }}' },
  { name: 'float math', tpl: '{{ addf 1.5 2.25 }} {{ subf 5 1.5 }} {{ mulf 1.5 2 }} {{ divf 1 3 }} {{ floor 2.7 }} {{ ceil 2.1 }} {{ round 2.567 2 }} {{ round 2.5 0 }} {{ maxf 1 2.5 }} {{ minf 1 2.5 }}' },
  { name: 'conversions', tpl: '{{ int "42" }} {{ int 3.9 }} {{ int64 .Values.replicas }} {{ float64 "1.5" }} {{ float64 3 }} {{ atoi "12" }} {{ atoi "x" }} {{ int "10.0" }} {{ int .Values.none }} {{ toDecimal "777" }} {{ int true }}' },
  { name: 'int printing via printf', tpl: '{{ printf "%d" (int .Values.replicas) }} {{ printf "%T" (int 1) }}' },
  // reflect
  { name: 'typeOf kindOf', tpl: '{{ typeOf .Values.replicas }} {{ typeOf .Values.name }} {{ typeOf .Values.list }} {{ typeOf .Values.map }} {{ typeOf .Values.none }} {{ typeOf true }} {{ kindOf .Values.map }} {{ kindOf .Values.list }} {{ kindOf .Values.none }}' },
  { name: 'kindIs typeIs', tpl: '{{ kindIs "map" .Values.map }} {{ kindIs "slice" .Values.list }} {{ kindIs "string" .Values.name }} {{ kindIs "float64" .Values.replicas }} {{ kindIs "invalid" .Values.none }} {{ typeIs "string" .Values.name }} {{ typeIs "float64" 1.5 }} {{ kindIs "bool" .Values.on }}' },
  { name: 'deepEqual', tpl: '{{ deepEqual .Values.list (list "b" "a" "c" "a") }} {{ deepEqual .Values.map .Values.over }}' },
  // semver
  { name: 'semverCompare', tpl: '{{ semverCompare ">=1.19-0" "v1.28.3" }} {{ semverCompare ">=1.19-0" "v1.28.3-eks-4f4795d" }} {{ semverCompare ">=1.19" "v1.28.3-eks-4f4795d" }} {{ semverCompare "<1.19" "1.18.0" }} {{ semverCompare "^1.2.3" "1.9.0" }} {{ semverCompare "^1.2.3" "2.0.0" }} {{ semverCompare "~1.2.3" "1.2.9" }} {{ semverCompare "~1.2.3" "1.3.0" }}' },
  { name: 'semverCompare ranges', tpl: '{{ semverCompare "1.2 - 1.4" "1.3.5" }} {{ semverCompare ">=1.0, <2.0" "1.5.0" }} {{ semverCompare "<1.0 || >=3.0" "2.0.0" }} {{ semverCompare "<1.0 || >=3.0" "3.1.0" }} {{ semverCompare "1.x" "1.9.9" }} {{ semverCompare "!=1.2.3" "1.2.3" }} {{ semverCompare "*" "0.1.0" }} {{ semverCompare ">1.2" "1.2.5" }} {{ semverCompare "=1.2" "1.2.5" }}' },
  { name: 'semverCompare prerelease', tpl: '{{ semverCompare ">=1.2.3-alpha" "1.2.3-beta" }} {{ semverCompare ">=1.2.3-beta.2" "1.2.3-beta.10" }} {{ semverCompare ">1.2.3-0" "1.2.3" }} {{ semverCompare "^0.2.3" "0.2.9" }} {{ semverCompare "^0.2.3" "0.3.0" }} {{ semverCompare "^0.0.3" "0.0.4" }}' },
  { name: 'semverCompare bad version errors', tpl: '{{ semverCompare ">=1.0" "not-a-version" }}' },
  { name: 'semver fields', tpl: '{{ (semver "v1.28.3-rc.1+meta").Major }} {{ (semver "1.28.3").Minor }} {{ (semver "1.2").Patch }} {{ (semver "1.2.3-rc.1").Prerelease }}' },
  // encoding
  { name: 'b64 sha adler', tpl: '{{ b64enc "héllo" }}|{{ b64dec "aMOpbGxv" }}|{{ b64dec "!!!" }}|{{ b64dec "abc" }}|{{ sha256sum "abc" }}|{{ sha1sum "abc" }}|{{ adler32sum "abc" }}' },
  { name: 'b64enc float errors', tpl: '{{ b64enc .Values.replicas }}' },
  // regex
  { name: 'regex', tpl: '{{ regexMatch "^[a-z]+$" "abc" }} {{ regexMatch "^[a-z]+$" "ab1" }} {{ regexFind "[0-9]+" "ab123cd45" }} {{ regexFindAll "[0-9]+" "a1b22c333" -1 }} {{ regexFindAll "[0-9]+" "a1b22c333" 2 }} {{ regexFindAll "a*" "baaab" -1 }}' },
  { name: 'regexReplaceAll', tpl: '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}|{{ regexReplaceAll "(?P<n>[0-9])" "a1b2" "<$n>" }}|{{ regexReplaceAll "x*" "abc" "-" }}|{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}|{{ regexReplaceAll "[^a-z0-9-]" "My_Name.x" "-" }}|{{ regexReplaceAll "a" "aaa" "$$" }}' },
  { name: 'regexSplit', tpl: '{{ regexSplit "z+" "pizza" -1 }}|{{ regexSplit "z+" "pizza" 1 }}|{{ regexSplit "" "abc" -1 }}|{{ regexSplit "," "" -1 }}|{{ regexSplit "a" "banana" 2 }}' },
  { name: 'regexMatch bad pattern is false', tpl: '{{ regexMatch "(" "x" }}' },
  { name: 'regexFind bad pattern errors', tpl: '{{ regexFind "(" "x" }}' },
  { name: 'regex unicode classes', tpl: '{{ regexFindAll "\\\\pL+" "héllo wörld 1" -1 }}|{{ regexReplaceAll "(?i)HELLO" "hello Hello" "x" }}' },
  // paths
  { name: 'paths', tpl: '{{ base "/a/b.txt" }} {{ base "a/b/" }} {{ base "" }} {{ base "/" }} {{ dir "/a/b" }} {{ dir "a" }} {{ dir "a/b/" }} {{ ext "x.tar.gz" }} {{ ext ".bashrc" }} {{ ext "a/b" }} {{ clean "a//b/../c/." }} {{ clean "" }} {{ clean "/../a" }} {{ isAbs "/x" }} {{ isAbs "x" }}' },
  // yaml / json
  { name: 'toYaml map', tpl: '{{ toYaml .Values.map }}' },
  { name: 'toYaml quoting', tpl: '{{ toYaml .Values.yamlish }}' },
  { name: 'toYaml numbers', tpl: '{{ toYaml (dict "r" .Values.replicas "f" .Values.ratio "b" .Values.big "bf" .Values.bigf "t" .Values.tiny "i" 3 "n" .Values.none "neg" -2.5 "l" .Values.nums) }}' },
  { name: 'toYaml nested lists', tpl: '{{ toYaml (list (list 1 2) (dict "a" (list "x")) (list) (dict)) }}' },
  { name: 'toYaml scalars', tpl: '{{ toYaml "s" }}|{{ toYaml .Values.none }}|{{ toYaml .Values.emptyMap }}|{{ toYaml "yes" }}|{{ toYaml .Values.ml }}|{{ toYaml 1.5 }}|{{ toYaml "a\\n\\n" }}' },
  { name: 'toYaml nindent', tpl: 'spec:\n  template:{{ toYaml .Values.map | nindent 4 }}' },
  { name: 'toYaml multiline in list', tpl: '{{ toYaml (list "a\\nb" (dict "k" "x\\ny\\n" "j" " lead\\nz")) }}' },
  { name: 'toYaml long strings fold', tpl: '{{ toYaml (dict "k" .Values.yamlish.long "q" (printf "%s: x" .Values.yamlish.long) "sp" "a  b  c  d  e  f  g  h  i  j  k  l  m  n  o  p  q  r  s  t  u  v  w  x  y  z  aa bb cc dd") }}' },
  { name: 'toYaml special strings', tpl: '{{ toYaml (list "true" "False" "0x1F" "1e3" "+1" "-" ".5" ".inf" "-.inf" "0b101" "1_000" "---" "..." "a:b" "a:" "?x" "? x" "[x" "x]" "{x" "x,y" "!x" "%x" "&x" "|x" ">x" "`x" "\\"x" "#x" "x#y" "trailing " "\\ttab" "nul\\u0000" "emoji😀" "\\u00a0nbsp" "12:60" "1:2" "2001-12-14t21:59:43.10-05:00" "2002-12-14" "20021214") }}' },
  { name: 'toJson', tpl: '{{ toJson .Values.map }}|{{ toJson .Values.s }}|{{ toJson .Values.nums }}|{{ toJson .Values.none }}|{{ toJson .Values.big }}|{{ toJson .Values.tiny }}|{{ toJson (list) }}|{{ toJson (dict) }}|{{ toJson 3 }}' },
  { name: 'toPrettyJson toRawJson', tpl: '{{ toPrettyJson .Values.map }}|{{ toRawJson .Values.s }}|{{ toPrettyJson (list) }}|{{ mustToJson (list 1) }}' },
  { name: 'fromYaml', tpl: '{{ $y := fromYaml "a: 1\\nb: [x, y]\\nc: yes\\nd: 2024-01-01\\ne: ~\\nf: 0777\\ng: 1.5\\n" }}{{ $y.a }} {{ $y.b }} {{ $y.c }} {{ $y.d }} {{ $y.e }} {{ $y.f }} {{ $y.g }} {{ typeOf $y.a }} {{ toYaml $y }}' },
  { name: 'fromYaml error key', tpl: '{{ $y := fromYaml "a: [" }}{{ hasKey $y "Error" }}|{{ $z := fromYaml "- a\\n- b" }}{{ hasKey $z "Error" }}|{{ fromYaml "" }}' },
  { name: 'fromYaml round trip include', tpl: '{{ $m := fromYaml (toYaml .Values.map) }}{{ $m.c.d }} {{ $m.a }}' },
  { name: 'fromYamlArray', tpl: '{{ fromYamlArray "- a\\n- 2\\n- {b: c}" }}|{{ len (fromYamlArray "a: b") }}' },
  { name: 'fromJson fromJsonArray', tpl: '{{ $j := fromJson "{\\"a\\": 1, \\"b\\": [true, null]}" }}{{ $j.a }} {{ $j.b }} {{ typeOf $j.a }}|{{ fromJsonArray "[1, \\"x\\"]" }}|{{ $e := fromJson "{" }}{{ hasKey $e "Error" }}' },
  { name: 'toToml', tpl: '{{ toToml (dict "a" 1 "b" "x" "t" (dict "c" true)) }}' },
  // more emitter edge cases
  { name: 'toYaml tricky multi-line', tpl: '{{ toYaml (list "\\nlead" "trail \\nx" "a\\n " "x\\r\\ny" "a\\n\\n\\nb\\n\\n" "\\n" "  two\\nlines" "tab\\n\\tx" "é\\nü" "a\\u2028b" "k: v\\n- x") }}' },
  { name: 'toYaml keys', tpl: '{{ toYaml (dict "yes" 1 "" 2 "a b" 3 "a: b" 4 "-x" 5 "x\\ny" 6 "null" 7 "10" 8 "9" 9 "é" 10 "~" 11 "*a" 12) }}' },
  { name: 'toYaml long key', tpl: '{{ toYaml (dict (repeat 130 "k") 1) }}' },
  { name: 'toYaml long quoted and unicode fold', tpl: '{{ toYaml (list (printf "%s #x" (repeat 20 "abcd ")) (repeat 30 "é ") (printf "\\"%s\\"" (repeat 20 "ab "))) }}' },
  { name: 'toYaml floats', tpl: '{{ toYaml (list 0.1 1e-7 123456.0 1234567.0 1e20 1e21 -0.0 100.5 0.000123 3.0) }}' },
  { name: 'toYaml structs of values', tpl: '{{ toYaml (dict "l" (list (dict) (list) "" nil)) }}' },
  { name: 'toJson strings', tpl: '{{ toJson (list "\\u2028" "\\t\\n\\r\\u0001" "é😀" "\\\\" "/") }}' },
  { name: 'toPrettyJson nested', tpl: '{{ toPrettyJson (dict "a" (list 1 (dict "b" (list)) (dict)) "c" "<x>") }}' },
  // more strings
  { name: 'quote unicode and controls', tpl: '{{ quote "é😀\\u00ad\\u200b\\u007f\\u0085" }}|{{ squote "it\'s" }}' },
  { name: 'trunc unicode bytes', tpl: '{{ trunc 3 "héllo" | len }}|{{ trunc -4 "héllo" }}' },
  { name: 'title untitle edge', tpl: '{{ title "o\'neil mc-donald x_y 3d" }}|{{ untitle "ABC DEF" }}' },
  { name: 'upper lower unicode', tpl: '{{ upper "straße é" }}|{{ lower "ÀÉ" }}' },
  { name: 'replace and split edge', tpl: '{{ replace "a" "" "banana" }}|{{ splitList "a" "banana" }}|{{ split "" "ab" }}|{{ len (splitList "," "") }}' },
  { name: 'toString of numbers', tpl: '{{ toString 3 }}|{{ toString (add 1 2) }}|{{ toString 0.1 }}|{{ toString 1e21 }}|{{ toString .Values.list }}' },
  { name: 'kindOf of int64', tpl: '{{ kindOf 3 }}|{{ typeOf (int 3) }}|{{ kindIs "int" (len .Values.list) }}' },
  // more lists / dicts
  { name: 'uniq mixed', tpl: '{{ uniq (list 1 1.0 "1" 1 (list 1) (list 1) nil nil) }}' },
  { name: 'has types', tpl: '{{ has 1 (list 1.0) }} {{ has 1.0 (list 1.0) }} {{ has "a" (list "a") }} {{ has nil (list nil) }}' },
  { name: 'without multiple', tpl: '{{ without (list 1 2 3 2 1) 1 2 }}' },
  { name: 'concat nil errors', tpl: '{{ concat (list 1) .Values.none }}' },
  { name: 'keys multiple maps', tpl: '{{ keys (dict "b" 1) (dict "a" 2 "b" 3) | sortAlpha }}|{{ len (keys (dict)) }}' },
  { name: 'pluck missing', tpl: '{{ pluck "zz" (dict "a" 1) }}|{{ len (pluck "a" (dict "a" nil)) }}' },
  { name: 'dig non map errors', tpl: '{{ dig "a" "b" "def" (dict "a" "str") }}' },
  { name: 'get missing and nil', tpl: '[{{ get (dict "a" nil) "a" }}][{{ get (dict) "x" }}]' },
  { name: 'set returns map for chaining', tpl: '{{ $d := dict }}{{ $d = set $d "a" 1 | set "b" 2 | set "c" 3 }}{{ toJson $d }}' },
  // more math
  { name: 'math with strings and floats', tpl: '{{ add "1.5" 1 }} {{ add 1.9 1.9 }} {{ mul "2" 2.9 }} {{ sub "10" "3" }} {{ max "7" 3 }} {{ min -1 "x" }} {{ add1 "0x10" }} {{ int "010" }} {{ int64 "1e3" }}' },
  { name: 'round and floor edge', tpl: '{{ round -2.5 0 }} {{ round 1.005 2 }} {{ floor -1.5 }} {{ ceil -1.5 }} {{ round 123.456 -1 }}' },
  { name: 'float64 conversions', tpl: '{{ float64 "x" }} {{ float64 true }} {{ float64 "1e3" }} {{ float64 .Values.none }}' },
  { name: 'int of big float', tpl: '{{ int 1e19 }} {{ int64 -1e19 }} {{ int 2.5e9 }}' },
  // more semver
  { name: 'semver edge constraints', tpl: '{{ semverCompare ">= 1.2.3" "1.2.3" }} {{ semverCompare "=1.2.3" "v1.2.3" }} {{ semverCompare "1.2.3" "1.2.3+build" }} {{ semverCompare "~1" "1.9.0" }} {{ semverCompare "~1.x" "1.9.0" }} {{ semverCompare "^0" "0.9.0" }} {{ semverCompare "<=1.2" "1.2.9" }} {{ semverCompare "<=1.2.x" "1.3.0" }} {{ semverCompare "!=1.x" "2.0.0" }} {{ semverCompare ">1.x" "2.0.0" }} {{ semverCompare ">1.x" "1.5.0" }}' },
  { name: 'semverCompare with k8s versions', tpl: '{{ semverCompare ">=1.21-0" "v1.21.0-gke.1500" }} {{ semverCompare "<1.25-0" "1.24.10+k3s1" }} {{ semverCompare ">=1.16-0, <1.22-0" "1.21.5" }} {{ semverCompare "~1.21.0-0" "1.21.9-eks-1" }}' },
  { name: 'semverCompare bad constraint errors', tpl: '{{ semverCompare "#1.0" "1.0.0" }}' },
  { name: 'semver invalid errors', tpl: '{{ semver "1.2.3.4" }}' },
  // more regex
  { name: 'regex anchors and flags', tpl: '{{ regexFindAll "^a" "aaa" -1 }} {{ regexFindAll "(?m)^x" "x\\nx" -1 }} {{ regexMatch "\\\\d+" "12" }} {{ regexReplaceAll "^" "ab" "-" }} {{ regexReplaceAll "$" "ab" "-" }} {{ regexReplaceAll "b*" "abc" "X" }}' },
  { name: 'regex unicode', tpl: '{{ regexFindAll "." "é😀a" -1 }} {{ regexReplaceAll "[é]" "héé" "e" }} {{ regexSplit "" "é😀" -1 }}' },
  { name: 'regex expand edge', tpl: '{{ regexReplaceAll "(a)(b)?" "ab a" "[$2|${1}x|$10|$x|$|${}]" }}' },
  { name: 'regexFindAll zero', tpl: '{{ regexFindAll "a" "aaa" 0 }}|{{ regexSplit "a" "aXa" 0 }}' },
  { name: 'regexQuoteMeta', tpl: '{{ regexQuoteMeta "a.b*c[d]" }}' },
  // base64
  { name: 'b64dec errors', tpl: '{{ b64dec "YQ" }}|{{ b64dec "YQ==" }}|{{ b64dec "Y===" }}|{{ b64dec "YQ=a" }}|{{ b64dec "Y Q==" }}|{{ b64dec "YQ==\\n" }}|{{ b64dec "" }}|{{ b64dec "YWJj\\nZGVm" }}' },
  // the rest of Sprig's map
  { name: 'b32', tpl: '{{ b32enc "héllo" }}|{{ b32enc "" }}|{{ b32enc "a" }}|{{ b32dec "NBSWY3DP" }}|{{ b32dec (b32enc "abcdef") }}|{{ b32dec "!!!!!!!!" }}' },
  { name: 'chunk', tpl: '{{ chunk 2 (list 1 2 3 4 5) }}|{{ chunk 3 (list) }}|{{ chunk 5 (list 1) }}' },
  { name: 'os paths and aliases', tpl: '{{ osBase "/a/b" }} {{ osDir "/a/b" }} {{ osExt "x.y" }} {{ osClean "a/../b" }} {{ osIsAbs "/x" }} {{ trimall "-" "--a--" }} {{ hello }}' },
  { name: 'urlParse urlJoin', tpl: '{{ $u := urlParse "https://user:pw@example.com:8443/p/a?x=1&y=2#frag" }}{{ $u.scheme }}|{{ $u.host }}|{{ $u.hostname }}|{{ $u.path }}|{{ $u.query }}|{{ $u.fragment }}|{{ $u.userinfo }}|{{ urlJoin $u }}|{{ urlJoin (dict "scheme" "http" "host" "h" "path" "/x") }}' },
  { name: 'mustToDate error', tpl: '{{ mustToDate "2006-01-02" "nope" }}' },
  { name: 'toDate layouts', tpl: '{{ toDate "2006-01-02" "2024-03-01" | unixEpoch }}|{{ toDate "2006-01-02T15:04:05Z07:00" "2024-03-01T10:20:30+02:00" | unixEpoch }}|{{ toDate "Jan 2 2006 3:04PM" "Mar 5 2024 1:07PM" | date "2006-01-02 15:04" }}|{{ toDate "02/01/06" "31/12/99" | date "2006" }}|{{ toDate "2006-01-02 15:04:05.000" "2024-01-02 03:04:05.678" | date "15:04:05.000" }}' },
  { name: 'toDate bad input is the zero time', tpl: '{{ toDate "2006-01-02" "2024/03/01" | unixEpoch }}|{{ toDate "2006-01-02" "2024-03-01x" | unixEpoch }}' },
  { name: 'mustToDate mismatch errors', tpl: '{{ mustToDate "2006-01-02" "2024/03/01" }}' },
  // helm
  { name: 'include into nindent', tpl: '{{ define "lbl" }}app: {{ .Values.name | trunc 10 }}\ntier: web{{ end }}labels:{{ include "lbl" . | nindent 2 }}' },
  { name: 'tpl with values', tpl: '{{ tpl "{{ .Values.replicas | add 1 }}" . }}' },
  { name: 'required empty string fails', tpl: '{{ required "need it" .Values.empty }}' },
  { name: 'required zero passes', tpl: '{{ required "need it" .Values.zero }}|{{ required "x" .Values.off }}' },
  { name: 'lookup is empty', tpl: '{{ $s := lookup "v1" "Secret" "ns" "name" }}{{ len $s }}|{{ if $s }}found{{ else }}none{{ end }}' },
  { name: 'env is not defined', tpl: '{{ env "HOME" }}' },
  { name: 'expandenv is not defined', tpl: '{{ expandenv "$HOME" }}' },
  // dates (deterministic inputs only)
  { name: 'date formats', tpl: '{{ date "2006-01-02T15:04:05Z07:00" 1700000000 }}|{{ date "Jan 2, 2006 3:04 PM" 1700000000 }}|{{ dateInZone "2006-01-02 15:04 MST" 1700000000 "UTC" }}|{{ unixEpoch (toDate "2006-01-02" "2024-03-01") }}|{{ duration "3725" }}|{{ duration 0 }}|{{ date "Mon Monday January _2 06 .000" 1700000000 }}' },
];

/**
 * Cases whose output prints maps, %T or floats through the engine's fmt (format.ts). Until the
 * engine's fmt is exact they are a todo, not a failure; the same results are also compared via toJson.
 */
const PRINTS_THROUGH_FMT = new Set([
  'toString toStrings',
  'dict get set unset hasKey',
  'dict odd args and key types',
  'pluck keys values pick omit',
  'merge keeps dst',
  'mergeOverwrite',
  'merge multiple and nested',
  'fromYaml error key',
  'fromYamlArray',
  'replace and split edge',
  'int printing via printf',
]);
const engineFmtExact = formatV({ a: 1 }) === 'map[a:1]' && formatV(1e6) === '1e+06';

function compare(list: Case[]): string[] {
  const funcs = helmFuncs();
  const files = list.map((c, i) => ({ name: `t${i}`, text: c.tpl }));
  const failures: string[] = [];
  list.forEach((c, i) => {
    const file = files[i]!;
    const [go] = renderWithOracle([file], [{ template: file.name, data: { Values: V } }]);
    let ours: { output?: string; error?: string };
    try {
      const set = parseTemplates([file], funcs);
      ours = { output: set.execute(file.name, { Values: JSON.parse(JSON.stringify(V)) as Value }).text };
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
  });
  return failures;
}

test('Sprig/Helm functions agree with Go (oracle)', (t) => {
  const reason = oracleAvailable();
  if (reason) {
    t.skip(reason);
    return;
  }
  const list = cases.filter((c) => !PRINTS_THROUGH_FMT.has(c.name));
  assert.ok(list.length >= 100, `${list.length} cases`);
  assert.deepEqual(compare(list), []);
});

test('function results printed through the engine fmt agree with Go (oracle)', { todo: engineFmtExact ? false : 'engine format.ts is still the placeholder' }, (t) => {
  const reason = oracleAvailable();
  if (reason) {
    t.skip(reason);
    return;
  }
  const list = cases.filter((c) => PRINTS_THROUGH_FMT.has(c.name));
  assert.equal(list.length, PRINTS_THROUGH_FMT.size);
  assert.deepEqual(compare(list), []);
});

/** Every values.yaml (and ci/*.yaml) in the chart corpora: real data for the YAML/JSON emitters. */
function corpusValueFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 12) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') walk(p, depth + 1);
      else if (e.isFile() && (e.name === 'values.yaml' || (e.name.endsWith('.yaml') && dir.endsWith('/ci')))) out.push(p);
    }
  };
  for (const root of ['/work/shared/corpus/charts', '/work/shared/corpus/real-world']) if (existsSync(root)) walk(root, 0);
  return out.sort();
}

test('toYaml / toJson / toPrettyJson of every corpus values file agree with Go (oracle)', (t) => {
  const reason = oracleAvailable();
  if (reason) {
    t.skip(reason);
    return;
  }
  const files = corpusValueFiles();
  if (files.length === 0) {
    t.skip('no chart corpus at /work/shared/corpus');
    return;
  }
  const funcs = helmFuncs();
  const tpl = { name: 'v', text: '{{ toYaml .Values }}\n---\n{{ toJson .Values }}\n---\n{{ toPrettyJson .Values }}\n---\n{{ .Values | toYaml | fromYaml | toJson }}' };
  const set = parseTemplates([tpl], funcs);
  const failures: string[] = [];
  let compared = 0;
  for (const f of files) {
    let values: unknown;
    try {
      values = parseYaml(readFileSync(f, 'utf8'), { version: '1.1', merge: true });
    } catch {
      continue;
    }
    if (values === null || typeof values !== 'object' || Array.isArray(values)) continue;
    // Both sides get the same JSON data (numbers float64, as Helm decodes values).
    const data = JSON.parse(JSON.stringify(values)) as Value;
    const [go] = renderWithOracle([tpl], [{ template: 'v', data: { Values: data } }]);
    const ours = set.execute('v', { Values: JSON.parse(JSON.stringify(values)) as Value }).text;
    compared++;
    if (go!.output !== ours) {
      const a = go!.output ?? `error ${go!.error}`;
      let i = 0;
      while (i < a.length && a[i] === ours[i]) i++;
      failures.push(`${f}: first difference at offset ${i}:\n  go:   ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 80))}\n  ours: ${JSON.stringify(ours.slice(Math.max(0, i - 80), i + 80))}`);
    }
  }
  assert.ok(compared > 0);
  assert.deepEqual(failures, []);
});
