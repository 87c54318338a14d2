/** The CLI end to end: exit codes, formats, suppressions, baselines, config errors, plugins. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cli, makeRepo, testPluginSource, validateJsonReport, validateSarif, PROJECT_ROOT } from './helpers.js';

const BROKEN_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n  k: w\n';
const CLEAN_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n';

/** A plugin rule that reports every literal secret the model found, quoting it — to prove masking. */
const SECRET_PLUGIN = testPluginSource('test/echo-secret', 'Echo the secret for masking tests', 'high', "    for (const s of ctx.model.secrets) ctx.report({ at: s.location, message: 'secret ' + s.name + ' = ' + s.value });");

describe('exit codes', () => {
  it('0 when clean, 1 with findings at the threshold, 0 below it', async () => {
    const clean = makeRepo({ 'k8s/cm.yaml': CLEAN_YAML });
    assert.equal((await cli(['scan', clean])).code, 0);
    const broken = makeRepo({ 'k8s/cm.yaml': BROKEN_YAML });
    const r = await cli(['scan', broken]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /core\/parse-error/);
    assert.equal((await cli(['scan', broken, '--fail-on', 'critical'])).code, 0);
    assert.equal((await cli(['scan', broken, '--fail-on', 'never'])).code, 0);
    assert.equal((await cli(['scan', broken, '--fail-on', 'high'])).code, 1);
  });

  it('2 for usage errors, naming the flag or path', async () => {
    const bad = await cli(['scan', '--frobnicate']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /frobnicate/);
    const fmt = await cli(['scan', '-f', 'xml']);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /--format: expected one of terminal, json, sarif; got "xml"/);
    const fail = await cli(['scan', '--fail-on', 'severe']);
    assert.equal(fail.code, 2);
    assert.match(fail.stderr, /--fail-on/);
    const missing = await cli(['scan', '/no/such/dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /path not found: \/no\/such\/dir/);
    assert.equal((await cli(['deploy'])).code, 2);
    assert.equal((await cli([])).code, 2);
  });

  it('prints version and help', async () => {
    const v = await cli(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version);
    const h = await cli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Exit codes: 0 clean, 1 findings/);
  });
});

describe('config', () => {
  it('exits 2 naming the key, the value and what was expected', async () => {
    const repo = makeRepo({ '.shipshape.yml': 'failOn: severe\npostgres:\n  version: "fifteen"\nrulez: {}\n', 'k8s/cm.yaml': CLEAN_YAML });
    const r = await cli(['scan', repo]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /failOn: expected one of "critical", "high", "medium", "low", "info", "never"; got "severe"/);
    assert.match(r.stderr, /postgres\.version: expected integer; got "fifteen"/);
    assert.match(r.stderr, /rulez: unknown key/);
  });

  it('rejects unknown rule ids with a suggestion, and bad rule settings', async () => {
    const repo = makeRepo({ '.shipshape.yml': 'rules:\n  core/parse-eror: off\n  core/unused-suppression: loud\n', 'a.yaml': CLEAN_YAML });
    const r = await cli(['scan', repo]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /rules\.core\/unused-suppression: expected one of "off", "on", "critical"/);
    const r2 = await cli(['scan', makeRepo({ '.shipshape.yml': 'rules:\n  core/parse-eror: off\n', 'a.yaml': CLEAN_YAML })]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /rules\.core\/parse-eror: unknown rule id "core\/parse-eror" \(did you mean core\/parse-error\?\)/);
  });

  it('takes a rule id without its domain when only one domain has that name, and says so', async () => {
    const repo = makeRepo({ '.shipshape.yml': 'rules:\n  run-as-root: off\n  full-os-bse: low\n', 'Dockerfile': 'FROM debian:bookworm\nUSER root\n' });
    const r = await cli(['scan', repo, '-f', 'json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /rules\.full-os-bse: unknown rule id "full-os-bse" \(did you mean dockerfile\/full-os-base\?\)/);
    const ok = makeRepo({ '.shipshape.yml': 'rules:\n  run-as-root: off\n', 'Dockerfile': 'FROM debian:bookworm\nUSER root\n' });
    const r2 = await cli(['scan', ok, '-f', 'json']);
    assert.match(r2.stderr, /rules\.run-as-root taken as container\/run-as-root/);
    const ids = JSON.parse(r2.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(ids.includes('dockerfile/full-os-base') && !ids.includes('container/run-as-root'), ids.join(', '));
  });

  it('a rule switched on without the configuration it needs is a config error', async () => {
    const repo = makeRepo({ '.shipshape.yml': 'rules:\n  image/untrusted-registry: on\n', 'Dockerfile': 'FROM debian:12-slim\n' });
    const r = await cli(['scan', repo]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /rules\.image\/untrusted-registry: is enabled but options\.allowedRegistries is empty/);
    const ok = makeRepo({ '.shipshape.yml': 'rules:\n  image/untrusted-registry:\n    enabled: true\n    options: {allowedRegistries: ["ghcr.io/acme"]}\n', 'Dockerfile': 'FROM debian:12-slim\nUSER 10001\n' });
    const doc = JSON.parse((await cli(['scan', ok, '-f', 'json'])).stdout);
    assert.ok(doc.findings.some((f: { ruleId: string }) => f.ruleId === 'image/untrusted-registry'));
    // The key it had before it became the rule's option still works, with a notice.
    const legacy = makeRepo({ '.shipshape.yml': 'rules:\n  image/untrusted-registry: on\nimages:\n  allowedRegistries: ["ghcr.io/acme"]\n', 'Dockerfile': 'FROM debian:12-slim\nUSER 10001\n' });
    const l = await cli(['scan', legacy, '-f', 'json']);
    assert.match(l.stderr, /images\.allowedRegistries is now rules\.image\/untrusted-registry\.options\.allowedRegistries/);
    assert.deepEqual(JSON.parse(l.stdout).findings.map((f: { ruleId: string }) => f.ruleId), doc.findings.map((f: { ruleId: string }) => f.ruleId));
  });

  it('applies severity overrides and disabled rules; print-config shows the effective config', async () => {
    const repo = makeRepo({ '.shipshape.yml': 'rules:\n  core/parse-error: low\nfailOn: high\n', 'k8s/cm.yaml': BROKEN_YAML });
    const r = await cli(['scan', repo, '-f', 'json']);
    assert.equal(r.code, 0, 'a low finding does not fail at failOn: high');
    assert.equal(JSON.parse(r.stdout).findings[0].severity, 'low');
    const off = makeRepo({ '.shipshape.yml': 'rules:\n  core/parse-error: off\n', 'k8s/cm.yaml': BROKEN_YAML });
    assert.equal(JSON.parse((await cli(['scan', off, '-f', 'json'])).stdout).findings.length, 0);
    const pc = await cli(['print-config', repo]);
    assert.equal(pc.code, 0);
    const cfg = JSON.parse(pc.stdout);
    assert.equal(cfg.failOn, 'high');
    assert.equal(cfg.rules['core/parse-error'].severity, 'low');
    assert.match(cfg.source, /\.shipshape\.yml$/);
  });

  it('loads plugin rules from a local path and rejects broken plugins', async () => {
    const repo = makeRepo({
      '.shipshape.yml': 'plugins: ["./plugins/echo.mjs"]\n',
      'plugins/echo.mjs': SECRET_PLUGIN,
      'k8s/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: Tr0ub4dor-and-3\n',
    });
    const r = await cli(['scan', repo, '-f', 'json', '--allow-plugins']);
    const ids = JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(ids.includes('test/echo-secret'), r.stdout + r.stderr);
    assert.match(r.stderr, /loaded plugin \.\/plugins\/echo\.mjs \(1 rule: test\/echo-secret\)/);
    const fromPackage = makeRepo({
      '.shipshape.yml': 'plugins: ["@acme/shipshape-rules"]\n',
      'node_modules/@acme/shipshape-rules/package.json': '{"name": "@acme/shipshape-rules", "version": "1.0.0", "type": "module", "main": "index.js"}',
      'node_modules/@acme/shipshape-rules/index.js': SECRET_PLUGIN.replace('"test/echo-secret"', '"acme/echo-secret"'),
      'k8s/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: Tr0ub4dor-and-3\n',
    });
    const p = await cli(['scan', fromPackage, '-f', 'json'], { env: { SHIPSHAPE_ALLOW_PLUGINS: '1' } });
    assert.ok(JSON.parse(p.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'acme/echo-secret'), p.stderr);
    const broken = makeRepo({ '.shipshape.yml': 'plugins: ["./nope.mjs"]\n', 'a.yaml': CLEAN_YAML });
    const b = await cli(['scan', broken, '--allow-plugins']);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /plugin "\.\/nope\.mjs" not found/);
  });

  it('never imports plugins from the scanned repository unless the person running it allows it', async () => {
    const marker = join(makeRepo({}), 'plugin-ran');
    const evil = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\n${SECRET_PLUGIN}`;
    const repo = makeRepo({
      '.shipshape.yml': 'plugins: ["./plugins/echo.mjs"]\nrules:\n  test/echo-secret: low\n',
      'plugins/echo.mjs': evil,
      'Dockerfile': 'FROM debian:bookworm-slim\nUSER root\n',
    });
    for (const args of [['scan', repo, '-f', 'json'], ['baseline', repo, '-o', join(repo, 'b.json')], ['rules', '-c', join(repo, '.shipshape.yml')], ['print-config', repo], ['explain', 'echo-secret', '-c', join(repo, '.shipshape.yml')]]) {
      const r = await cli(args, { cwd: repo, env: { SHIPSHAPE_ALLOW_PLUGINS: '0' } });
      assert.ok(!existsSync(marker), `${args[0]} ran the plugin's code`);
      if (args[0] === 'explain') {
        assert.equal(r.code, 2, 'a refused plugin rule cannot be explained');
        continue;
      }
      assert.equal(r.code, args[0] === 'scan' ? 1 : 0, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /not loading plugin \.\/plugins\/echo\.mjs listed in .*\.shipshape\.yml: plugins run code from the scanned repository\. Pass --allow-plugins/, args[0]);
    }
    const scanned = JSON.parse((await cli(['scan', repo, '-f', 'json'], { cwd: repo })).stdout);
    assert.ok(scanned.findings.some((f: { ruleId: string }) => f.ruleId === 'container/run-as-root'), 'the built-in rules still ran');
    await cli(['scan', repo, '--allow-plugins'], { cwd: repo });
    assert.ok(existsSync(marker), 'with --allow-plugins the plugin is imported (the test above can fail)');
  });
});

describe('report formats', () => {
  it('JSON validates against docs/json-format.schema.json with root-relative / paths', async () => {
    const repo = makeRepo({ 'deploy/k8s/cm.yaml': BROKEN_YAML, 'deploy/k8s/ok.yaml': CLEAN_YAML, 'Dockerfile': 'FROM debian:12-slim\n' });
    const r = await cli(['scan', repo, '-f', 'json']);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(await validateJsonReport(doc), []);
    const parseError = doc.findings.find((f: { ruleId: string }) => f.ruleId === 'core/parse-error');
    assert.equal(parseError.location.path, 'deploy/k8s/cm.yaml');
    assert.equal(parseError.location.startLine, 7);
    assert.equal(doc.summary.artifacts.kubernetes, 1);
    assert.equal(doc.summary.artifacts.dockerfile, 1);
  });

  it('SARIF validates against the official schema and carries rules, regions and fingerprints', async () => {
    const repo = makeRepo({ 'deploy/k8s/cm.yaml': BROKEN_YAML });
    const r = await cli(['scan', repo, '-f', 'sarif']);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(await validateSarif(log), []);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'shipshape');
    const rule = run.tool.driver.rules[0];
    assert.equal(rule.id, 'core/parse-error');
    assert.ok(rule.help.markdown.includes('## How to fix'));
    assert.equal(rule.defaultConfiguration.level, 'error');
    const res = run.results[0];
    assert.equal(res.ruleIndex, 0);
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'deploy/k8s/cm.yaml');
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.equal(res.locations[0].physicalLocation.region.startLine, 7);
    assert.match(res.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}$/);
  });

  it('SARIF of the example repository validates and marks security rules', async () => {
    const r = await cli(['scan', 'examples/rust-service', '-f', 'sarif']);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(await validateSarif(log), []);
    assert.ok(log.runs[0].results.length > 0);
    for (const rule of log.runs[0].tool.driver.rules) {
      const sev = rule.properties['security-severity'];
      if (sev !== undefined) assert.ok(Number(sev) > 0 && Number(sev) <= 10, `${rule.id} security-severity is numeric`);
    }
  });

  it('SARIF links related locations from the message so GitHub shows them', async () => {
    const repo = makeRepo({
      'api/Dockerfile': 'FROM debian:12-slim\nCOPY app /app\nCMD ["/app"]\n',
      'api/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.0.0\n',
    });
    const log = JSON.parse((await cli(['scan', join(repo, 'api'), '-f', 'sarif'])).stdout);
    assert.deepEqual(await validateSarif(log), []);
    const res = log.runs[0].results.find((r: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.ruleId === 'container/run-as-root' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'deploy.yaml');
    assert.ok(res, 'the pod finding exists');
    assert.equal(res.relatedLocations[0].physicalLocation.artifactLocation.uri, 'Dockerfile');
    assert.match(res.message.text, /Related: \[Dockerfile:1\]\(1\)\.$/);
  });

  it('writes to --output and prints the summary to stderr', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': BROKEN_YAML });
    const out = join(repo, 'report.sarif');
    const r = await cli(['scan', repo, '-f', 'sarif', '-o', out]);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /1 finding/);
    assert.deepEqual(await validateSarif(JSON.parse(readFileSync(out, 'utf8'))), []);
  });

  it('terminal output: grouped, code frame, fix hint, summary; colour only on a TTY without NO_COLOR', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': BROKEN_YAML });
    const r = await cli(['scan', repo]);
    assert.match(r.stdout, /^k8s\/cm\.yaml$/m);
    assert.match(r.stdout, /> 7 \|   k: w/);
    assert.match(r.stdout, /fix: Fix the syntax error/);
    assert.match(r.stdout, /1 finding \(1 high\) · 1 file scanned/);
    assert.ok(!r.stdout.includes('\u001b['), 'no colour when not a TTY');
    const tty = await cli(['scan', repo], { tty: true });
    assert.ok(tty.stdout.includes('\u001b['), 'colour on a TTY');
    const noColor = await cli(['scan', repo], { tty: true, env: { NO_COLOR: '1' } });
    assert.ok(!noColor.stdout.includes('\u001b['), 'NO_COLOR wins');
  });

  it('masks secret values in every format', async () => {
    const repo = makeRepo({
      '.shipshape.yml': 'plugins: ["./echo.mjs"]\n',
      'echo.mjs': SECRET_PLUGIN,
      'k8s/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: Tr0ub4dor-and-3-horses\n',
    });
    for (const format of ['terminal', 'json', 'sarif']) {
      const r = await cli(['scan', repo, '-f', format, '--allow-plugins']);
      assert.ok(r.stdout.includes('Tr0u****'), `${format} shows the masked form`);
      assert.ok(!r.stdout.includes('Tr0ub4dor-and-3-horses'), `${format} never shows the secret`);
    }
  });

  it('strips terminal control characters quoted from scanned files', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n  k: "\u001b[2J\u001b]0;pwned\u0007\u202eevil"\n` });
    const r = await cli(['scan', repo]);
    assert.match(r.stdout, /core\/parse-error/);
    assert.ok(!/[\u001b\u0007\u202e]/.test(r.stdout), 'no ESC, BEL or bidi override reaches the terminal');
  });
});

describe('suppressions', () => {
  const suppressed = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n  # shipshape-ignore core/parse-error -- generated by a legacy tool\n  k: w\n';

  it('suppressed findings stay in JSON with their reason and never fail the run', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': suppressed });
    const r = await cli(['scan', repo, '-f', 'json']);
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.findings.length, 1);
    assert.equal(doc.findings[0].suppressed, true);
    assert.deepEqual(doc.findings[0].suppression, { kind: 'inline', reason: 'generated by a legacy tool' });
    assert.equal(doc.summary.suppressed, 1);
    assert.equal(doc.summary.bySeverity.high, 0);
  });

  it('SARIF leaves suppressed results out unless --include-suppressed', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': suppressed, 'k8s/other.yaml': BROKEN_YAML });
    const plain = JSON.parse((await cli(['scan', repo, '-f', 'sarif'])).stdout);
    assert.equal(plain.runs[0].results.length, 1);
    assert.equal(plain.runs[0].results[0].suppressions, undefined);
    const all = JSON.parse((await cli(['scan', repo, '-f', 'sarif', '--include-suppressed'])).stdout);
    assert.deepEqual(await validateSarif(all), []);
    assert.equal(all.runs[0].results.length, 2);
    const kinds = all.runs[0].results.map((r: { suppressions: unknown[] }) => r.suppressions.length).sort();
    assert.deepEqual(kinds, [0, 1], 'every result carries suppressions once any does');
  });

  it('--no-inline-ignores disables them; unused ones are reported as info', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': suppressed });
    assert.equal((await cli(['scan', repo, '--no-inline-ignores'])).code, 1);
    const stale = makeRepo({ 'k8s/cm.yaml': CLEAN_YAML.replace('k: v', 'k: v # shipshape-ignore container/privileged -- old') });
    const r = JSON.parse((await cli(['scan', stale, '-f', 'json'])).stdout);
    assert.deepEqual(r.findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity]), [['core/unused-suppression', 'info']]);
    assert.match(r.findings[0].message, /suppresses nothing: no container\/privileged finding here/);
  });

  it('an ignore naming an unknown rule says so; one without the domain prefix works', async () => {
    const repo = makeRepo({
      'Dockerfile': 'FROM debian:bookworm-slim\n# shipshape-ignore image/run-as-rot -- typo\nUSER root\n',
      'svc/Dockerfile': 'FROM debian:bookworm-slim\n# shipshape-ignore run-as-root -- gosu drops privileges\nUSER root\n',
    });
    const r = JSON.parse((await cli(['scan', repo, '-f', 'json'])).stdout);
    const unused = r.findings.filter((f: { ruleId: string }) => f.ruleId === 'core/unused-suppression');
    assert.equal(unused.length, 1, JSON.stringify(unused));
    assert.equal(unused[0].location.path, 'Dockerfile');
    assert.match(unused[0].message, /names unknown rule id "image\/run-as-rot" \(did you mean container\/run-as-root\?\)/);
    const root = r.findings.filter((f: { ruleId: string; suppressed: boolean }) => f.ruleId === 'container/run-as-root');
    assert.deepEqual(root.map((f: { location: { path: string }; suppressed: boolean }) => [f.location.path, f.suppressed]).sort(), [['Dockerfile', false], ['svc/Dockerfile', true]]);
  });

  it('a Kubernetes annotation suppresses findings in its resource only, from metadata or the pod template', async () => {
    const pod = (name: string, annotations: string, templateAnnotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${annotations}spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata:
      labels: {app: ${name}}
${templateAnnotations}    spec:
      containers:
        - name: app
          image: ghcr.io/acme/${name}:1.0.0
          securityContext: {privileged: true}
`;
    const yaml = [
      pod('node-agent', '  annotations:\n    shipshape.dev/ignore: "container/privileged -- needs the host network stack; image/no-digest"\n'),
      pod('other', ''),
      pod('from-template', '', '      annotations:\n        shipshape.dev/ignore: "container/privileged -- set by the chart"\n'),
    ].join('---\n');
    const r = JSON.parse((await cli(['scan', makeRepo({ 'k8s/agents.yaml': yaml }), '-f', 'json'])).stdout);
    type F = { ruleId: string; suppressed: boolean; suppression?: { kind: string; reason: string }; message: string };
    const privileged = (r.findings as F[]).filter((f) => f.ruleId === 'container/privileged');
    assert.equal(privileged.length, 3);
    const byName = (n: string) => privileged.find((f) => f.message.includes(n))!;
    assert.deepEqual(byName('node-agent').suppression, { kind: 'annotation', reason: 'needs the host network stack' });
    assert.equal(byName('Deployment other').suppressed, false, 'the neighbouring resource is not covered');
    assert.equal(byName('from-template').suppression?.reason, 'set by the chart');
  });

  it('a shipshape-ignore comment above a Dockerfile instruction suppresses it', async () => {
    const repo = makeRepo({ 'Dockerfile': 'FROM debian:12-slim\n# shipshape-ignore container/run-as-root -- the entrypoint drops privileges with setpriv\nUSER root\nCMD ["/app"]\n' });
    const r = JSON.parse((await cli(['scan', repo, '-f', 'json'])).stdout);
    const root = r.findings.find((f: { ruleId: string }) => f.ruleId === 'container/run-as-root');
    assert.equal(root.suppressed, true);
    assert.equal(root.location.startLine, 3);
  });
});

describe('baseline', () => {
  it('survives unrelated edits that shift lines, and reports only new findings', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': BROKEN_YAML });
    const baseline = join(repo, 'baseline.json');
    const w = await cli(['baseline', repo, '-o', baseline]);
    assert.equal(w.code, 0, w.stderr);
    assert.equal(JSON.parse(readFileSync(baseline, 'utf8')).findings.length, 1);
    // Shift every line down and add a new, different problem.
    writeFileSync(join(repo, 'k8s/cm.yaml'), `# owned by the platform team\n# see runbook\n${BROKEN_YAML}`);
    writeFileSync(join(repo, 'k8s/new.yaml'), BROKEN_YAML.replace(/k: w/, 'j: 1\n  j: 2'));
    const r = await cli(['scan', repo, '--baseline', baseline, '-f', 'json']);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.findings.map((f: { location: { path: string } }) => f.location.path), ['k8s/new.yaml']);
    assert.equal(doc.summary.baselined, 1);
  });

  it('a malformed baseline is a usage error', async () => {
    const repo = makeRepo({ 'a.yaml': CLEAN_YAML, 'b.json': '{"findings": 3}' });
    const r = await cli(['scan', repo, '--baseline', join(repo, 'b.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /baseline .*b\.json: expected \{"version": 1/);
  });
});

describe('rules, explain, file lists', () => {
  it('rules --format json lists every rule with metadata', async () => {
    const r = await cli(['rules', '--format', 'json']);
    const rules = JSON.parse(r.stdout);
    const ids = rules.map((x: { id: string }) => x.id);
    assert.ok(ids.includes('core/parse-error'));
    for (const x of rules) for (const k of ['title', 'severity', 'domain', 'description', 'rationale', 'remediation', 'references', 'helpUri']) assert.ok(x[k] !== undefined, `${x.id}.${k}`);
  });

  it('explain prints documentation; unknown ids exit 2', async () => {
    const r = await cli(['explain', 'core/parse-error']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /core\/parse-error — File could not be parsed \[high\]/);
    assert.equal((await cli(['explain', 'nope/nope'])).code, 2);
  });

  it('scans files outside the current directory relative to their common folder', async () => {
    const repo = makeRepo({ 'svc/a/cm.yaml': BROKEN_YAML, 'svc/b/cm.yaml': BROKEN_YAML });
    const r = await cli(['scan', join(repo, 'svc/a/cm.yaml'), join(repo, 'svc/b/cm.yaml'), '-f', 'json'], { cwd: PROJECT_ROOT });
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.summary.filesScanned, 2);
    assert.deepEqual(doc.findings.map((f: { location: { path: string } }) => f.location.path).sort(), ['a/cm.yaml', 'b/cm.yaml']);
  });

  it('scans only the files it is given (pre-commit)', async () => {
    const repo = makeRepo({ 'a/cm.yaml': BROKEN_YAML, 'b/cm.yaml': BROKEN_YAML });
    const r = await cli(['scan', 'a/cm.yaml', '-f', 'json'], { cwd: repo });
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.findings.map((f: { location: { path: string } }) => f.location.path), ['a/cm.yaml']);
    assert.equal(doc.summary.filesScanned, 1);
  });
});

describe('discovery', () => {
  // Helm templates are rendered (test/helm-render.test.ts); other templated YAML is listed as not evaluated.
  it('renders Helm templates, does not evaluate other templated YAML, and counts it', async () => {
    const repo = makeRepo({
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n',
      'chart/values.yaml': 'image:\n  tag: 1.0.0\n',
      'chart/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  tag: {{ .Values.image.tag | quote }}\n',
      '.circleci/config.yml': 'version: 2.1\njobs:\n  build:\n    steps:\n      - restore_cache:\n          key: v1-{{ checksum "Cargo.lock" }}\n',
      'ansible/deploy.yml': '- hosts: web\n  tasks:\n    - name: render\n      template: {src: "{{ item }}", dest: /etc/app}\n      when: "{% if x %}y{% endif %}"\n',
    });
    const doc = JSON.parse((await cli(['scan', repo, '-f', 'json'])).stdout);
    assert.equal(doc.summary.notEvaluated, 2);
    assert.deepEqual(doc.findings, [], 'nothing is reported from unrendered files (nor from the clean chart)');
    const reasons = doc.notes.map((n: { path: string; reason: string }) => `${n.path}: ${n.reason}`).sort();
    assert.deepEqual(reasons, [
      '.circleci/config.yml: not evaluated: CircleCI config with {{ }} template keys: not a deployment artifact shipshape evaluates',
      'ansible/deploy.yml: not evaluated: Jinja-templated YAML (Ansible, Salt): not rendered',
    ]);
    const text = (await cli(['scan', repo])).stdout;
    assert.match(text, /^  CircleCI config with \{\{ \}\} template keys: .*: \.circleci\/config\.yml$/m);
    assert.ok(!/CircleCI.*Helm|Helm.*circleci/.test(text), 'the CircleCI config is not called a Helm template');
    assert.equal(doc.summary.artifacts['helm-chart'], 1);
  });

  it('--include and --exclude filter paths with globs', async () => {
    const repo = makeRepo({ 'a/cm.yaml': BROKEN_YAML, 'b/cm.yaml': BROKEN_YAML, 'c/cm.yaml': BROKEN_YAML });
    const ex = JSON.parse((await cli(['scan', repo, '-f', 'json', '--exclude', 'b/**'])).stdout);
    assert.deepEqual(ex.findings.map((f: { location: { path: string } }) => f.location.path), ['a/cm.yaml', 'c/cm.yaml']);
    const inc = JSON.parse((await cli(['scan', repo, '-f', 'json', '--include', 'c/**'])).stdout);
    assert.deepEqual(inc.findings.map((f: { location: { path: string } }) => f.location.path), ['c/cm.yaml']);
  });
});

describe('migrations through the CLI', () => {
  const SQLX = '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nsqlx = { version = "0.7", features = ["postgres", "migrate"] }\n';

  it('-- shipshape-ignore suppresses a finding in SQL', async () => {
    const repo = makeRepo({
      'Cargo.toml': SQLX,
      'migrations/20240101000000_flags.sql': '-- shipshape-ignore migrations/create-index-not-concurrent, migrations/missing-lock-timeout -- feature_flags has 40 rows\nCREATE INDEX feature_flags_name_idx ON feature_flags (name);\n',
    });
    const doc = JSON.parse((await cli(['scan', repo, '-f', 'json'])).stdout);
    const idx = doc.findings.filter((f: { ruleId: string }) => f.ruleId === 'migrations/create-index-not-concurrent');
    assert.equal(idx.length, 1);
    assert.deepEqual(idx[0].suppression, { kind: 'inline', reason: 'feature_flags has 40 rows' });
    assert.equal(idx[0].location.startLine, 2);
  });

  it('--base REF compares with git: an edited applied migration is critical; an unknown ref exits 2', async () => {
    const repo = makeRepo({ 'Cargo.toml': SQLX, 'migrations/20240101000000_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n' });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'init');
    writeFileSync(join(repo, 'migrations/20240101000000_users.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n');
    const doc = JSON.parse((await cli(['scan', repo, '--base', 'HEAD', '-f', 'json'])).stdout);
    const edited = doc.findings.find((f: { ruleId: string }) => f.ruleId === 'migrations/modified-after-merge');
    assert.ok(edited, JSON.stringify(doc.findings));
    assert.equal(edited.severity, 'critical');
    assert.equal(edited.location.path, 'migrations/20240101000000_users.sql');
    const bad = await cli(['scan', repo, '--base', 'no-such-ref']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--base no-such-ref/);
    assert.equal(bad.stderr.split('--base no-such-ref').length, 2, `the prefix appears once: ${bad.stderr}`);
  });
  it('--new-migrations-only judges only migrations added or changed since --base, and needs --base', async () => {
    const old = 'CREATE INDEX users_email_idx ON users (email);\n';
    const repo = makeRepo({ 'Cargo.toml': SQLX, 'migrations/20240101000000_users.sql': old, Dockerfile: 'FROM debian:12.5\nCMD ["/app"]\n' });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'init');
    writeFileSync(join(repo, 'migrations/20240301000000_orders.sql'), 'CREATE INDEX orders_user_idx ON users (id);\n');
    const paths = (d: { findings: Array<{ ruleId: string; location: { path: string } }> }) => [...new Set(d.findings.filter((f) => f.ruleId.startsWith('migrations/')).map((f) => f.location.path))].sort();

    const all = JSON.parse((await cli(['scan', repo, '--base', 'HEAD', '-f', 'json'])).stdout);
    assert.deepEqual(paths(all), ['migrations/20240101000000_users.sql', 'migrations/20240301000000_orders.sql']);
    const r = await cli(['scan', repo, '--base', 'HEAD', '--new-migrations-only', '-f', 'json']);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(paths(doc), ['migrations/20240301000000_orders.sql']);
    assert.ok(doc.summary.unchangedSinceBase > 0);
    assert.ok(doc.findings.some((f: { location: { path: string } }) => f.location.path === 'Dockerfile'), 'other domains are judged as before');
    assert.deepEqual(await validateJsonReport(doc), []);
    // The same through config.
    writeFileSync(join(repo, '.shipshape.yml'), 'migrations:\n  onlyChanged: true\n');
    assert.deepEqual(paths(JSON.parse((await cli(['scan', repo, '--base', 'HEAD', '-f', 'json'])).stdout)), ['migrations/20240301000000_orders.sql']);
    const noBase = await cli(['scan', repo, '-f', 'json']);
    assert.match(noBase.stderr, /migrations\.onlyChanged has no effect without --base REF/);
    assert.deepEqual(paths(JSON.parse(noBase.stdout)), paths(all));

    const usage = await cli(['scan', repo, '--new-migrations-only']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--new-migrations-only: needs --base REF/);
    const badKey = makeRepo({ '.shipshape.yml': 'migrations:\n  onlyChanged: "yes"\n', 'a.yaml': 'x: 1\n' });
    const bad = await cli(['scan', badKey]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /migrations\.onlyChanged: expected boolean; got "yes"/);
  });
});

describe('--summary', () => {
  it('prints only the per-rule and per-directory summary, and is for the terminal format only', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`services/svc${i}/Dockerfile`] = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n';
    files['tools/Dockerfile'] = 'FROM debian:bookworm-slim\nUSER root\n';
    const repo = makeRepo(files);
    const full = await cli(['scan', repo]);
    const r = await cli(['scan', repo, '--summary']);
    assert.equal(r.code, full.code);
    assert.ok(r.stdout.length < full.stdout.length / 3, 'much shorter than the full report');
    assert.ok(!r.stdout.includes('fix:') && !r.stdout.includes(' | '), 'no fix paragraphs or code frames');
    assert.match(r.stdout, /dockerfile\/apt-no-install-recommends/);
    assert.match(r.stdout, /^  +72  services\/$/m);
    assert.match(r.stdout, /findings? \(/);
    const bad = await cli(['scan', repo, '--summary', '-f', 'json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--summary shapes the terminal report/);
  });
});

describe('fix text', () => {
  it('compose findings are told the compose fix, Kubernetes findings the Kubernetes one', async () => {
    const repo = makeRepo({
      'docker-compose.yml': 'services:\n  api:\n    image: ghcr.io/acme/api:1.0\n    privileged: true\n    read_only: true\n    cap_drop: [ALL]\n    user: "10001"\n',
      'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ghcr.io/acme/c:1.0\n      securityContext:\n        privileged: true\n',
    });
    const doc = JSON.parse((await cli(['scan', repo, '-f', 'json'])).stdout);
    const fixOf = (path: string) => doc.findings.find((f: { ruleId: string; location: { path: string } }) => f.ruleId === 'container/privileged' && f.location.path === path)?.fix as string;
    assert.match(fixOf('docker-compose.yml'), /from the service.*cap_add/);
    assert.ok(!/capabilities\.add|securityContext/.test(fixOf('docker-compose.yml')), fixOf('docker-compose.yml'));
    assert.match(fixOf('k8s/pod.yaml'), /capabilities\.add/);
    const text = (await cli(['scan', repo])).stdout;
    assert.match(text, /fix: Remove `privileged: true` from the service\./);
  });
});

describe('flags', () => {
  it('an --include that matches nothing exits 2 naming the pattern, instead of a green "0 files scanned"', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': CLEAN_YAML });
    const r = await cli(['scan', repo, '--include', 'k8z/**']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--include "k8z\/\*\*" matched no file/);
    const ok = await cli(['scan', repo, '--include', 'k8s/**', '--include', 'nothing/**'], { cwd: repo });
    assert.equal(ok.code, 2, 'one pattern of two matching nothing is still an error');
    assert.match(ok.stderr, /"nothing\/\*\*"/);
    assert.ok(!ok.stderr.includes('"k8s/**"'), ok.stderr);
    assert.equal((await cli(['scan', repo, '--include', 'k8s/**'])).code, 0);
  });

  it('baseline rejects the flags that only shape a report or the gate', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': CLEAN_YAML });
    for (const flags of [['-f', 'sarif'], ['--fail-on', 'low'], ['--baseline', 'x.json'], ['--include-suppressed']]) {
      const r = await cli(['baseline', repo, ...flags, '-o', join(repo, 'b.json')]);
      assert.equal(r.code, 2, flags.join(' '));
      assert.match(r.stderr, new RegExp(`baseline: ${flags[0]!.startsWith('--') ? flags[0] : '--format'} does not apply`), r.stderr);
      assert.ok(!existsSync(join(repo, 'b.json')));
    }
  });

  it('--max-file-size takes the units the config takes', async () => {
    const repo = makeRepo({ 'k8s/cm.yaml': CLEAN_YAML });
    for (const size of ['10MiB', '512KiB', '2048', '1.5 MB']) assert.equal((await cli(['scan', repo, '--max-file-size', size])).code, 0, size);
    const bad = await cli(['scan', repo, '--max-file-size', '10 parsecs']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-file-size: expected a positive size in bytes, optionally with a unit .*; got "10 parsecs"/);
  });

  it('an unknown option points to --help and to -- for file names', async () => {
    const r = await cli(['scan', '--frobnicate']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'shipshape: unknown option --frobnicate. Run `shipshape --help` for the options; put file names that start with "-" after --.\n');
  });

  it('explain suggests the closest id and takes an id without its domain', async () => {
    const short = await cli(['explain', 'run-as-root']);
    assert.equal(short.code, 0, short.stderr);
    assert.match(short.stdout, /container\/run-as-root/);
    const typo = await cli(['explain', 'image/run-as-rot']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown rule id "image\/run-as-rot" \(did you mean container\/run-as-root\?\)/);
  });
});

describe('rules renamed out of image/ (former ids)', () => {
  const files = {
    Dockerfile: 'FROM debian:12.5\nRUN echo hi\nCMD ["/app"]\n',
    // mem_limit keeps resources/compose-no-limits (a rule that never had another id) out of this baseline test.
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    mem_limit: 256m\n',
  };
  // Written by shipshape at 01ae632, before the domain split, for exactly `files`.
  const OLD_BASELINE = {
    version: 1,
    tool: 'shipshape 0.1.0',
    findings: [
      { fingerprint: '81ee641da207421602198b18fe7dcb3f', ruleId: 'image/full-os-base', path: 'Dockerfile' },
      { fingerprint: '8b050d0bc9599aae595b695c335014d1', ruleId: 'image/no-digest', path: 'Dockerfile' },
      { fingerprint: '39a15a206c909f217f47a22f5c6d3e51', ruleId: 'image/run-as-root', path: 'Dockerfile' },
      { fingerprint: 'd7d3ce4960aea3313a1a3e7726c224d4', ruleId: 'image/no-digest', path: 'compose.yaml' },
      { fingerprint: 'cc459c48e9306b26f04778ed2f981d2d', ruleId: 'image/privilege-escalation', path: 'compose.yaml' },
      { fingerprint: '90e2ae5099fc1fba22a0f7c96b3c547b', ruleId: 'image/privileged', path: 'compose.yaml' },
      { fingerprint: 'edd756bbb29ba76c2731280e369ce91d', ruleId: 'image/run-as-root', path: 'compose.yaml' },
      { fingerprint: '17b09afd41d7d422ea7233b1aac1163b', ruleId: 'image/writable-root-filesystem', path: 'compose.yaml' },
    ],
  };

  it('a baseline written with the old ids still matches every finding', async () => {
    const repo = makeRepo({ ...files, 'old.json': JSON.stringify(OLD_BASELINE) });
    const r = await cli(['scan', repo, '--baseline', join(repo, 'old.json'), '-f', 'json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.summary.baselined, 8);
    assert.deepEqual(doc.findings, []);
  });

  it('config keys and inline suppressions written with the old ids keep working, config with a notice', async () => {
    const repo = makeRepo({
      ...files,
      Dockerfile: '# shipshape-ignore image/run-as-root -- drops privileges in the entrypoint\nFROM debian:12.5\nRUN echo hi\nCMD ["/app"]\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    # shipshape-ignore image/* -- a lab box\n    privileged: true\n',
      '.shipshape.yml': 'rules:\n  image/full-os-base: info\n  image/writable-root-filesystem: off\n',
    });
    const r = await cli(['scan', repo, '-f', 'json']);
    assert.match(r.stderr, /rule image\/full-os-base is now dockerfile\/full-os-base; the old id keeps working/);
    const doc = JSON.parse(r.stdout);
    const by = (id: string) => doc.findings.filter((f: { ruleId: string }) => f.ruleId === id);
    assert.equal(by('dockerfile/full-os-base')[0].severity, 'info');
    assert.deepEqual(by('container/writable-root-filesystem'), []);
    const dockerRoot = by('container/run-as-root').find((f: { location: { path: string } }) => f.location.path === 'Dockerfile');
    assert.equal(dockerRoot.suppressed, true, 'image/run-as-root names container/run-as-root');
    const privileged = by('container/privileged')[0];
    assert.equal(privileged.suppressed, true, 'image/* covers rules that left image/');
    assert.deepEqual(by('core/unused-suppression'), []);
  });

  it('`rules --format json` lists formerIds, status and the entities each rule reads; explain accepts an old id', async () => {
    const list = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as Array<{ id: string; formerIds: string[]; status: string; reads: string[] }>;
    const root = list.find((r) => r.id === 'container/run-as-root')!;
    assert.deepEqual(root.formerIds, ['image/run-as-root']);
    assert.equal(root.status, 'stable');
    assert.deepEqual(root.reads, ['imageBuilds', 'workloads']);
    assert.deepEqual(list.find((r) => r.id === 'image/unpinned-tag')!.formerIds, []);
    const explain = await cli(['explain', 'image/sudo']);
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /^dockerfile\/sudo/m);
  });
});
