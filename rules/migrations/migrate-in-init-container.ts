import { defineRule } from '../../src/engine/rule.js';

/** argv patterns of migration runners: each entry is a sequence of words that must appear in order. */
const PATTERNS: Array<{ tool: string; words: string[] }> = [
  { tool: 'sqlx', words: ['sqlx', 'migrate', 'run'] },
  { tool: 'diesel', words: ['diesel', 'migration', 'run'] },
  { tool: 'refinery', words: ['refinery', 'migrate'] },
  { tool: 'flyway', words: ['flyway', 'migrate'] },
  { tool: 'golang-migrate', words: ['migrate', 'up'] },
  { tool: 'goose', words: ['goose', 'up'] },
  { tool: 'dbmate', words: ['dbmate', 'up'] },
  { tool: 'dbmate', words: ['dbmate', 'migrate'] },
];

/** Words of the command line, shell `-c` strings split on blanks and separators, program paths reduced to their name. */
function words(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    for (const w of a.split(/[\s;&|()]+/)) {
      if (!w) continue;
      out.push(w.slice(w.lastIndexOf('/') + 1).toLowerCase());
    }
  }
  return out;
}

export function migrationTool(argv: string[]): string | undefined {
  const ws = words(argv);
  for (const p of PATTERNS) {
    // The words must appear in order, starting at a command word (the program name).
    for (let i = 0; i < ws.length; i++) {
      if (ws[i] !== p.words[0]) continue;
      let j = i + 1;
      let k = 1;
      for (; j < ws.length && k < p.words.length && j - i <= 12; j++) if (ws[j] === p.words[k]) k++;
      if (k === p.words.length) return p.tool;
    }
  }
  return undefined;
}

export default defineRule({
  id: 'migrations/migrate-in-init-container',
  title: 'Migrations run in an init container of a replicated workload',
  severity: 'medium',
  status: 'stable',
  description:
    'Finds Deployments/StatefulSets with more than one replica (or an HPA) whose init container runs database migrations (`sqlx migrate run`, `diesel migration run`, `refinery migrate`, `flyway migrate`, `migrate ... up`, `goose up`, `dbmate up`).',
  rationale:
    'Every new pod runs the init container, so several pods run the migrations concurrently during a rollout (relying on the runner\'s lock at best), and a failing migration leaves pods stuck in Init:CrashLoopBackOff, blocking the rollout instead of failing it once.',
  remediation: 'Run migrations once per release: a Kubernetes Job (e.g. an Argo CD PreSync or Helm pre-upgrade hook) that must succeed before the Deployment rolls out.',
  references: ['https://kubernetes.io/docs/concepts/workloads/controllers/job/', 'https://helm.sh/docs/topics/charts_hooks/'],
  tags: ['kubernetes', 'migrations', 'rollout'],
  reads: ['workloads', 'migrations'],
  kinds: ['kubernetes'],
  example: {
    language: 'yaml',
    path: 'k8s/api.yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      initContainers:\n        - name: migrate\n          image: ghcr.io/acme/api-migrate:1.4.2\n          command: ["sqlx", "migrate", "run"]\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n',
    good: '# migrations run once per release, in a Job that must succeed first\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: api-migrate\n  annotations: { argocd.argoproj.io/hook: PreSync }\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: ghcr.io/acme/api-migrate:1.4.2\n          command: ["sqlx", "migrate", "run"]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n',
  },
  check(ctx) {
    for (const w of ctx.model.workloads ?? []) {
      if (w.platform !== 'kubernetes') continue;
      const replicas = w.replicas?.value;
      const scaled = (typeof replicas === 'number' && replicas > 1) || (w.hpas?.length ?? 0) > 0;
      if (!scaled) continue;
      for (const c of w.initContainers ?? []) {
        const argv = [...(c.command?.value ?? []), ...(c.args?.value ?? [])];
        const tool = migrationTool(argv);
        if (!tool) continue;
        const why = w.hpas?.length ? `is scaled by HorizontalPodAutoscaler ${w.hpas[0]!.name}` : `runs ${replicas} replicas`;
        ctx.report({
          at: c.location,
          message:
            `Init container "${c.name}" of ${w.kind}/${w.name} runs ${tool} migrations, and the workload ${why}: every new pod runs them concurrently during a rollout, and a failing migration leaves pods stuck in Init instead of failing the release once. ` +
            `Run migrations in a Job that completes before the rollout (Helm pre-upgrade hook or Argo CD PreSync hook).`,
          key: `${w.id} initContainers[${c.name}] migrations`,
        });
      }
    }
  },
});
