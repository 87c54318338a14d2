import { defineRule } from '../../src/engine/rule.js';
import { allActivities, commandStartsWith, type StepActivity } from '../../src/model/pipeline-steps.js';
import { fileStart } from '../../src/model/location.js';

const AUDIT_COMMANDS = ['cargo audit', 'cargo-audit', 'cargo deny', 'cargo-deny', 'cargo vet', 'npm audit', 'pnpm audit', 'yarn audit', 'yarn npm audit', 'govulncheck', 'osv-scanner', 'trivy fs', 'trivy repo', 'trivy filesystem', 'snyk test', 'grype dir:', 'cargo auditable audit'];
const AUDIT_ACTIONS = ['rustsec/audit-check', 'actions-rust-lang/audit', 'embarkstudios/cargo-deny-action', 'google/osv-scanner-action', 'golang/govulncheck-action', 'actions/dependency-review-action', 'snyk/actions', 'aquasecurity/trivy-action'];

export default defineRule({
  id: 'ci/missing-dependency-audit',
  title: 'No workflow audits dependencies for known vulnerabilities',
  severity: 'medium',
  status: 'preview',
  description:
    'The repository has Rust, npm or Go dependencies (Cargo.toml, package-lock.json, go.mod) and GitHub Actions workflows, but no workflow runs a vulnerability audit (`cargo audit`, `cargo deny check`, `npm audit`, `govulncheck`, `osv-scanner`, `trivy fs`, or their actions).',
  rationale:
    'New advisories are published against dependencies you already ship every week; without an audit in CI nobody hears of them until a scanner elsewhere, or an attacker, does. Repositories without GitHub workflows (CI elsewhere) are not judged, and an audit behind a task runner (`make check-deny`, `just audit`) counts.',
  remediation:
    'Add a scheduled and per-PR job: `cargo deny check advisories` (or `cargo audit`), `npm audit --omit=dev`, `govulncheck ./...`, or `osv-scanner -r .`; `actions/dependency-review-action` covers pull requests.',
  references: ['https://rustsec.org/', 'https://github.com/EmbarkStudios/cargo-deny', 'https://go.dev/doc/security/vuln/'],
  tags: ['security', 'supply-chain', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow', 'cargo'],
  security: true,
  example: {
    language: 'toml',
    path: 'Cargo.toml',
    bad: '[package]\nname = "app"\nversion = "0.1.0"\n',
    good: '[package]\nname = "app"\nversion = "0.1.0"\n',
    context: { '.github/workflows/ci.yml': 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: cargo test --locked\n' },
    goodContext: {
      '.github/workflows/ci.yml': 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: cargo test --locked\n      - run: cargo install --locked cargo-deny@0.16.2 && cargo deny check advisories\n',
    },
  },
  check(ctx) {
    const workflows = ctx.model.pipelines.filter((p) => p.kind === 'workflow');
    if (workflows.length === 0) return;
    const acts = allActivities(ctx.model);
    if (acts.some(audits)) return;
    for (const name of ['Cargo.toml', 'package-lock.json', 'go.mod']) {
      const paths = [...(ctx.model.pathsByName.get(name) ?? [])].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
      const first = paths[0];
      if (!first) continue;
      const ecosystem = name === 'Cargo.toml' ? 'Rust crates' : name === 'go.mod' ? 'Go modules' : 'npm packages';
      ctx.report({
        at: fileStart(first),
        message: `${first} declares ${ecosystem}${paths.length > 1 ? ` (and ${paths.length - 1} more manifests)` : ''}, but no workflow runs a dependency audit (${workflows.length} checked): new advisories against what you ship go unnoticed. Add \`${name === 'Cargo.toml' ? 'cargo deny check advisories' : name === 'go.mod' ? 'govulncheck ./...' : 'npm audit'}\` or \`osv-scanner\` to CI.`,
        key: `dependency-audit ${name}`,
      });
    }
  },
});

function audits(a: StepActivity): boolean {
  if (a.uses && AUDIT_ACTIONS.some((x) => a.uses === x || a.uses!.startsWith(x + '/'))) {
    if (a.uses === 'aquasecurity/trivy-action') return ['fs', 'repo', 'filesystem'].includes(a.step.with['scan-type']?.value.trim() ?? '');
    return true;
  }
  return a.commands.some((c) => AUDIT_COMMANDS.some((w) => commandStartsWith(c.text, w) || c.text.startsWith(w)) || runsAuditTarget(c.text));
}

const TASK_RUNNERS = ['make', 'just', 'task', 'cargo make', 'cargo xtask', 'npm run', 'pnpm run', 'yarn run', 'nox -s', 'tox -e'];
const AUDIT_WORDS = ['audit', 'deny', 'vuln', 'osv', 'advisor'];

/** `make check-deny`, `just audit`, `cargo xtask audit`: an audit behind a task runner (vector runs cargo-deny as `make check-deny`). */
function runsAuditTarget(text: string): boolean {
  const runner = TASK_RUNNERS.find((r) => commandStartsWith(text, r));
  if (!runner) return false;
  const targets = text.slice(runner.length).trim().split(' ').filter((w) => w && !w.startsWith('-'));
  return targets.some((t) => AUDIT_WORDS.some((w) => t.toLowerCase().includes(w)));
}
