/**
 * Unit tests of the Sprig + Helm function library, called directly with a fake FuncCall: edge
 * cases Go defines (nil, empty, int vs float64, unicode), bounds on hostile input, and the random
 * functions by shape. Byte-for-byte agreement with Go is in gotemplate-funcs-oracle.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { helmFuncs } from '../src/render/gotemplate/funcs/index.js';
import { marshalYaml, keyLess, formatG } from '../src/render/gotemplate/funcs/yaml-emit.js';
import { GoStruct, TemplateAbort, TemplateError, type FuncCall, type Value } from '../src/render/gotemplate/types.js';

const calls: string[] = [];
const call: FuncCall = {
  templateName: 'chart/templates/x.yaml',
  include: (name, data) => {
    calls.push(`include ${name}`);
    return `[${name}:${JSON.stringify(data)}]`;
  },
  tpl: (text) => {
    calls.push(`tpl ${text}`);
    return text.toUpperCase();
  },
};
const F = helmFuncs();
function fn(name: string, ...args: Value[]): Value {
  const f = F[name];
  assert.ok(f, `${name} is defined`);
  return f(call, ...args);
}

describe('function set', () => {
  it('implements every function the chart corpora call, and leaves out env/expandenv as Helm does', () => {
    const used = ['include', 'nindent', 'toYaml', 'dict', 'default', 'quote', 'indent', 'hasKey', 'tpl', 'dig', 'trimSuffix', 'trunc', 'semverCompare', 'list', 'mergeOverwrite', 'empty', 'append', 'contains', 'ternary', 'b64enc', 'toString', 'omit', 'fail', 'deepCopy', 'kindIs', 'sha256sum', 'trim', 'int', 'has', 'concat', 'join', 'fromYaml', 'coalesce', 'typeIs', 'set', 'merge', 'lookup', 'pick', 'replace', 'required', 'until', 'upper', 'regexReplaceAll', 'splitList', 'add', 'mustUniq', 'regexMatch', 'b64dec', 'lower', 'randAlpha', 'split', 'uniq', 'regexFind', 'sub', 'trimAll', 'first', 'genCA', 'genSignedCert', 'int64', 'randAlphaNum', 'toJson', 'typeOf', 'add1', 'cat', 'keys', 'randAscii', 'randNumeric', 'regexReplaceAllLiteral', 'reverse', 'semver', 'shuffle', 'substr', 'fromYamlArray', 'now', 'trimPrefix', 'without', 'date', 'mod', 'mul', 'dateInZone', 'div', 'floor', 'fromJsonArray', 'mustToJson', 'sortAlpha', 'squote', 'toRawJson', 'tuple', 'unset', 'values', 'slice'];
    assert.deepEqual(used.filter((n) => !(n in F)), []);
    assert.equal('env' in F, false);
    assert.equal('expandenv' in F, false);
  });
});

describe('defaults', () => {
  it('default treats Go zero values as empty and keeps the rest', () => {
    assert.equal(fn('default', 'd', null), 'd');
    assert.equal(fn('default', 'd', 0n), 'd');
    assert.equal(fn('default', 'd', 0), 'd');
    assert.equal(fn('default', 'd', false), 'd');
    assert.equal(fn('default', 'd', []), 'd');
    assert.equal(fn('default', 'd', {}), 'd');
    assert.equal(fn('default', 'd'), 'd');
    assert.equal(fn('default', 'd', 'x'), 'x');
    assert.equal(fn('default', 'd', 0.5), 0.5);
    assert.equal(fn('empty', new GoStruct('chart.Metadata', {})), false);
  });
  it('ternary needs a bool condition, with Go wording', () => {
    assert.equal(fn('ternary', 'a', 'b', true), 'a');
    assert.throws(() => fn('ternary', 'a', 'b', 'yes'), /wrong type for value; expected bool; got string/);
  });
});

describe('strings', () => {
  it('quote skips nil, quotes several arguments, escapes like Go %q', () => {
    assert.equal(fn('quote', null), '');
    assert.equal(fn('quote', 'a', null, 1n, 2.5), '"a" "1" "2.5"');
    assert.equal(fn('quote', 'tab\there "x" é\u0001'), '"tab\\there \\"x\\" é\\x01"');
  });
  it('trunc counts bytes and accepts negative counts; a float64 count is a type error', () => {
    assert.equal(fn('trunc', 3n, 'abcdef'), 'abc');
    assert.equal(fn('trunc', -2n, 'abcdef'), 'ef');
    assert.equal(fn('trunc', -10n, 'ab'), 'ab');
    assert.equal(fn('trunc', 2n, 'éa'), 'é');
    assert.throws(() => fn('trunc', 3, 'abc'), /wrong type for value; expected int; got float64/);
  });
  it('indent/nindent pad every line; a float64 width is a type error', () => {
    assert.equal(fn('indent', 2n, 'a\nb'), '  a\n  b');
    assert.equal(fn('nindent', 2n, 'a'), '\n  a');
    assert.throws(() => fn('indent', 2, 'a'), /expected int; got float64/);
    assert.throws(() => fn('indent', -1n, 'a'), /negative Repeat count/);
  });
  it('repeat and indent refuse outputs beyond the size bound instead of allocating them', () => {
    const t0 = Date.now();
    assert.throws(() => fn('repeat', 10n ** 12n, 'ab'), TemplateError);
    assert.throws(() => fn('indent', 5_000_000n, 'a\n'.repeat(100)), TemplateError);
    assert.ok(Date.now() - t0 < 1000);
    assert.equal((fn('repeat', 3n, 'ab') as string).length, 6);
  });
  it('split gives a map _0.._n, splitList a list; join converts items with strval and skips nil', () => {
    assert.deepEqual({ ...(fn('split', '.', 'a.b') as object) }, { _0: 'a', _1: 'b' });
    assert.deepEqual(fn('splitList', ',', 'a,,b'), ['a', '', 'b']);
    assert.equal(fn('join', '-', [1n, null, 'x', 2.5, true]), '1-x-2.5-true');
    assert.equal(fn('join', '-', 'solo'), 'solo');
    assert.equal(fn('join', '-', null), '');
  });
  it('substr out of range is an error like Go slicing, not a silent empty string', () => {
    assert.equal(fn('substr', 1n, 3n, 'abcdef'), 'bc');
    assert.throws(() => fn('substr', 9n, 3n, 'abc'), /slice bounds out of range/);
  });
});

describe('lists and dicts', () => {
  it('until bounds its length', () => {
    assert.deepEqual(fn('until', 3n), [0n, 1n, 2n]);
    assert.throws(() => fn('until', 10n ** 9n), /longer than/);
    assert.equal(fn('seq', 1n, 2n, 7n), '1 3 5 7');
  });
  it('until/untilStep allow exactly the bound and refuse one more before building anything', () => {
    assert.equal((fn('until', 1_000_000n) as Value[]).length, 1_000_000);
    assert.equal((fn('untilStep', 0n, 2_000_000n, 2n) as Value[]).length, 1_000_000);
    assert.throws(() => fn('until', 1_000_001n), /longer than 1000000 items/);
    assert.throws(() => fn('untilStep', 0n, -2_000_001n, -2n), /longer than/);
    // A wrong-direction step is an empty list, never the bound error.
    assert.deepEqual(fn('untilStep', 0n, 10n ** 12n, -1n), []);
    const t0 = Date.now();
    assert.throws(() => fn('until', 10n ** 15n), /longer than/);
    assert.ok(Date.now() - t0 < 50, `refused in ${Date.now() - t0} ms`);
  });
  it('uniq of a long list of maps stays fast (no quadratic DeepEqual scan)', () => {
    const l: Value[] = [];
    for (let i = 0; i < 100_000; i++) l.push({ k: BigInt(i % 50_000), v: [String(i % 50_000)] });
    const t0 = Date.now();
    assert.equal((fn('uniq', l) as Value[]).length, 50_000);
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
    assert.deepEqual(fn('uniq', [1n, 1, '1', 1n, [1n], [1n], null, null]), [1n, 1, '1', [1n], null]);
  });
  it('list functions on a non-list use Sprig wording', () => {
    assert.throws(() => fn('first', 'abc'), /Cannot find first on type string/);
    assert.throws(() => fn('append', 3, 'x'), /Cannot push on type float64/);
  });
  it('keys are sorted (Go leaves them random); dict keys go through strval', () => {
    assert.deepEqual(fn('keys', { b: 1, a: 2 }, { c: 3 }), ['a', 'b', 'c']);
    assert.deepEqual(Object.keys(fn('dict', 1n, 'x', true, 'y') as object), ['1', 'true']);
  });
  it('a `__proto__` key from chart data stays a key and does not change the map', () => {
    const d = fn('dict', '__proto__', 'x') as Record<string, Value>;
    assert.equal(Object.getPrototypeOf(d), Object.prototype);
    assert.deepEqual(Object.keys(d), ['__proto__']);
    const m = fn('merge', {}, d) as Record<string, Value>;
    assert.equal(Object.getPrototypeOf(m), Object.prototype);
  });
  it('merge keeps non-empty destination values but fills empty ones (mergo); mergeOverwrite lets the source win', () => {
    const dst = { a: 1, off: false, n: { x: 1 }, s: 'keep' };
    fn('merge', dst, { a: 2, off: true, n: { x: 2, y: 3 }, s: { m: 1 }, z: 'new' });
    assert.deepEqual(dst, { a: 1, off: true, n: { x: 1, y: 3 }, s: 'keep', z: 'new' });
    const d2 = { a: 1, l: [1n], n: { x: 1 } };
    fn('mergeOverwrite', d2, { a: 0, l: [2n], n: { y: 2 } });
    assert.deepEqual(d2, { a: 0, l: [2n], n: { x: 1, y: 2 } });
  });
  it('dig walks maps and falls back to the default', () => {
    const m = { a: { b: { c: 'x' } } };
    assert.equal(fn('dig', 'a', 'b', 'c', 'def', m), 'x');
    assert.equal(fn('dig', 'a', 'zz', 'c', 'def', m), 'def');
  });
});

describe('math and conversion', () => {
  it('integer math goes through cast.ToInt64 and wraps at int64', () => {
    assert.equal(fn('add', 1n, 2.9, '3'), 6n);
    assert.equal(fn('add', 2n ** 63n - 1n, 1n), -(2n ** 63n));
    assert.equal(fn('int', '0x10'), 16n);
    assert.equal(fn('int', 'junk'), 0n);
    assert.throws(() => fn('mod', 1n, 0n), /integer divide by zero/);
  });
  it('float math is exact decimal arithmetic, as shopspring/decimal', () => {
    assert.equal(fn('addf', 0.1, 0.2), 0.3);
    assert.equal(fn('divf', 1, 3), 0.3333333333333333);
    assert.throws(() => fn('divf', 1, 0), /division by 0/);
  });
});

describe('semver', () => {
  it('the -0 prerelease trick and Masterminds operators', () => {
    assert.equal(fn('semverCompare', '>=1.19-0', 'v1.28.3-eks-4f4795d'), true);
    assert.equal(fn('semverCompare', '>=1.19', 'v1.28.3-eks-4f4795d'), false);
    assert.equal(fn('semverCompare', '^1.2.3', '1.9.0'), true);
    assert.equal(fn('semverCompare', '~1.2.3', '1.3.0'), false);
    assert.equal(fn('semverCompare', '<1.0 || >=3.0', '3.1.0'), true);
    assert.throws(() => fn('semverCompare', '>=1', 'x.y'), /Invalid Semantic Version/);
  });
  it('a hostile constraint is bounded', () => {
    const t0 = Date.now();
    fn('semverCompare', ' ,'.repeat(4000) + '>=1.0', '1.2.3');
    assert.throws(() => fn('semverCompare', '>=1.0 '.repeat(5000), '1.2.3'), /too long/);
    assert.ok(Date.now() - t0 < 1000);
  });
});

describe('regex (RE2)', () => {
  it('matches in linear time where a backtracking engine explodes', () => {
    const t0 = Date.now();
    assert.equal(fn('regexMatch', '^(a+)+$', 'a'.repeat(5000) + 'b'), false);
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
  });
  it('Go expansion and empty-match rules', () => {
    assert.equal(fn('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '${1}W'), '-W-xxW-');
    assert.equal(fn('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '$1W'), '---');
    assert.equal(fn('regexReplaceAll', 'x*', 'abc', '-'), '-a-b-c-');
    assert.deepEqual(fn('regexSplit', 'z+', 'pizza', -1n), ['pi', 'a']);
    assert.equal(fn('regexMatch', '(', 'x'), false);
    assert.throws(() => fn('regexFind', '(', 'x'), /error parsing regexp/);
  });
});

describe('yaml and json', () => {
  it('toYaml: go-yaml v2 quoting, sorted keys, literal blocks, float forms, no trailing newline', () => {
    assert.equal(fn('toYaml', { b: 'yes', a: ['x', { k: 'a: b' }], c: 'l1\nl2', d: 1234567.5, e: 3, f: '' }), 'a:\n- x\n- k: \'a: b\'\nb: "yes"\nc: |-\n  l1\n  l2\nd: 1.2345675e+06\ne: 3\nf: ""');
    assert.equal(fn('toYaml', null), 'null');
    assert.equal(fn('toYaml', {}), '{}');
  });
  it('toYaml of an unsupported float (NaN) is "", as Helm swallows the json error', () => {
    assert.equal(fn('toYaml', { a: NaN }), '');
    assert.equal(fn('toJson', { a: Infinity }), '');
    assert.throws(() => fn('mustToJson', { a: NaN }), /unsupported value/);
  });
  it('go-yaml key order: non-letters before letters, digit runs numerically', () => {
    const keys = ['b', 'a10', 'a2', '_x', 'B', '1', 'A'].sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0));
    assert.deepEqual(keys, ['_x', '1', 'A', 'B', 'a2', 'a10', 'b']);
  });
  it('formatG is strconv.FormatFloat(f, g, -1, 64)', () => {
    assert.deepEqual([1e6, 123456, 0.0001, 0.00001, 1e21, -2.5].map(formatG), ['1e+06', '123456', '0.0001', '1e-05', '1e+21', '-2.5']);
  });
  it('toYaml on deeply nested data is an error, not a stack overflow', () => {
    let v: Value = 'x';
    for (let i = 0; i < 20_000; i++) v = [v];
    assert.throws(() => marshalYaml(v), /nested too deeply/);
  });
  it('toJson escapes HTML characters like encoding/json; toRawJson does not', () => {
    assert.equal(fn('toJson', { b: '<&>', a: 1n }), '{"a":1,"b":"\\u003c\\u0026\\u003e"}');
    assert.equal(fn('toRawJson', '<&>'), '"<&>"');
  });
  it('fromYaml errors go into an Error key; numbers are float64', () => {
    assert.equal(typeof (fn('fromYaml', 'a: [') as Record<string, Value>)['Error'], 'string');
    assert.deepEqual({ ...(fn('fromYaml', 'a: 1\nb: yes') as object) }, { a: 1, b: true });
    assert.deepEqual(fn('fromYamlArray', 'a: b'), [(fn('fromYamlArray', 'a: b') as Value[])[0]]);
  });
  it('fromYaml on a billion-laughs alias bomb is bounded', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]';
    const t0 = Date.now();
    const r = fn('fromYaml', bomb) as Record<string, Value>;
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(typeof r['Error'], 'string');
  });
});

describe('helm', () => {
  it('include and tpl go through the engine call; required and fail abort with the message', () => {
    calls.length = 0;
    assert.equal(fn('include', 'x.name', 'd'), '[x.name:"d"]');
    assert.equal(fn('tpl', 'abc', null), 'ABC');
    assert.deepEqual(calls, ['include x.name', 'tpl abc']);
    assert.throws(() => fn('required', 'need x', null), (e: unknown) => e instanceof TemplateAbort && e.message === 'need x');
    assert.throws(() => fn('required', 'need x', ''), TemplateAbort);
    assert.equal(fn('required', 'need x', 0n), 0n);
    assert.throws(() => fn('fail', 'stop'), (e: unknown) => e instanceof TemplateAbort && e.message === 'stop');
  });
  it('lookup is an empty map and getHostByName is "" (no cluster, no network)', () => {
    assert.deepEqual(fn('lookup', 'v1', 'Secret', 'ns', 'n'), {});
    assert.equal(fn('getHostByName', 'example.com'), '');
  });
});

describe('random and generated values (shape only)', () => {
  it('rand* give the asked length from the right alphabet', () => {
    assert.match(fn('randAlphaNum', 16n) as string, /^[A-Za-z0-9]{16}$/);
    assert.match(fn('randAlpha', 8n) as string, /^[A-Za-z]{8}$/);
    assert.match(fn('randNumeric', 8n) as string, /^[0-9]{8}$/);
    assert.equal((fn('randAscii', 8n) as string).length, 8);
    assert.match(fn('uuidv4') as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.throws(() => fn('randAlpha', 10n ** 10n), TemplateError);
  });
  it('genCA and genSignedCert give parseable PEM certificates with the asked names', () => {
    const ca = fn('genCA', 'my-ca', 365n) as GoStruct;
    const caCert = new X509Certificate(ca.fields['Cert'] as string);
    assert.equal(caCert.subject, 'CN=my-ca');
    assert.equal(caCert.ca, true);
    assert.match(ca.fields['Key'] as string, /^-----BEGIN RSA PRIVATE KEY-----/);
    const leaf = fn('genSignedCert', 'svc', ['10.0.0.1'], ['svc.ns.svc'], 30n, ca) as GoStruct;
    const cert = new X509Certificate(leaf.fields['Cert'] as string);
    assert.equal(cert.subjectAltName, 'DNS:svc.ns.svc, IP Address:10.0.0.1');
    assert.equal(cert.ca, false);
  });
});

describe('paths and dates', () => {
  it('path functions follow Go path, not the OS', () => {
    assert.deepEqual(['/a/b.txt', 'a/b/', '', '/'].map((p) => fn('base', p)), ['b.txt', 'b', '.', '/']);
    assert.equal(fn('dir', 'a/b/'), 'a/b');
    assert.equal(fn('ext', '.bashrc'), '.bashrc');
    assert.equal(fn('clean', 'a//b/../c/.'), 'a/c');
  });
  it('date formats Unix seconds with Go layouts in UTC', () => {
    assert.equal(fn('date', '2006-01-02T15:04:05Z07:00', 1700000000n), '2023-11-14T22:13:20Z');
    assert.equal(fn('duration', '3725'), '1h2m5s');
  });
});
