/**
 * The terminal report as a person reads it: text quoted from a scanned file
 * cannot forge a finding line or hide characters, the caret underline sits
 * under the printed text, fix hints are printed once per rule, and the report
 * ends with counts per rule and per directory.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, makeRepo } from './helpers.js';
import { scanDirectory } from '../src/api.js';
import { builtinRules } from '../rules/index.js';
import { renderTerminal } from '../src/report/terminal.js';

const deployment = (name: string, extra = '') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: ghcr.io/acme/api:latest',
    extra,
    '',
  ].join('\n');

/** A line the terminal report prints for a finding: position, severity, rule id. */
const FINDING_LINE = /^\s+\d+:\d+\s+(critical|high|medium|low|info)\s+\S+\/\S+/;

describe('terminal output', () => {
  it('a newline in a quoted YAML name cannot forge a finding line', async () => {
    const repo = makeRepo({ 'k8s/a.yaml': deployment('"api\\n  1:1     critical forged/rule"') });
    const r = await cli(['scan', repo, '--fail-on', 'never']);
    assert.ok(r.stdout.includes('api\\n  1:1     critical forged/rule'), 'the newline is printed as \\n');
    const forged = r.stdout.split('\n').filter((l) => FINDING_LINE.test(l) && l.includes('forged/rule'));
    assert.deepEqual(forged, []);
    const json = JSON.parse((await cli(['scan', repo, '-f', 'json', '--fail-on', 'never'])).stdout);
    assert.ok(json.findings.some((f: { message: string }) => f.message.includes('api\\n  1:1')), 'JSON messages escape it too');
  });

  it('line separators, bidi, zero-width and BOM characters are escaped visibly in terminal and SARIF', async () => {
    const sneaky = '\\u2028\\u2029\\u061c\\u200b\\u200d\\u2060\\u2064\\ufeff\\u202e\\u2066';
    const repo = makeRepo({ 'k8s/a.yaml': deployment(`"api${sneaky}x"`) });
    const escaped = '\\u2028\\u2029\\u061c\\u200b\\u200d\\u2060\\u2064\\ufeff\\u202e\\u2066';
    const term = (await cli(['scan', repo, '--fail-on', 'never'])).stdout;
    assert.ok(!/[\u2028\u2029\u061c\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]/.test(term));
    assert.ok(term.includes(`api${escaped}x`), term);
    const sarif = JSON.parse((await cli(['scan', repo, '-f', 'sarif', '--fail-on', 'never'])).stdout);
    const texts: string[] = sarif.runs[0].results.map((x: { message: { text: string } }) => x.message.text);
    assert.ok(texts.some((t) => t.includes(`api${escaped}x`)));
    assert.ok(texts.every((t) => !/[\u2028\u2029\u200b\ufeff\u202e]/.test(t)));
  });

  it('puts the caret under the printed text when escapes and masks come before it', async () => {
    const token = 'ghp' + '_' + 'Z9'.repeat(18);
    const repo = makeRepo({
      'docker-compose.yml': `services:\n  web: {labels: {a: "\u200b\u202e", t: "${token}"}, image: nginx:latest}\n`,
    });
    const out = (await cli(['scan', repo, '--fail-on', 'never'])).stdout.split('\n');
    const i = out.findIndex((l, k) => /^\s+\d+:\d+\s+\S+\s+image\/unpinned-tag/.test(l) && out[k + 3]?.includes('> 2 |'));
    assert.ok(i >= 0, out.join('\n'));
    const frame = out[i + 3]!;
    const caret = out[i + 4]!;
    assert.ok(frame.includes('\\u200b\\u202e') && frame.includes('ghp_****'), frame);
    assert.equal(caret.indexOf('^'), frame.indexOf('nginx:latest'), `${frame}\n${caret}`);
    assert.equal(caret.trimEnd().length - caret.indexOf('^'), 'nginx:latest'.length);
  });

  it('prints each fix once and ends with counts per rule and per directory', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`services/legacy/app${i}/Dockerfile`] = 'FROM debian:bookworm\nRUN curl -fsSL https://x | sh\nCMD /app\n';
    for (let i = 0; i < 3; i++) files[`services/api${i}/Dockerfile`] = 'FROM debian:bookworm\nCMD /app\n';
    const repo = makeRepo(files);
    const r = await cli(['scan', repo, '--fail-on', 'never']);
    const lines = r.stdout.split('\n');
    const fixes = lines.filter((l) => l.trim().startsWith('fix:'));
    assert.equal(fixes.length, new Set(fixes).size, 'no fix paragraph repeated');
    const byRule = lines.indexOf('Findings by rule');
    const byDir = lines.indexOf('Findings by directory');
    assert.ok(byRule > 0 && byDir > byRule, r.stdout.slice(-2000));
    // The folder causing most of the noise comes first, one level below the shared `services/`.
    assert.match(lines[byDir + 1]!, /^\s+\d+\s+services\/legacy\/$/);
    assert.ok(lines.slice(byDir + 1).some((l) => /services\/api0\/$/.test(l)));
    const ruleRows = lines.slice(byRule + 1, byDir - 1).map((l) => Number(l.trim().split(/\s+/)[0]));
    assert.deepEqual(ruleRows, [...ruleRows].sort((a, b) => b - a), 'rules sorted by count');
    assert.match(lines.at(-2)!, /^\d+ findings \(.*\) · 33 files scanned/);
  });

  it('summaryOnly prints only the summary', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`d${i}/Dockerfile`] = 'FROM debian:bookworm\nCMD /app\n';
    const result = await scanDirectory(makeRepo(files));
    const full = renderTerminal(result, builtinRules, { color: false });
    const summary = renderTerminal(result, builtinRules, { color: false, summaryOnly: true });
    assert.ok(full.endsWith(summary), 'the summary is the tail of the full report');
    assert.ok(!summary.includes('fix:') && !summary.includes(' | '), summary);
    assert.match(summary, /^Findings by rule\n/);
    assert.match(summary, /in \d+ more directories/, 'long tables are cut after ten rows');
  });
});
