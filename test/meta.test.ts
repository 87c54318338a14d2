/**
 * Suite-wide invariants over the rule registry, instead of review
 * checklists: ids match files, every rule has failing and passing fixtures,
 * metadata is complete, generated docs are current, nothing is orphaned.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRules } from '../rules/index.js';
import { ARTIFACT_KINDS } from '../src/discover/kinds.js';
import { SEVERITIES } from '../src/engine/rule.js';
import { validateRuleShape } from '../src/engine/registry.js';
import { expectedDocs, existingDocPages, RULE_DOCS } from '../scripts/gen-docs.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function ruleFiles(): string[] {
  const out: string[] = [];
  for (const domain of readdirSync(join(ROOT, 'rules'))) {
    const d = join(ROOT, 'rules', domain);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d)) {
      if (f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_') && !f.endsWith('.test.ts')) out.push(`${domain}/${f.slice(0, -3)}`);
    }
  }
  return out.sort();
}

describe('rule registry', () => {
  it('registers every rule file exactly once, and nothing else', () => {
    const ids = builtinRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
    assert.deepEqual([...ids].sort(), ruleFiles());
  });

  for (const rule of builtinRules) {
    describe(rule.id, () => {
      it('has an id equal to its file path and valid metadata', async () => {
        assert.ok(existsSync(join(ROOT, 'rules', `${rule.id}.ts`)), `rules/${rule.id}.ts must define ${rule.id}`);
        const mod = (await import(join(ROOT, 'rules', `${rule.id}.ts`))) as { default: unknown };
        assert.equal(mod.default, rule, 'the file default-exports the registered rule');
        assert.equal(validateRuleShape(rule), undefined);
        assert.ok(SEVERITIES.includes(rule.severity));
        assert.ok(rule.title.length >= 10 && rule.title.length <= 90, 'title between 10 and 90 characters');
        assert.ok(!rule.title.endsWith('.'), 'title has no trailing period');
        for (const k of ['description', 'rationale', 'remediation'] as const) assert.ok(rule[k].length >= 40, `${k} says something (>= 40 chars)`);
        assert.ok(rule.references.length > 0 && rule.references.every((r) => /^https:\/\//.test(r)), 'references are https URLs');
        for (const k of rule.kinds) assert.ok(ARTIFACT_KINDS.includes(k), `unknown artifact kind ${k}`);
        if (rule.options) assert.equal(typeof rule.options.schema, 'object');
        for (const [kind, text] of Object.entries(rule.remediationByKind ?? {})) {
          assert.ok(rule.kinds.includes(kind as never), `remediationByKind.${kind}: the rule does not read ${kind} files`);
          assert.ok(text.length >= 20, `remediationByKind.${kind} says something`);
        }
        if (rule.severities) {
          const listed = rule.severities.map((c) => c.severity);
          assert.ok(listed.length >= 2, 'declare severities only for a rule that reports more than one');
          assert.ok(listed.includes(rule.severity), 'the declared severities include the default, with its condition');
          assert.equal(new Set(listed).size, listed.length, 'one entry per severity');
          for (const c of rule.severities) assert.ok(c.when.length >= 10 && !c.when.endsWith('.'), `"${c.when}" continues "reported at ${c.severity} when ..."`);
        }
      });

      it('has failing and passing fixtures', () => {
        for (const outcome of ['fail', 'pass']) {
          const d = join(ROOT, 'fixtures', rule.id, outcome);
          assert.ok(existsSync(d) && readdirSync(d).length > 0, `fixtures/${rule.id}/${outcome}/ needs at least one case`);
        }
      });
    });
  }

  it('former ids never name a current rule or two rules', () => {
    const ids = new Set(builtinRules.map((r) => r.id));
    const former = builtinRules.flatMap((r) => r.formerIds ?? []);
    for (const f of former) assert.ok(!ids.has(f), `${f} is both a former id and a rule`);
    assert.equal(new Set(former).size, former.length, 'a former id points at one rule');
  });

  it('defersTo names existing rules other than itself', () => {
    const ids = new Set(builtinRules.map((r) => r.id));
    for (const r of builtinRules) for (const d of r.defersTo ?? []) assert.ok(ids.has(d) && d !== r.id, `${r.id} defers to ${d}`);
  });

  it('every rule outside core/ declares the model entities it reads', () => {
    for (const r of builtinRules) if (!r.id.startsWith('core/')) assert.ok(r.reads.length > 0, `${r.id}: reads is empty, so it would run on every scan`);
  });

  it('has no orphan fixture folders', () => {
    const ids = new Set(builtinRules.map((r) => r.id));
    const orphans: string[] = [];
    for (const domain of readdirSync(join(ROOT, 'fixtures'))) {
      const d = join(ROOT, 'fixtures', domain);
      if (!statSync(d).isDirectory()) continue;
      for (const name of readdirSync(d)) if (!ids.has(`${domain}/${name}`)) orphans.push(`fixtures/${domain}/${name}`);
    }
    assert.deepEqual(orphans, []);
  });
});

describe('generated rule docs', () => {
  it('docs/rules/ matches what `npm run docs` generates (no stale, missing or orphan pages)', () => {
    const expected = expectedDocs();
    assert.deepEqual(existingDocPages().sort(), [...expected.keys()].sort(), 'run `npm run docs`');
    for (const [rel, text] of expected) {
      assert.equal(readFileSync(join(RULE_DOCS, rel), 'utf8'), text, `docs/rules/${rel} is stale: run \`npm run docs\``);
    }
  });
});
