/**
 * Which assignments in the scanned artifacts are literal secrets, and how
 * sure we are: the fact the `secrets/*` rules share. A value counts only when
 * its position says so (a secret-looking key in an env block, a Helm value, a
 * Terraform argument, ...); the name of a variable alone, a reference
 * (`${VAR}`, `$(VAR)`, `{{ ... }}`, `$VAR`), a boolean, a number, a path or a
 * short setting word never does. Placeholders (`changeme`, `<password>`,
 * `xxx`) are kept, at low confidence, with the reason.
 *
 * The YAML documents are walked through their plain node shape (`items`,
 * `key`, `value`, `range`) so that rules importing this module do not load
 * the YAML parser.
 */
import type { ArtifactKind } from '../discover/kinds.js';
import type { K8sSecretObject, Location, Model, SourceFile, Workload } from './types.js';
import { describe } from './labels.js';
import { isNonSecretKey, isPlaceholderValue, looksLikeSecretName } from './secret-names.js';
import { SHAPES, findSecretShapes, type SecretShapeSpan } from './secret-shapes.js';

export type SecretConfidence = 'high' | 'medium' | 'low';

export interface SecretAssignment {
  /** The key or variable name as written (`POSTGRES_PASSWORD`, `auth.rootPassword`). */
  name: string;
  /** The literal. Never print it unmasked. */
  value: string;
  /** The value as written. */
  location: Location;
  /** Where it is, for messages: `the env of container "api" of Deployment api`, `Helm values`. */
  where: string;
  /** What holds it, for messages: `"DB_PASSWORD" in the environment of ...` unless the position needs its own words. */
  subject: string;
  /** Logical location for fingerprints, never the value: `Deployment/api containers[api].env.DB_PASSWORD`. */
  key: string;
  kind: ArtifactKind | 'unknown';
  confidence: SecretConfidence;
  /** Why the confidence is below high. */
  reason?: string;
}

export type ValueVerdict = { secret: false } | { secret: true; placeholder?: string };

const BOOLEAN_OR_NULL = /^(?:true|false|yes|no|on|off|null|nil|none|~|enabled?|disabled?)$/i;
const NUMBER_OR_DURATION = /^-?[0-9][0-9._]*(?:ms|[smhdwkKMGT]i?|[smhd]ecs?)?$/;
/** Setting words that share a secret-looking name: `AUTH: basic`, `TOKEN_FORMAT: jwt`, `permissions: id-token: write`. */
const SETTING_WORDS = new Set(
  'read write none required optional basic bearer digest oauth oauth2 oidc jwt ldap saml kerberos local internal external plain md5 sha256 scram-sha-256 trust peer password-file file env vault kms aws gcp azure session cookie header query form static dynamic auto default inherit secret-manager secretsmanager ssm'.split(' '),
);
/** Names that hold the name, location or setting of a secret, never the secret itself. */
const NOT_A_SECRET_NAME = /(^|[_.-])(arn|refs?|version|algorithm|alg|prefix|suffix|issuer|audience|scopes?|provider|method|strategy|backend|store|location|format|size|bits|rotation|lifetime|duration|age|interval|period|count|max|min|limit|level|required|realm|server|host|port|uri|url|endpoint|key_?name|mount|source|env|var|field|kind|class|length|ttl|file|path|dir|secure|insecure|keys)$/i;
const EXISTING = /^(existing|use|enable|disable|create|generate|auto|skip|allow|require)[_.-]?/i;
/** Marker words: a value containing one is an example, not a credential. */
const MARKERS = ['changeme', 'change_me', 'change-me', 'changethis', 'replaceme', 'replace_me', 'replace-me', 'replace_with', 'example', 'placeholder', 'xxxx', 'your_', 'your-', 'yourpassword', 'yoursecret', 'dummy', 'fixme', 'todo', 'insert_', 'insert-', 'sample', 'fake', 'notsecret', 'not-a-secret'];
const WEAK_WORDS = new Set(
  'password passwd pass pwd secret token test testing foo bar foobar admin administrator root user guest mysecret mypassword supersecret default key apikey api-key api_key changeit postgres postgresql mysql mariadb redis mongo mongodb minio minioadmin rabbitmq elastic keycloak'.split(' '),
);
/** `test`, `dev`, `local` as a word of the value: `ci-test-user`, `test value`, `dev-secret`. */
const TEST_WORD = /(?:^|[^a-z])(?:test|testing|dev|local|demo|insecure|not[_-]for[_-]prod)(?:[^a-z]|$)/i;

/** Provider-specific shapes (what `secrets/known-token` reports), not the generic ones. */
export const PROVIDER_SHAPES: ReadonlySet<string> = new Set([
  'aws-access-key-id',
  'github-token',
  'github-fine-grained-token',
  'gitlab-token',
  'slack-token',
  'stripe-live-key',
  'google-api-key',
  'npm-token',
  'openai-or-anthropic-key',
  'jwt',
  'private-key',
]);

/** Whether a name decides that its value is a secret (`DB_PASSWORD`), not merely mentions one (`DB_PASSWORD_FILE`, `existingSecret`). */
export function isSecretPositionName(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (!looksLikeSecretName(last)) return false;
  const snake = last.replace(/([a-z])([A-Z])/g, '$1_$2');
  // `passwordKey: mariadb-password` names the key of a Secret that holds the password.
  return !NOT_A_SECRET_NAME.test(snake) && !EXISTING.test(snake) && !/(password|passwd|pwd|token|credentials?)[_.-]?key$/i.test(snake);
}

/**
 * Whether a literal value is a secret: references, booleans, numbers,
 * durations, paths, URLs (credentials-in-url judges them), prose and setting
 * words are not; marker values are, as placeholders (with the reason).
 */
export function judgeSecretValue(name: string, raw: string): ValueVerdict {
  let v = raw.trim();
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1).trim();
  if (v === '') return { secret: false };
  if (v.startsWith('$') || v.includes('${') || v.includes('$(') || v.includes('{{') || v.includes('%{')) return { secret: false };
  if (BOOLEAN_OR_NULL.test(v) || NUMBER_OR_DURATION.test(v)) return { secret: false };
  if (SETTING_WORDS.has(v.toLowerCase())) return { secret: false };
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('~/') || v.startsWith('file:') || v.startsWith('secretRef:')) return { secret: false };
  if (v.includes('://')) return { secret: false };
  // Prose (`Password for the admin user`) is documentation, not a password.
  if (/^[A-Za-z,.'()-]+(?: [A-Za-z,.'()-]+){2,}$/.test(v)) return { secret: false };
  const lower = v.toLowerCase();
  if (/^<[^>]*>$/.test(v) || /^\[[^\]]*\]$/.test(v)) return { secret: true, placeholder: 'the value is a template marker to fill in' };
  if (/^\*+$/.test(v) || /^x+$/i.test(v) || /^\.+$/.test(v)) return { secret: true, placeholder: 'the value is a masking or filler placeholder' };
  for (const m of MARKERS) if (lower.includes(m)) return { secret: true, placeholder: `the value contains the placeholder marker "${m.replace(/[_-]$/, '')}"` };
  // `password123`, `minio123`: a stock word with digits after it.
  let word = lower;
  while (word.length > 0 && word.charCodeAt(word.length - 1) >= 48 && word.charCodeAt(word.length - 1) <= 57) word = word.slice(0, -1);
  if (WEAK_WORDS.has(lower) || WEAK_WORDS.has(word) || isPlaceholderValue(v)) return { secret: true, placeholder: 'the value is a stock word (a placeholder or a default everyone knows)' };
  const short = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (lower === short || short.split(/[_.-]+/).includes(lower)) return { secret: true, placeholder: 'the value repeats part of the name it is assigned to' };
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return { secret: true, placeholder: 'the value is an upper-case name standing in for the real value' };
  if (/^my[_-]/i.test(v)) return { secret: true, placeholder: 'the value reads as a sample ("my-...")' };
  if (TEST_WORD.test(v)) return { secret: true, placeholder: 'the value says it is a test or development value' };
  return { secret: true };
}

function providerShapes(v: string): SecretShapeSpan[] {
  return findSecretShapes(v).filter((s) => PROVIDER_SHAPES.has(s.shape));
}

// ---------------------------------------------------------------- YAML nodes, duck-typed

interface RawNode {
  items?: unknown[];
  key?: unknown;
  value?: unknown;
  range?: [number, number, number];
  source?: string;
}

function isPairList(n: RawNode | undefined): boolean {
  return !!n && Array.isArray(n.items) && n.items.length > 0 && n.items.every((i) => i !== null && typeof i === 'object' && 'key' in (i as object));
}

function isScalarNode(n: unknown): n is RawNode & { value: unknown; range: [number, number, number] } {
  return !!n && typeof n === 'object' && !Array.isArray((n as RawNode).items) && 'value' in (n as object) && Array.isArray((n as RawNode).range);
}

function pairs(n: unknown): Array<{ key: string; keyNode: RawNode; value: RawNode | undefined }> {
  const node = n as RawNode | undefined;
  if (!isPairList(node)) return [];
  const out: Array<{ key: string; keyNode: RawNode; value: RawNode | undefined }> = [];
  for (const p of node!.items as Array<{ key: RawNode; value: RawNode | null }>) {
    const k = p.key;
    if (!isScalarNode(k) || (typeof k.value !== 'string' && typeof k.value !== 'number')) continue;
    out.push({ key: String(k.value), keyNode: k, value: p.value ?? undefined });
  }
  return out;
}

function get(n: unknown, key: string): RawNode | undefined {
  return pairs(n).find((p) => p.key === key)?.value;
}

function seqItems(n: unknown): RawNode[] {
  const node = n as RawNode | undefined;
  if (!node || !Array.isArray(node.items) || isPairList(node)) return [];
  return node.items as RawNode[];
}

function scalarString(n: RawNode | undefined): string | undefined {
  if (!isScalarNode(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' ? v : undefined;
}

function nodeLocation(file: SourceFile, n: RawNode): Location {
  const [start, end] = n.range!;
  return file.lines.location(file.path, start, end);
}

/** Value location of a scalar, without the quotes around it. */
function scalarValueLocation(file: SourceFile, n: RawNode): Location {
  const [start, end] = n.range!;
  const q = file.text[start];
  if ((q === '"' || q === "'") && end - start >= 2 && file.text[end - 1] === q) return file.lines.location(file.path, start + 1, end - 1);
  return file.lines.location(file.path, start, end);
}

// ---------------------------------------------------------------- positions

interface Candidate {
  name: string;
  value: string;
  location: Location;
  where: string;
  /** The whole noun phrase when `"name" in where` does not fit. */
  subject?: string;
  key: string;
  kind: ArtifactKind | 'unknown';
  /** The position holds secrets whatever the key is called (a secretGenerator literal). */
  anyName?: boolean;
  /** Local-development file: reported one step lower, with this reason. */
  localDev?: string;
}

const EXAMPLE_FILE = /(^|[./_-])(example|sample|template|dist|tmpl|tpl|defaults?)([./_-]|$)/i;

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `.env.example`, `values.example.yaml`, `env.sample`: documentation of the variables, not a configuration. */
export function isExampleFile(path: string): boolean {
  return EXAMPLE_FILE.test(fileName(path));
}

function workloadEnv(model: Model, out: Candidate[]): void {
  for (const w of model.workloads) {
    const localDev = w.platform === 'compose' ? composeLocalDevReason(w) : undefined;
    for (const c of [...w.containers, ...w.initContainers]) {
      for (const e of c.env) {
        if (e.source !== 'literal' || e.value === undefined) continue;
        out.push({
          location: e.valueLocation ?? e.location,
          ...(w.platform === 'systemd' ? { location: systemdValueLocation(w, e.location, e.name, e.value) } : {}),
          name: e.name,
          value: e.value,
          where: `the environment of ${describe(c)}`,
          key: `${c.logicalPath}.env.${e.name}`,
          kind: w.platform === 'fly' ? 'fly' : w.platform,
          localDev,
        });
      }
    }
  }
}

/** `Environment=A=1 DB_PASSWORD=x`: the value itself, not the whole directive. */
function systemdValueLocation(w: Workload, at: Location, name: string, value: string): Location {
  if (at.startLine !== at.endLine) return at;
  const line = w.file.lines.lineText(at.startLine);
  const i = line.indexOf(`${name}=`, at.startColumn - 1);
  if (i === -1 || !line.startsWith(value, i + name.length + 1)) return at;
  const start = i + name.length + 2;
  return { path: at.path, startLine: at.startLine, endLine: at.startLine, startColumn: start, endColumn: start + value.length };
}

/** A compose service built from source with no `deploy:` section is a local-development setup. */
function composeLocalDevReason(w: Workload): string | undefined {
  if (!w.build || w.composeDeploy) return undefined;
  return 'the service is built from source and has no `deploy:` section, so this looks like a local-development file';
}

function configMaps(model: Model, out: Candidate[]): void {
  for (const o of model.k8sObjects) {
    if (o.kind !== 'ConfigMap') continue;
    for (const p of pairs(get(o.node, 'data'))) {
      const v = scalarString(p.value);
      if (v === undefined || v.includes('\n')) continue;
      out.push({ name: p.key, value: v, location: scalarValueLocation(o.file, p.value!), where: `ConfigMap ${o.name}`, key: `ConfigMap/${o.name} data.${p.key}`, kind: 'kubernetes' });
    }
  }
}

function dockerfiles(model: Model, out: Candidate[]): void {
  for (const b of model.imageBuilds) {
    const all = [
      ...b.globalArgs.map((a) => ({ kw: 'ARG', name: a.name, value: a.default, location: a.location, stage: -1 })),
      ...b.stages.flatMap((s) => [
        ...s.args.map((a) => ({ kw: 'ARG', name: a.name, value: a.default, location: a.location, stage: s.index })),
        ...s.env.map((e) => ({ kw: 'ENV', name: e.name, value: e.value as string | undefined, location: e.location, stage: s.index })),
      ]),
    ];
    for (const a of all) {
      if (a.value === undefined) continue;
      out.push({
        name: a.name,
        value: a.value,
        location: a.location,
        where: `${a.kw === 'ARG' ? 'an ARG default' : 'an ENV instruction'} of ${b.file.path}`,
        key: `${b.file.path} ${a.stage === -1 ? '' : `stage[${a.stage}] `}${a.kw} ${a.name}`,
        kind: 'dockerfile',
      });
    }
  }
}

function workflows(model: Model, out: Candidate[]): void {
  for (const p of model.pipelines) {
    const path = p.file.path;
    const kind: ArtifactKind = p.kind === 'workflow' ? 'github-workflow' : 'github-action';
    const push = (fields: Record<string, { value: string; location: Location }>, where: string, key: string) => {
      for (const [name, f] of Object.entries(fields)) out.push({ name, value: f.value, location: f.location, where, key: `${path} ${key}.${name}`, kind });
    };
    push(p.env, `the env of workflow ${path}`, 'env');
    for (const j of p.jobs) {
      push(j.env, `the env of job "${j.id}"`, `jobs.${j.id}.env`);
      for (const s of j.steps) {
        const label = s.name ?? s.id ?? (s.uses ? s.uses.raw : `#${s.index + 1}`);
        push(s.env, `the env of step "${label}" of job "${j.id}"`, `jobs.${j.id}.steps[${s.id ?? s.index}].env`);
        push(s.with, `the inputs of step "${label}" of job "${j.id}"`, `jobs.${j.id}.steps[${s.id ?? s.index}].with`);
      }
    }
    // Registry credentials of job containers and service containers.
    for (const j of pairs(get(p.doc.contents, 'jobs'))) {
      const creds: Array<[string, RawNode | undefined]> = [[`container`, get(get(j.value, 'container'), 'credentials')]];
      for (const s of pairs(get(j.value, 'services'))) creds.push([`services.${s.key}`, get(s.value, 'credentials')]);
      for (const [where, c] of creds) {
        const pw = get(c, 'password');
        const v = scalarString(pw);
        if (v === undefined) continue;
        out.push({ name: 'password', value: v, location: scalarValueLocation(p.file, pw!), where: `the ${where} registry credentials of job "${j.key}"`, key: `${path} jobs.${j.key}.${where}.credentials.password`, kind });
      }
    }
  }
}

function terraform(model: Model, out: Candidate[]): void {
  for (const t of model.terraform) {
    for (const b of t.blocks) {
      const label = [b.type, ...b.labels].join('.');
      for (const [name, f] of Object.entries(b.attributes)) {
        // Only quoted literals: `var.x`, `random_password.db.result` and `"${...}"` are expressions.
        const line = t.file.lines.lineText(f.location.startLine);
        const eq = line.indexOf('=', f.location.startColumn - 1);
        let open = eq + 1;
        while (open < line.length && (line[open] === ' ' || line[open] === '\t')) open++;
        if (eq === -1 || line[open] !== '"') continue;
        let close = open + 1;
        while (close < line.length && line[close] !== '"') close += line[close] === '\\' ? 2 : 1;
        if (close >= line.length) continue;
        const value = line.slice(open + 1, close);
        const location: Location = { path: t.file.path, startLine: f.location.startLine, endLine: f.location.startLine, startColumn: open + 2, endColumn: close + 1 };
        if (b.type === 'variable' && name === 'default') {
          const v = b.labels[0] ?? '';
          out.push({ name: v, value, location, where: t.file.path, subject: `the default of Terraform variable "${v}" in ${t.file.path}`, key: `${t.file.path} variable.${v}.default`, kind: 'terraform' });
        } else out.push({ name, value, location, where: `Terraform ${label} (${t.file.path})`, key: `${t.file.path} ${label}.${name}`, kind: 'terraform' });
      }
    }
  }
}

function envFiles(model: Model, out: Candidate[]): void {
  const devUse = envFilesOfLocalDevServices(model);
  for (const env of model.envFiles) {
    if (isExampleFile(env.file.path)) continue;
    const localDev = devUse.get(env.file.path);
    for (const e of env.entries) out.push({ name: e.name, value: e.value, location: e.valueLocation, where: env.file.path, key: `${env.file.path} ${e.name}`, kind: 'dotenv', ...(localDev ? { localDev } : {}) });
  }
}

/**
 * `.env` files that only local-development compose services load (`env_file:`), with the reason:
 * their values are the developer's own, like the service's inline `environment:`.
 */
function envFilesOfLocalDevServices(model: Model): Map<string, string> {
  const dev = new Map<string, string>();
  const other = new Set<string>();
  for (const w of model.workloads) {
    if (w.platform !== 'compose' || !w.envFiles?.length) continue;
    const reason = composeLocalDevReason(w);
    const dir = w.file.path.includes('/') ? w.file.path.slice(0, w.file.path.lastIndexOf('/')) : '';
    for (const ref of w.envFiles) {
      const path = normalisePath(dir ? `${dir}/${ref.value}` : ref.value);
      if (reason) dev.set(path, `it is the env_file of compose service "${w.name}", which is built from source and has no \`deploy:\` section, so this looks like a local-development file`);
      else other.add(path);
    }
  }
  for (const p of other) dev.delete(p); // also loaded by a service that deploys: judge it as such
  return dev;
}

function normalisePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Helm values: every scalar under a secret-looking key, at its dotted path. */
function helmValues(model: Model, out: Candidate[]): void {
  for (const f of model.files) {
    if (f.kind !== 'helm-values' || isExampleFile(f.path)) continue;
    for (const d of model.yaml.get(f.path) ?? []) {
      const walk = (n: RawNode | undefined, path: string, depth: number) => {
        if (!n || depth > 40) return;
        for (const p of pairs(n)) {
          const here = path ? `${path}.${p.key}` : p.key;
          const v = scalarString(p.value);
          if (v !== undefined) {
            if (!v.includes('\n')) out.push({ name: here, value: v, location: scalarValueLocation(f, p.value!), where: `the Helm values ${f.path}`, key: `${f.path} ${here}`, kind: 'helm-values' });
          } else walk(p.value, here, depth + 1);
        }
        seqItems(n).forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      };
      walk(d.contents as RawNode | undefined, '', 0);
    }
  }
}

/** Kustomize `secretGenerator` literals (`- DB_PASSWORD=...`): every literal there is a Secret's value. */
function kustomize(model: Model, out: Candidate[]): void {
  for (const f of model.files) {
    if (f.kind !== 'kustomization') continue;
    for (const d of model.yaml.get(f.path) ?? []) {
      for (const gen of seqItems(get(d.contents, 'secretGenerator'))) {
        const genName = scalarString(get(gen, 'name')) ?? '?';
        for (const lit of seqItems(get(gen, 'literals'))) {
          const text = scalarString(lit);
          const eq = text?.indexOf('=') ?? -1;
          if (!text || eq <= 0) continue;
          const name = text.slice(0, eq);
          const loc = nodeLocation(f, lit);
          const quote = /["']/.test(f.text[lit.range![0]] ?? '') ? 1 : 0;
          const location: Location = loc.startLine === loc.endLine ? { ...loc, startColumn: loc.startColumn + quote + eq + 1, endColumn: loc.startColumn + quote + text.length } : loc;
          out.push({ name, value: text.slice(eq + 1), location, where: `secretGenerator "${genName}" of ${f.path}`, key: `${f.path} secretGenerator[${genName}].literals.${name}`, kind: 'kustomization', anyName: true });
        }
      }
    }
  }
}

const cache = new WeakMap<Model, SecretAssignment[]>();

/** Every literal secret assigned in a secret position, once per model. */
export function literalSecrets(model: Model): SecretAssignment[] {
  const hit = cache.get(model);
  if (hit) return hit;
  const candidates: Candidate[] = [];
  workloadEnv(model, candidates);
  configMaps(model, candidates);
  dockerfiles(model, candidates);
  workflows(model, candidates);
  terraform(model, candidates);
  envFiles(model, candidates);
  helmValues(model, candidates);
  kustomize(model, candidates);
  const out: SecretAssignment[] = [];
  // A YAML anchor shared by several services is one assignment in the file: reported once.
  const at = new Set<string>();
  for (const c of candidates) {
    const where = `${c.location.path}:${c.location.startLine}:${c.location.startColumn}`;
    if (at.has(where)) continue;
    const short = c.name.slice(c.name.lastIndexOf('.') + 1);
    if (c.anyName ? isNonSecretKey(short) : !isSecretPositionName(c.name)) continue;
    const verdict = judgeSecretValue(short, c.value);
    if (!verdict.secret) continue;
    // A provider token is secrets/known-token's finding, at critical.
    if (providerShapes(c.value).length > 0) continue;
    if (/aws/i.test(c.name) && findSecretShapes(c.value).some((x) => x.shape === 'aws-secret-access-key')) continue;
    at.add(where);
    const confidence: SecretConfidence = verdict.placeholder ? 'low' : c.localDev ? 'medium' : 'high';
    out.push({
      name: c.name,
      value: c.value.trim(),
      location: c.location,
      where: c.where,
      subject: c.subject ?? `"${c.name}" in ${c.where}`,
      key: c.key,
      kind: c.kind,
      confidence,
      ...(verdict.placeholder ? { reason: verdict.placeholder } : c.localDev ? { reason: c.localDev } : {}),
    });
  }
  cache.set(model, out);
  return out;
}

// ---------------------------------------------------------------- committed Kubernetes Secrets

export interface CommittedSecretVerdict {
  /** The keys holding a value (decoded when base64), references and empty values left out. */
  keys: K8sSecretObject['keys'];
  /** Every value is a placeholder (`changeme`, `<password>`): reported low. */
  placeholdersOnly: boolean;
}

const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,/;

/**
 * Whether a `kind: Secret` manifest commits secret material: not for
 * service-account tokens (the control plane fills them), SOPS-encrypted files
 * (`sops:` metadata, `ENC[AES256_GCM,...]` values) or a Secret whose values
 * are all empty or references. SealedSecret and ExternalSecret are other kinds.
 */
export function committedSecret(s: K8sSecretObject): CommittedSecretVerdict | undefined {
  if (s.type === 'kubernetes.io/service-account-token') return undefined;
  if (s.object.value['sops'] !== undefined) return undefined;
  const keys = s.keys.filter((k) => {
    const v = k.value.trim();
    if (v === '' || SOPS_VALUE.test(v)) return false;
    return !(v.startsWith('$') || v.includes('${') || v.includes('{{'));
  });
  if (keys.length === 0) return undefined;
  const placeholdersOnly = keys.every((k) => {
    const j = judgeSecretValue(k.key, k.value);
    return j.secret && j.placeholder !== undefined && !k.value.includes('://');
  });
  return { keys, placeholdersOnly };
}

// ---------------------------------------------------------------- shapes in scanned files

export interface ShapeHit {
  shape: string;
  value: string;
  file: SourceFile;
  location: Location;
}

const shapeCache = new WeakMap<Model, ShapeHit[]>();

/** `aws_secret_access_key = ...`: a bare 40-character key counts only with AWS words on its line. */
function awsSecretContext(line: string): boolean {
  const l = line.toLowerCase();
  return l.includes('aws') && (l.includes('secret') || l.includes('access_key') || l.includes('accesskey'));
}

/** Every secret shape in every scanned file (provider tokens and URL passwords), once per model. */
export function secretShapesInFiles(model: Model): ShapeHit[] {
  const hit = shapeCache.get(model);
  if (hit) return hit;
  const out: ShapeHit[] = [];
  for (const file of model.files) {
    for (const s of findSecretShapes(file.text)) {
      if (s.shape === 'secret-assignment' || s.shape === 'cli-user-password' || s.shape === 'authorization-header' || s.shape === 'sql-password') continue;
      let end = s.end;
      // Multi-line material (a private key body): the first line stands for it.
      const nl = file.text.indexOf('\n', s.start);
      if (nl !== -1 && nl < end) end = nl;
      // A private key is pointed at from its `-----BEGIN` header.
      const start = s.shape === 'private-key' ? Math.max(0, file.text.lastIndexOf('-----BEGIN', s.start)) : s.start;
      const location = file.lines.location(file.path, start, end);
      if (s.shape === 'aws-secret-access-key' && !awsSecretContext(file.lines.lineText(location.startLine))) continue;
      out.push({ shape: s.shape, value: file.text.slice(s.start, s.end), file, location });
    }
  }
  shapeCache.set(model, out);
  return out;
}

/** Provider tokens: what `secrets/known-token` reports. */
export function knownTokens(model: Model): ShapeHit[] {
  return secretShapesInFiles(model).filter((h) => (PROVIDER_SHAPES.has(h.shape) || h.shape === 'aws-secret-access-key') && judgeTokenValue(h.value));
}

function judgeTokenValue(v: string): boolean {
  const lower = v.toLowerCase();
  return !MARKERS.some((m) => lower.includes(m)) && !/(.)\1{11,}/.test(v.slice(8));
}

const URL_PLACEHOLDER = /^(?:<[^>]*>|\*+|x+|\.+|\[[^\]]*\]|%s|pass|passwd|pwd|secret|token)$/i;

export interface UrlCredential extends ShapeHit {
  host: string;
  user: string;
  /** Why the password is probably only a local-development one: a loopback host, or the user name repeated. */
  localReason?: string;
}

const LOOPBACK = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])$/i;

/**
 * `scheme://user:password@host` with a literal password: not `${VAR}`, not a
 * marker (`<password>`, `changeme`, `****`), not on an example host, and not a
 * provider token (known-token reports those). `password` itself is kept: it is
 * a real (weak) password in `postgres://postgres:password@db/app`.
 */
export function urlCredentials(model: Model): UrlCredential[] {
  const out: UrlCredential[] = [];
  // The catalogue's own pattern, without its acceptance test: that one leaves out
  // `password`, which is a real (weak) password in a URL.
  const re = new RegExp(SHAPES.find((x) => x.id === 'url-password')!.re.source, 'dg');
  for (const file of model.files) {
    if (isExampleFile(file.path)) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(file.text)) !== null) {
      const [start, end] = m.indices!.groups!['v']!;
      const v = file.text.slice(start, end);
      const lower = v.toLowerCase();
      if (v.includes('$') || v.includes('{{') || v.includes('%(') || URL_PLACEHOLDER.test(v)) continue;
      // `db_password`, `:password:`: the name of the value, not the value (`password` itself is kept).
      if (lower !== 'password' && lower.includes('password') && /^[a-z_:]+$/.test(lower)) continue;
      if (MARKERS.some((mk) => lower.includes(mk)) || /^my/.test(lower)) continue;
      if (providerShapes(v).length > 0) continue;
      let i = end + 1;
      while (i < file.text.length && !/[\s/:?#"'`]/.test(file.text[i]!)) i++;
      const host = file.text.slice(end + 1, i);
      if (/(^|\.)(example\.(com|org|net)|example|invalid|test)$/i.test(host)) continue;
      const user = m[0].slice(3, m[0].indexOf(':', 3));
      const localReason = LOOPBACK.test(host) ? `the host is ${host}, a local-development database` : user !== '' && user === v ? 'the password repeats the user name, a stock local-development default' : undefined;
      out.push({ shape: 'url-password', value: v, file, location: file.lines.location(file.path, start, end), host, user, ...(localReason ? { localReason } : {}) });
    }
  }
  return out;
}

// ---------------------------------------------------------------- workflows and references

/** Reusable-workflow calls that pass every secret of the caller: `secrets: inherit`. */
export function inheritedSecrets(model: Model): Array<{ pipeline: Model['pipelines'][number]; job: string; uses?: string; location: Location }> {
  const out: Array<{ pipeline: Model['pipelines'][number]; job: string; uses?: string; location: Location }> = [];
  for (const p of model.pipelines) {
    for (const j of pairs(get(p.doc.contents, 'jobs'))) {
      const secrets = get(j.value, 'secrets');
      if (scalarString(secrets) !== 'inherit') continue;
      out.push({ pipeline: p, job: j.key, uses: scalarString(get(j.value, 'uses')), location: scalarValueLocation(p.file, secrets!) });
    }
  }
  return out;
}

/**
 * Names of the Secrets and ConfigMaps the scanned manifests create: Secret and
 * ConfigMap objects, SealedSecret and ExternalSecret targets, Kustomize
 * generators (with and without their name suffix hash).
 */
export function definedObjects(model: Model): { secrets: Set<string>; configMaps: Set<string>; anySecretSource: boolean } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  for (const s of model.k8sSecrets) secrets.add(s.name);
  for (const o of model.k8sObjects) {
    const spec = (o.value['spec'] ?? {}) as Record<string, unknown>;
    if (o.kind === 'ConfigMap') configMaps.add(o.name);
    else if (o.kind === 'SealedSecret') {
      secrets.add(o.name);
      const t = ((spec['template'] as Record<string, unknown> | undefined)?.['metadata'] as Record<string, unknown> | undefined)?.['name'];
      if (typeof t === 'string') secrets.add(t);
    } else if (o.kind === 'ExternalSecret' || o.kind === 'ClusterExternalSecret' || o.kind === 'VaultStaticSecret' || o.kind === 'OnePasswordItem' || o.kind === 'SecretProviderClass') {
      secrets.add(o.name);
      const t = (spec['target'] as Record<string, unknown> | undefined)?.['name'];
      if (typeof t === 'string') secrets.add(t);
      const d = spec['destination'] as Record<string, unknown> | undefined;
      if (typeof d?.['name'] === 'string') secrets.add(d['name'] as string);
      for (const so of (spec['secretObjects'] as Array<Record<string, unknown>> | undefined) ?? []) if (typeof so['secretName'] === 'string') secrets.add(so['secretName'] as string);
    } else if (o.kind === 'Certificate') {
      // cert-manager writes the certificate into spec.secretName.
      if (typeof spec['secretName'] === 'string') secrets.add(spec['secretName'] as string);
    }
  }
  for (const f of model.files) {
    if (f.kind !== 'kustomization') continue;
    for (const d of model.yaml.get(f.path) ?? []) {
      for (const [key, set] of [['secretGenerator', secrets], ['configMapGenerator', configMaps]] as const) {
        for (const g of seqItems(get(d.contents, key))) {
          const n = scalarString(get(g, 'name'));
          if (n) set.add(n);
        }
      }
    }
  }
  return { secrets, configMaps, anySecretSource: secrets.size > 0 };
}
