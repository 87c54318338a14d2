/** src/parsers/yaml.ts: `<<` merge keys are followed by YNode, and many aliases are not a bomb. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src/model/location.js';
import { YNode, parseYaml, toPlain } from '../src/parsers/yaml.js';
import type { SourceFile } from '../src/model/types.js';
import { scanDirectory } from '../src/api.js';
import { makeRepo } from './helpers.js';

function sf(path: string, text: string): SourceFile {
  return { path, absPath: `/repo/${path}`, kind: 'compose', text, lines: new LineIndex(text) };
}

describe('YAML merge keys and aliases', () => {
  it('YNode follows <<: *anchor, own keys win', () => {
    const f = sf('c.yml', 'base: &b\n  image: a\n  user: root\nsvc:\n  <<: *b\n  user: app\n');
    const { docs } = parseYaml(f, '1.1');
    const svc = YNode.root(docs[0]!, f)!.get('svc')!;
    assert.equal(svc.get('image')?.str(), 'a');
    assert.equal(svc.get('user')?.str(), 'app');
    assert.deepEqual(svc.keys().sort(), ['image', 'user']);
  });

  it('a privileged: true that comes from a merged anchor is reported', async () => {
    const repo = makeRepo({ 'docker-compose.yml': 'x-common: &common\n  image: nginx:1.25\n  privileged: true\nservices:\n  a:\n    <<: *common\n' });
    const result = await scanDirectory(repo);
    assert.ok(result.findings.some((x) => x.ruleId === 'container/privileged'), result.findings.map((x) => x.ruleId).join(', '));
  });

  it('an alias bomb is refused by expanded size, a recursive alias too', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const bomb = sf('b.yml', levels.join('\n') + '\n');
    assert.throws(() => toPlain(parseYaml(bomb, '1.1').docs[0]!), /alias bomb/);
    const many = sf('m.yml', `c: &c {a: 1, b: 2}\n${Array.from({ length: 500 }, (_, i) => `s${i}: *c`).join('\n')}\n`);
    assert.equal((toPlain(parseYaml(many, '1.1').docs[0]!) as Record<string, { a: number }>)['s499']!.a, 1);
    const loop = sf('l.yml', 'a: &a [1, *a]\n');
    assert.throws(() => toPlain(parseYaml(loop, '1.1').docs[0]!), /alias bomb/);
  });
});
