/**
 * How images are really built: `docker build` / `docker buildx build` /
 * `docker image build` (and kaniko's executor) wherever a repository runs
 * them — Makefiles, shell scripts, GitLab CI, AWS CodeBuild buildspecs, Google
 * Cloud Build, `docker-bake.hcl` — with the context, Dockerfile, tags, target
 * and BuildKit named contexts (`--build-context name=path`) each one passes.
 * The linker uses them to give a Dockerfile its real build context and to
 * link the images it tags to the workloads that run them (by evidence, not
 * by a name that happens to match).
 *
 * Nothing is executed. Shell is tokenized (model/shell.ts); a Makefile's
 * `$(VAR)` is expanded only from a plain `VAR = value` / `VAR := value` of the
 * same Makefile; anything still holding a variable is left unknown. Files are
 * read with the scan's guards (inside the root, size-capped) and at most
 * MAX_FILES of them, so a repository of thousands of scripts stays fast.
 */
import { posix } from 'node:path';
import { LineIndex } from './location.js';
import { parseShell, programName } from './shell.js';
import type { Location } from './location.js';

export type InvocationSource = 'workflow' | 'makefile' | 'script' | 'gitlab-ci' | 'codebuild' | 'cloudbuild' | 'bake';

export interface DockerBuildCommand {
  context: string;
  file?: string;
  tags: string[];
  target?: string;
  /** `--build-context name=value`: BuildKit named contexts (`COPY --from=name` reads them). */
  namedContexts: Record<string, string>;
  /** 1-based line in the script the command starts on. */
  line: number;
}

/** One build as a file of the repository runs it; paths are repository-relative. */
export interface BuildInvocation {
  source: InvocationSource;
  at: Location;
  /** Where relative paths of the command start (make runs in the Makefile's folder; CI in the repository root). */
  cwd: string;
  /** Further folders a relative path may start from (a script may be run from the root or from its own folder). */
  altCwd?: string;
  context: string;
  file?: string;
  tags: string[];
  target?: string;
  namedContexts: Record<string, string>;
}

const MAX_FILES = 400;
const VALUE_FLAGS = /^-(-(build-arg|platform|label|cache-from|cache-to|secret|ssh|output|network|progress|iidfile|builder|add-host|shm-size|ulimit|metadata-file|attest|annotation|allow|provenance|sbom)|[o])$/;

/** `docker build -f X -t Y ctx`, `docker buildx build ...`, `/kaniko/executor --context ... --dockerfile ...` inside a script. */
export function dockerBuildCommands(script: string): DockerBuildCommand[] {
  const lines = new LineIndex(script);
  const parsed = parseShell({ lines, path: '', start: 0, end: script.length });
  const out: DockerBuildCommand[] = [];
  for (const cmd of parsed.commands) {
    const words = cmd.argv.map((w) => w.text);
    const prog = programName(cmd);
    const line = cmd.location.startLine;
    if (prog === 'executor' || prog === '/kaniko/executor') {
      const kaniko = kanikoCommand(words, line);
      if (kaniko) out.push(kaniko);
      continue;
    }
    if (prog !== 'docker' && prog !== 'podman' && prog !== 'buildah') continue;
    let i = 1;
    if (words[i] === 'buildx') i++;
    if (words[i] === 'image') i++;
    if (words[i] !== 'build' && words[i] !== 'bud') continue;
    i++;
    const result: DockerBuildCommand = { context: '.', tags: [], namedContexts: {}, line };
    const positional: string[] = [];
    for (; i < words.length; i++) {
      const w = words[i]!;
      const [flag, inline] = w.startsWith('--') && w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      const take = () => inline ?? words[++i] ?? '';
      if (flag === '-f' || flag === '--file') result.file = take();
      else if (flag === '-t' || flag === '--tag') result.tags.push(take());
      else if (flag === '--target') result.target = take();
      else if (flag === '--build-context') {
        const v = take();
        const eq = v.indexOf('=');
        if (eq > 0) result.namedContexts[v.slice(0, eq)] = v.slice(eq + 1);
      } else if (VALUE_FLAGS.test(flag)) take();
      else if (!w.startsWith('-')) positional.push(w);
    }
    if (positional[0] && !positional[0].includes('$')) result.context = positional[0];
    if (result.file?.includes('$')) continue;
    out.push(result);
  }
  return out;
}

function kanikoCommand(words: string[], line: number): DockerBuildCommand | undefined {
  const r: DockerBuildCommand = { context: '.', tags: [], namedContexts: {}, line };
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const eq = w.indexOf('=');
    const [flag, inline] = w.startsWith('--') && eq !== -1 ? [w.slice(0, eq), w.slice(eq + 1)] : [w, undefined];
    const take = () => inline ?? words[++i] ?? '';
    if (flag === '--context' || flag === '-c') r.context = take().replace(/^dir:\/\//, '');
    else if (flag === '--dockerfile' || flag === '-f') r.file = take();
    else if (flag === '--destination' || flag === '-d') r.tags.push(take());
    else if (flag === '--target') r.target = take();
  }
  if (r.context.includes('$') || r.file?.includes('$')) return undefined;
  return r;
}

export type ReadFile = (path: string) => string | undefined;

/** Every build invocation in the repository's Makefiles, scripts, CI files and bake files. */
export function buildInvocations(paths: Iterable<string>, read: ReadFile): BuildInvocation[] {
  const out: BuildInvocation[] = [];
  let budget = MAX_FILES;
  for (const p of [...paths].sort()) {
    const name = p.slice(p.lastIndexOf('/') + 1);
    const source = sourceOf(p, name);
    if (!source || budget <= 0) continue;
    if (/(^|\/)(node_modules|vendor|third_party|\.git)\//.test(p)) continue;
    const text = read(p);
    budget--;
    if (text === undefined || !/docker|kaniko|podman|buildah|target/.test(text)) continue;
    const dir = posix.dirname(p) === '.' ? '' : posix.dirname(p);
    const lines = new LineIndex(text);
    const at = (line: number): Location => lines.lineLocation(p, Math.max(1, Math.min(line, lines.lineCount)));
    const push = (cmd: DockerBuildCommand, cwd: string, line: number, altCwd?: string) =>
      out.push({ source, at: at(line), cwd, ...(altCwd !== undefined && altCwd !== cwd ? { altCwd } : {}), context: cmd.context, file: cmd.file, tags: cmd.tags, target: cmd.target, namedContexts: cmd.namedContexts });
    switch (source) {
      case 'makefile':
        for (const { script, line } of makeRecipes(text)) for (const cmd of dockerBuildCommands(script)) push(cmd, dir, line);
        break;
      case 'script':
        // A script is run from the repository root or from its own folder: both are tried.
        for (const cmd of dockerBuildCommands(text)) push(cmd, '', cmd.line, dir);
        break;
      case 'gitlab-ci':
      case 'codebuild': {
        // Jobs run in the checkout; files under `.gitlab/` (included CI files) still run from the repository root.
        const root = source === 'gitlab-ci' ? gitlabRoot(p, dir) : dir;
        for (const { script, line } of yamlScripts(text, source)) {
          for (const cmd of dockerBuildCommands(withCheckoutDir(script, source))) push(cmd, root, line + cmd.line - 1);
        }
        break;
      }
      case 'cloudbuild':
        for (const b of cloudBuildSteps(text, lines)) push(b.cmd, posix.join(dir, b.dir) === '.' ? '' : posix.join(dir, b.dir), b.line);
        break;
      case 'bake':
        for (const b of bakeTargets(text)) push(b.cmd, dir, b.line);
        break;
      default:
        break;
    }
  }
  return out;
}

/** `$CI_PROJECT_DIR` (GitLab) / `$CODEBUILD_SRC_DIR` (CodeBuild) is the checkout the job runs in: the working folder `.`. */
function withCheckoutDir(script: string, source: 'gitlab-ci' | 'codebuild'): string {
  return source === 'gitlab-ci'
    ? script.replace(/\$(?:\{CI_PROJECT_DIR\}|CI_PROJECT_DIR\b)/g, '.')
    : script.replace(/\$(?:\{CODEBUILD_SRC_DIR\}|CODEBUILD_SRC_DIR\b)/g, '.');
}

/** The repository root a GitLab CI file's jobs run in: the folder holding `.gitlab/` for included files, else the file's own folder. */
function gitlabRoot(path: string, dir: string): string {
  const i = path.indexOf('.gitlab/');
  if (i === -1) return dir;
  return i === 0 ? '' : path.slice(0, i - 1);
}

function sourceOf(path: string, name: string): InvocationSource | undefined {
  if (name === 'Makefile' || name === 'makefile' || name === 'GNUmakefile' || name.endsWith('.mk')) return 'makefile';
  if (name.endsWith('.sh') || name.endsWith('.bash')) return 'script';
  if (name === '.gitlab-ci.yml' || name === '.gitlab-ci.yaml' || (path.includes('.gitlab/') && /\.ya?ml$/.test(name))) return 'gitlab-ci';
  if (/^buildspec[\w.-]*\.ya?ml$/.test(name)) return 'codebuild';
  if (/^cloudbuild[\w.-]*\.(ya?ml|json)$/.test(name)) return 'cloudbuild';
  if (/^docker-bake[\w.-]*\.(hcl|json)$/.test(name)) return 'bake';
  return undefined;
}

/**
 * Recipe lines of a Makefile with continuations joined and `$(VAR)`/`${VAR}` expanded from the
 * Makefile's own simple assignments; `@`, `-` and `+` prefixes dropped.
 */
export function makeRecipes(text: string): Array<{ script: string; line: number }> {
  const raw = text.split('\n');
  const vars = new Map<string, string>();
  const out: Array<{ script: string; line: number }> = [];
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]!.replace(/\r$/, '');
    const start = i + 1;
    while (line.endsWith('\\') && i + 1 < raw.length) line = line.slice(0, -1).trimEnd() + ' ' + raw[++i]!.replace(/\r$/, '').trimStart();
    if (line.startsWith('\t')) {
      const body = line.slice(1).replace(/^[@+-]+/, '');
      out.push({ script: expandMake(body, vars), line: start });
      continue;
    }
    const a = makeAssignment(line);
    if (a && !vars.has(a.name)) vars.set(a.name, expandMake(a.value, vars));
  }
  return out;
}

/** `NAME = v`, `NAME := v`, `NAME ::= v`, `NAME ?= v` (read by hand: a regex with `\s*` on both sides of the operator was polynomial). */
function makeAssignment(line: string): { name: string; value: string } | undefined {
  const name = /^[A-Za-z_][\w.-]*/.exec(line)?.[0];
  if (!name) return undefined;
  let i = name.length;
  while (line[i] === ' ' || line[i] === '\t') i++;
  const rest = line.slice(i);
  const op = ['::=', ':::=', ':=', '?=', '='].find((o) => rest.startsWith(o));
  return op ? { name, value: rest.slice(op.length).trim() } : undefined;
}

function expandMake(s: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  // Once a closing bracket is missing, it is missing for every later `$(` too: never search again (linear).
  const none = { ')': false, '}': false };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const closer = s[i + 1] === '(' ? ')' : s[i + 1] === '{' ? '}' : undefined;
    if (c === '$' && closer && !none[closer]) {
      const close = s.indexOf(closer, i + 2);
      if (close === -1) none[closer] = true;
      if (close !== -1) {
        const name = s.slice(i + 2, close);
        const v = vars.get(name);
        if (v !== undefined && !v.includes('$')) {
          out += v;
          i = close;
          continue;
        }
      }
    }
    if (c === '$' && s[i + 1] === '$') {
      // `$$VAR` is a shell variable in a recipe.
      out += '$';
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

/** Script lines of GitLab CI jobs (`script`, `before_script`, `after_script`) or CodeBuild phases (`commands`). */
function yamlScripts(text: string, source: 'gitlab-ci' | 'codebuild'): Array<{ script: string; line: number }> {
  const out: Array<{ script: string; line: number }> = [];
  const keys = source === 'gitlab-ci' ? new Set(['script', 'before_script', 'after_script']) : new Set(['commands', 'pre_build', 'build', 'post_build', 'install']);
  // A light line scan instead of a YAML parse: list items under one of the keys, at any depth.
  const raw = text.split('\n');
  let inKey = -1;
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i]!.replace(/\r$/, '');
    const indent = l.length - l.trimStart().length;
    const t = l.trim();
    if (t === '' || t.startsWith('#')) continue;
    const key = /^([\w-]+):\s*(?:#.*)?$/.exec(t);
    if (key) {
      inKey = keys.has(key[1]!) ? indent : -1;
      continue;
    }
    if (inKey >= 0 && indent < inKey) inKey = -1;
    if (inKey >= 0 && t.startsWith('- ')) {
      let item = t.slice(2).trim();
      if ((item.startsWith('"') && item.endsWith('"')) || (item.startsWith("'") && item.endsWith("'"))) item = item.slice(1, -1);
      if (item === '|' || item === '>' || item === '|-' || item === '>-') {
        // A block scalar: the following, deeper-indented lines.
        const body: string[] = [];
        let j = i + 1;
        while (j < raw.length && (raw[j]!.trim() === '' || raw[j]!.length - raw[j]!.trimStart().length > indent)) body.push(raw[j++]!.trim());
        out.push({ script: body.join('\n'), line: i + 2 });
        i = j - 1;
      } else out.push({ script: item, line: i + 1 });
    }
  }
  return out;
}

/** Cloud Build steps running the docker builder with `args: [build, ...]`, and their `dir:`. */
function cloudBuildSteps(text: string, lines: LineIndex): Array<{ cmd: DockerBuildCommand; dir: string; line: number }> {
  const out: Array<{ cmd: DockerBuildCommand; dir: string; line: number }> = [];
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : undefined;
  } catch {
    doc = undefined;
  }
  if (doc === undefined) {
    // YAML: steps as `- name: ...` blocks with `args:` as a flow or block list of plain/quoted words.
    const steps = text.split(/\n(?=[ \t]*- name:)/);
    let offset = 0;
    for (const s of steps) {
      const line = lines.position(offset).line + 1;
      offset += s.length + 1;
      if (!/name:[ \t]*['"]?(gcr\.io\/cloud-builders\/)?docker/.test(s)) continue;
      const args = yamlArgs(s);
      if (args[0] !== 'build') continue;
      const dir = /\n[ \t]*dir:[ \t]*['"]?([^'"\n]+)/.exec(s)?.[1]?.trim() ?? '';
      const cmd = dockerBuildCommands(['docker', ...args].map(quote).join(' '))[0];
      if (cmd) out.push({ cmd, dir, line });
    }
    return out;
  }
  const steps = (doc as { steps?: Array<{ name?: string; args?: string[]; dir?: string }> }).steps ?? [];
  for (const s of steps) {
    if (!s.name?.includes('docker') || s.args?.[0] !== 'build') continue;
    const cmd = dockerBuildCommands(['docker', ...s.args].map(quote).join(' '))[0];
    if (cmd) out.push({ cmd, dir: s.dir ?? '', line: 1 });
  }
  return out;
}

function yamlArgs(step: string): string[] {
  const flow = /\n[ \t]*args:[ \t]*\[([^\]\n]*)\]/.exec(step);
  if (flow) return flow[1]!.split(',').map(unquote).filter((x) => x !== '');
  const at = step.search(/\n[ \t]*args:[ \t]*\n/);
  if (at === -1) return [];
  const out: string[] = [];
  for (const l of step.slice(at).split('\n').slice(2)) {
    const t = l.trim();
    if (!t.startsWith('- ')) break;
    out.push(unquote(t.slice(2)));
  }
  return out;
}

function unquote(s: string): string {
  const t = s.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) ? t.slice(1, -1) : t;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A bake target's literal string fields (compiled once, not per target). */
const BAKE_FIELD = {
  context: /\bcontext\s*=\s*"([^"$]*)"/,
  dockerfile: /\bdockerfile\s*=\s*"([^"$]*)"/,
  target: /\btarget\s*=\s*"([^"$]*)"/,
} as const;

/**
 * `target "api" { context = "services/api"  dockerfile = "Dockerfile"  tags = ["x:1"]  contexts = { base = "../base" } }`
 * in docker-bake.hcl (and the same fields in docker-bake.json). Only literal strings are read.
 */
export function bakeTargets(text: string): Array<{ cmd: DockerBuildCommand; line: number }> {
  if (text.trimStart().startsWith('{')) {
    try {
      const doc = JSON.parse(text) as { target?: Record<string, { context?: string; dockerfile?: string; tags?: string[]; target?: string; contexts?: Record<string, string> }> };
      return Object.values(doc.target ?? {}).map((t) => ({ cmd: { context: t.context ?? '.', file: t.dockerfile, tags: t.tags ?? [], target: t.target, namedContexts: t.contexts ?? {}, line: 1 }, line: 1 }));
    } catch {
      return [];
    }
  }
  const out: Array<{ cmd: DockerBuildCommand; line: number }> = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    if (!/^\s*target\s+"[^"]*"\s*\{/.test(raw[i]!)) continue;
    const start = i;
    let depth = 0;
    const body: string[] = [];
    for (; i < raw.length; i++) {
      const l = raw[i]!;
      for (const ch of l) {
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
      }
      body.push(l);
      if (depth <= 0) break;
    }
    const block = body.join('\n');
    const str = (key: keyof typeof BAKE_FIELD) => BAKE_FIELD[key].exec(block)?.[1];
    const tagsList = bracketed(block, /\btags[ \t]*=[ \t]*\[/, ']');
    const contexts: Record<string, string> = {};
    const ctxBlock = bracketed(block, /\bcontexts[ \t]*=[ \t]*\{/, '}');
    // One `name = "path"` per line or comma-separated item, each matched anchored (linear).
    for (const item of ctxBlock.split(/[\n,]/)) {
      const m = /^\s*"?([\w.-]+)"?\s*=\s*"([^"]*)"/.exec(item);
      if (m) contexts[m[1]!] = m[2]!;
    }
    out.push({
      cmd: {
        context: str('context') ?? '.',
        file: str('dockerfile'),
        tags: [...tagsList.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).filter((t) => !t.includes('$')),
        target: str('target'),
        namedContexts: contexts,
        line: start + 1,
      },
      line: start + 1,
    });
  }
  return out;
}

/** The text after the first match of `open` up to the next `close` ('' when either is missing). */
function bracketed(text: string, open: RegExp, close: string): string {
  const m = open.exec(text);
  if (!m) return '';
  const start = m.index + m[0].length;
  const end = text.indexOf(close, start);
  return end === -1 ? '' : text.slice(start, end);
}

/**
 * The combinations of a workflow job's `strategy.matrix` (axes × axes, plus `include`, minus `exclude`),
 * as strings; bounded, since a matrix is at most 256 jobs on GitHub.
 */
export function matrixCombos(matrix: unknown): Array<Record<string, string>> {
  if (!matrix || typeof matrix !== 'object' || Array.isArray(matrix)) return [];
  const m = matrix as Record<string, unknown>;
  let combos: Array<Record<string, string>> = [{}];
  for (const [k, v] of Object.entries(m)) {
    if (k === 'include' || k === 'exclude' || !Array.isArray(v)) continue;
    const next: Array<Record<string, string>> = [];
    for (const c of combos) for (const x of v) if (next.length < 256) next.push({ ...c, [k]: scalarText(x) });
    combos = next;
  }
  if (combos.length === 1 && Object.keys(combos[0]!).length === 0) combos = [];
  const exclude = Array.isArray(m['exclude']) ? (m['exclude'] as unknown[]) : [];
  combos = combos.filter((c) => !exclude.some((e) => e && typeof e === 'object' && Object.entries(e as Record<string, unknown>).every(([k, v]) => c[k] === scalarText(v))));
  for (const inc of Array.isArray(m['include']) ? (m['include'] as unknown[]) : []) {
    if (!inc || typeof inc !== 'object' || combos.length >= 256) continue;
    const entries = Object.fromEntries(Object.entries(inc as Record<string, unknown>).map(([k, v]) => [k, scalarText(v)]));
    combos.push(entries);
  }
  return combos;
}

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v ?? '');
}

/** `${{ matrix.service }}` replaced from one combination; undefined when a matrix value is missing. */
export function expandMatrix(s: string, combo: Record<string, string>): string | undefined {
  let missing = false;
  const out = s.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_m, k: string) => {
    const v = combo[k];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}
