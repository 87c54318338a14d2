/**
 * Every rule's documented example is a complete file that behaves as the docs
 * say: `bad` makes the rule fire, `good` keeps it quiet. Docs that show an
 * example the rule ignores teach users the wrong thing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRules } from '../rules/index.js';
import { scanDirectory } from '../src/api.js';
import type { Rule, RuleExample } from '../src/engine/rule.js';
import type { RevisionReader } from '../src/engine/base-model.js';
import { makeRepo } from './helpers.js';

/** Rules the engine reports while reading files: a small example file cannot show them. */
const NO_EXAMPLE: Record<string, string> = {
  'core/file-too-large': 'needs a file over maxFileSize; covered by fixtures with a lowered cap',
  'core/unreadable-file': 'needs an unreadable or binary file; covered by fixtures and test/bad-input.test.ts',
};

const DEFAULT_PATH: Record<string, string> = {
  dockerfile: 'Dockerfile',
  yaml: 'k8s/example.yaml',
  sql: 'migrations/20240101000000_example.sql',
  toml: 'Cargo.toml',
  ini: 'deploy/app.service',
};

function examplePath(ex: RuleExample): string {
  return ex.path ?? DEFAULT_PATH[ex.language ?? ''] ?? 'Dockerfile';
}

function goodPath(ex: RuleExample): string {
  return ex.goodPath ?? examplePath(ex);
}

/** The example's base revision (`example.base`), read from memory as `scan --base` reads git. */
function baseRevision(ex: RuleExample): RevisionReader | undefined {
  const files = ex.base;
  if (!files) return undefined;
  return { ref: 'example-base', files: () => Object.keys(files), read: (path) => (Object.hasOwn(files, path) ? files[path] : undefined) };
}

async function findingsOf(rule: Rule<any>, ex: RuleExample, variant: 'bad' | 'good') {
  const path = variant === 'good' ? goodPath(ex) : examplePath(ex);
  const context = variant === 'good' ? (ex.goodContext ?? ex.context) : ex.context;
  const repo = makeRepo({ ...(context ?? {}), [path]: ex[variant] });
  const result = await scanDirectory(repo, {
    base: baseRevision(ex),
    configure: (config) => {
      if (!config.rules[rule.id]) config.rules[rule.id] = { enabled: true, options: {} };
    },
  });
  assert.deepEqual(result.ruleErrors, []);
  // A file that does not parse would keep any rule quiet: only parse-error's own bad example may fail to parse.
  if (!(rule.id === 'core/parse-error' && variant === 'bad')) {
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'core/parse-error').map((f) => `${f.location.path}: ${f.message}`), []);
  }
  return result.findings.filter((f) => f.ruleId === rule.id);
}

describe('documented examples', () => {
  for (const rule of builtinRules) {
    if (NO_EXAMPLE[rule.id]) continue;
    describe(rule.id, () => {
      it('has an example', () => assert.ok(rule.example, `${rule.id} needs example: { bad, good } in its metadata`));
      if (!rule.example) return;
      const ex = rule.example;
      it('bad fires', async () => {
        const found = await findingsOf(rule, ex, 'bad');
        assert.ok(found.some((f) => f.location.path === examplePath(ex)), `the bad example at ${examplePath(ex)} gives no ${rule.id} finding`);
      });
      it('good stays quiet', async () => {
        const found = await findingsOf(rule, ex, 'good');
        assert.deepEqual(found.map((f) => `${f.location.path}:${f.location.startLine} ${f.message}`), []);
      });
    });
  }
});
