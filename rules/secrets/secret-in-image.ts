import { defineRule } from '../../src/engine/rule.js';
import { isExampleFile, isSecretPositionName } from '../../src/model/secret-facts.js';
import type { BuildStage, Location } from '../../src/model/types.js';

/** `.env`, `id_rsa`, `*.pem`, `.aws/`: files that hold credentials by convention. */
function secretFile(source: string): string | undefined {
  let p = source;
  while (p.endsWith('/')) p = p.slice(0, -1);
  const base = p.slice(p.lastIndexOf('/') + 1).toLowerCase();
  if (isExampleFile(base)) return undefined;
  if (base === '.env' || base.startsWith('.env.')) return 'an environment file';
  if (/^id_(rsa|dsa|ecdsa|ed25519)$/.test(base)) return 'an SSH private key';
  if (/\.(pem|key|p12|pfx|jks|keystore)$/.test(base)) return 'a key or certificate store';
  if (base === 'credentials.json' || base === 'service-account.json' || base === 'gcloud-service-key.json') return 'a cloud credentials file';
  if (base === '.npmrc' || base === '.pypirc' || base === '.netrc' || base === '.git-credentials') return 'a registry credentials file';
  if (base === '.aws' || base === '.ssh' || base === '.kube' || base === '.gnupg') return `the ${base} directory`;
  if (p.toLowerCase().endsWith('.docker/config.json')) return 'a Docker registry credentials file';
  return undefined;
}

/** `$NAME` or `${NAME...}` with NAME not followed by another name character. */
function references(script: string, name: string): boolean {
  for (const prefix of ['${', '$']) {
    let i = script.indexOf(prefix + name);
    while (i !== -1) {
      const next = script[i + prefix.length + name.length] ?? '';
      if (!/[A-Za-z0-9_]/.test(next)) return true;
      i = script.indexOf(prefix + name, i + 1);
    }
  }
  return false;
}

export default defineRule({
  id: 'secrets/secret-in-image',
  title: 'Secret copied into an image or passed as a build argument',
  severity: 'high',
  status: 'preview',
  description:
    'Finds `COPY`/`ADD` of credential files into an image (`.env`, `id_rsa`, `*.pem`, `*.key`, `credentials.json`, `.npmrc`, `.aws/`, `.docker/config.json`) and secret-looking `ARG`/`ENV` values consumed by `RUN` instead of a `RUN --mount=type=secret`.',
  rationale:
    'Every layer of an image is readable by whoever can pull it: a copied key stays in its layer even if a later step deletes it, and `ARG`/`ENV` values are recorded in the image history (`docker history`) and, for `ENV`, in the running container\'s environment.',
  remediation:
    'Mount the secret for the one step that needs it: `RUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci`, passed with `docker build --secret id=npm,src=.npmrc`; give runtime secrets to the container through the orchestrator, and add credential files to `.dockerignore`.',
  references: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'],
  tags: ['security', 'secrets', 'dockerfile'],
  reads: ['imageBuilds'],
  kinds: ['dockerfile'],
  security: true,
  example: {
    language: 'dockerfile',
    bad: 'FROM node:20.17-bookworm-slim\nARG NPM_TOKEN\nCOPY package*.json ./\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\nUSER node\n',
    good: 'FROM node:20.17-bookworm-slim\nCOPY package*.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nUSER node\n',
  },
  check({ model, report }) {
    for (const b of model.imageBuilds) {
      const globals = new Map(b.globalArgs.map((a) => [a.name, a]));
      for (const s of b.stages) {
        for (const c of s.copies) {
          if (c.from || c.heredoc) continue;
          for (const src of c.sources) {
            const what = secretFile(src.text);
            if (!what) continue;
            report({
              at: src.location,
              message: `${c.keyword} puts ${what} (${src.text}) into ${stageName(s)} of ${b.file.path}: it stays readable in that layer by everyone who can pull the image, even if a later step deletes it. Mount it with \`RUN --mount=type=secret\` for the step that needs it.`,
              key: `${b.file.path} stage[${s.index}] ${c.keyword} ${src.text}`,
            });
          }
        }
        const vars: Array<{ kw: 'ARG' | 'ENV'; name: string; location: Location }> = [
          ...s.args.map((a) => ({ kw: 'ARG' as const, name: a.name, location: a.location })),
          ...s.env.map((e) => ({ kw: 'ENV' as const, name: e.name, location: e.location })),
        ];
        for (const v of vars) {
          if (!isSecretPositionName(v.name)) continue;
          const run = s.runs.find((r) => !r.mounts.some((m) => m.type === 'secret') && references(r.script.text, v.name));
          if (!run) continue;
          const global = v.kw === 'ARG' ? globals.get(v.name) : undefined;
          report({
            at: v.location,
            message: `${v.kw} ${v.name} of ${stageName(s)} in ${b.file.path} carries a secret that a RUN reads: ${v.kw === 'ARG' ? 'build arguments are recorded in the image history' : 'ENV values stay in the image and in every container started from it'}, where whoever can pull the image reads them. Pass it with \`RUN --mount=type=secret\` instead.`,
            related: [{ location: run.instruction.location, message: 'the RUN that reads it' }, ...(global ? [{ location: global.location, message: 'declared before FROM' }] : [])],
            key: `${b.file.path} stage[${s.index}] ${v.kw} ${v.name}`,
          });
        }
      }
    }
  },
});

function stageName(s: BuildStage): string {
  return s.name ? `stage "${s.name.value}"` : `stage ${s.index}`;
}
