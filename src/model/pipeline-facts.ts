/**
 * Facts about GitHub Actions workflows and composite actions that ci/ and
 * build/ rules share: how each `uses:` is pinned, each `run:` script (and
 * `actions/github-script` `script:`) parsed into shell commands with file
 * positions, the `${{ ... }}` expressions inside them and whether their
 * contexts can carry attacker-chosen text, the token permissions each job
 * really gets, and the repository checkouts.
 */
import { LineIndex, type Location } from './location.js';
import { parseShell } from './shell.js';
import type { ActionRef, Pipeline, PipelineJob, PipelineStep, ScalarSource, ShellCommand, ShellScript } from './types.js';

// ---------------------------------------------------------------- uses:

/** How a `uses:` ref is pinned: a full commit SHA, an abbreviated SHA, a version-like tag, a branch-like name, or nothing. */
export type RefKind = 'sha' | 'short-sha' | 'tag' | 'branch' | 'none';

const BRANCHES = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'latest', 'head', 'next', 'nightly', 'stable', 'beta', 'canary', 'edge', 'release', 'unstable']);

export function refKind(ref: string | undefined): RefKind {
  if (!ref) return 'none';
  if (/^[0-9a-f]{40}$/i.test(ref) || /^[0-9a-f]{64}$/i.test(ref)) return 'sha';
  if (/^[0-9a-f]{7,39}$/i.test(ref) && /[a-f]/i.test(ref) && /[0-9]/.test(ref)) return 'short-sha';
  // v1, v1.2.3, 1.75.0, 2024-01-01, release-1.2 with a digit after the first separator.
  if (/^v?[0-9]/i.test(ref)) return 'tag';
  if (BRANCHES.has(ref.toLowerCase()) || ref.includes('/')) return 'branch';
  // `release-2.0`, `stable-v3`: a name with a version in it is most often a tag.
  return /[0-9]/.test(ref) ? 'tag' : 'branch';
}

export interface UsesFact {
  pipeline: Pipeline;
  job: PipelineJob;
  /** Undefined for a job-level reusable-workflow call. */
  step?: PipelineStep;
  ref: ActionRef;
  kind: RefKind;
  /** `actions/*` and `github/*`: maintained by GitHub. */
  firstParty: boolean;
  /** `owner/repo/.github/workflows/x.yml@ref`. */
  reusableWorkflow: boolean;
}

/** Every remote `uses:` (steps and reusable-workflow calls); local `./` and `docker://` uses are left out. */
export function remoteUses(pipeline: Pipeline): UsesFact[] {
  const out: UsesFact[] = [];
  for (const job of pipeline.jobs) {
    const add = (ref: ActionRef | undefined, step?: PipelineStep) => {
      if (!ref || ref.type !== 'action' || !ref.owner || !ref.repo) return;
      if (ref.raw.includes('${{')) return;
      const owner = ref.owner.toLowerCase();
      out.push({
        pipeline,
        job,
        step,
        ref,
        kind: refKind(ref.ref),
        firstParty: owner === 'actions' || owner === 'github',
        reusableWorkflow: /^\.github\/workflows\//.test(ref.path ?? ''),
      });
    };
    add(job.uses);
    for (const s of job.steps) add(s.uses, s);
  }
  return out;
}

/** `owner/repo` (and path) of a step's action, lower-cased, without the ref: `actions/checkout`, `github/codeql-action/init`. */
export function actionName(ref: ActionRef | undefined): string | undefined {
  if (!ref || ref.type !== 'action' || !ref.owner || !ref.repo) return undefined;
  return [ref.owner, ref.repo, ref.path].filter(Boolean).join('/').toLowerCase();
}

// ---------------------------------------------------------------- scripts

/** Who can choose the text a context expands to. */
export type ContextControl =
  /** Anyone who can open an issue or PR, comment, or name a branch in a fork. */
  | 'attacker'
  /** A `workflow_dispatch` string input: only users with write access, but free text. */
  | 'dispatch-input'
  /** Cannot carry shell syntax: numbers, SHAs, ids, step outcomes, secrets, typed inputs. */
  | 'safe'
  /** Depends on something we do not follow (env, step outputs, reusable-workflow inputs): not reported. */
  | 'unknown';

export interface ContextRef {
  /** Normalised path, e.g. `github.event.issue.title`, `inputs.name`. */
  path: string;
  control: ContextControl;
}

export interface ScriptExpression {
  /** The expression as written, `${{ github.head_ref }}`. */
  text: string;
  contexts: ContextRef[];
  location: Location;
}

export interface StepScript {
  pipeline: Pipeline;
  job: PipelineJob;
  step: PipelineStep;
  /** A `run:` script, or the `script:` input of `actions/github-script` (JavaScript). */
  kind: 'run' | 'github-script';
  text: string;
  /** Shell commands with file positions (empty for github-script). */
  shell: ShellScript;
  expressions: ScriptExpression[];
  /** False when script positions could not be mapped line by line (folded or escaped scalars): locations point at the scalar's start. */
  exact: boolean;
  /** File location of a range of the script text (offsets into `text`). */
  locate(start: number, end: number): Location;
}

const scriptCache = new WeakMap<Pipeline, StepScript[]>();

/** Every `run:` and github-script `script:` of the pipeline, parsed once. */
export function stepScripts(pipeline: Pipeline): StepScript[] {
  let out = scriptCache.get(pipeline);
  if (out) return out;
  out = [];
  for (const job of pipeline.jobs)
    for (const step of job.steps) {
      if (step.run) out.push(makeScript(pipeline, job, step, 'run', step.run.value, step.run.location, step.runSource));
      const script = step.with['script'];
      if (actionName(step.uses) === 'actions/github-script' && script)
        out.push(makeScript(pipeline, job, step, 'github-script', script.value, script.location, step.withSources?.['script']));
    }
  scriptCache.set(pipeline, out);
  return out;
}

function makeScript(pipeline: Pipeline, job: PipelineJob, step: PipelineStep, kind: StepScript['kind'], text: string, at: Location, src: ScalarSource | undefined): StepScript {
  const file = pipeline.file;
  const map = lineMap(file.text, text, src);
  const own = new LineIndex(text);
  const toFile = (offset: number): number | undefined => {
    if (!map) return undefined;
    const p = own.position(offset);
    const start = map[p.line - 1];
    return start === undefined ? undefined : start + p.column - 1;
  };
  const locate = (start: number, end: number): Location => {
    const s = toFile(start);
    const e = toFile(end);
    if (s === undefined || e === undefined) return at;
    return file.lines.location(file.path, s, Math.max(s, e));
  };
  const remap = (l: Location): Location => locate(own.offsetOf(l.startLine, l.startColumn), own.offsetOf(l.endLine, l.endColumn));
  let shell: ShellScript = { text, commands: [], pipelines: [], approximate: false };
  if (kind === 'run') {
    const parsed = parseShell({ lines: own, path: file.path, start: 0, end: text.length });
    const word = (w: { text: string; location: Location }) => ({ text: w.text, location: remap(w.location) });
    shell = {
      ...parsed,
      commands: parsed.commands.map((c): ShellCommand => ({ argv: c.argv.map(word), assignments: c.assignments.map(word), location: remap(c.location) })),
    };
  }
  const expressions = findExpressions(text).map((e) => ({
    text: text.slice(e.start, e.end),
    contexts: contextsIn(text.slice(e.start + 3, e.end - 2), pipeline),
    location: locate(e.start, e.end),
  }));
  return { pipeline, job, step, kind, text, shell, expressions, exact: map !== undefined, locate };
}

/**
 * File offset of the start of each line of `value`, or undefined when the
 * scalar's lines cannot be matched to the file one for one (folded, escaped).
 */
export function lineMap(fileText: string, value: string, src: ScalarSource | undefined): number[] | undefined {
  if (!src) return undefined;
  const lines = value.split('\n');
  if (src.style === 'plain' || src.style === 'quoted') {
    if (value.includes('\n')) return undefined;
    const start = src.start + (src.style === 'quoted' ? 1 : 0);
    return fileText.startsWith(value, start) ? [start] : undefined;
  }
  if (src.style !== 'literal') return undefined;
  // Content starts on the line after the `|` indicator; its indentation is that of the first non-blank line.
  let pos = fileText.indexOf('\n', src.start);
  if (pos === -1) return undefined;
  pos++;
  let indent = -1;
  for (let p = pos; p < fileText.length; ) {
    const nl = fileText.indexOf('\n', p);
    const line = fileText.slice(p, nl === -1 ? fileText.length : nl).replace(/\r$/, '');
    if (line.trim() !== '') {
      indent = line.length - line.trimStart().length;
      break;
    }
    if (nl === -1) break;
    p = nl + 1;
  }
  if (indent < 0) return undefined;
  const out: number[] = [];
  for (const l of lines) {
    const nl = fileText.indexOf('\n', pos);
    const fileLine = fileText.slice(pos, nl === -1 ? fileText.length : nl).replace(/\r$/, '');
    if (l !== '' && fileLine.slice(indent) !== l) return undefined;
    out.push(pos + Math.min(indent, fileLine.length));
    if (nl === -1) break;
    pos = nl + 1;
  }
  // A value ending without a newline after the last content line is fine; a shorter map means a mismatch.
  return out.length >= lines.length - 1 ? out : undefined;
}

/** Offsets of each `${{ ... }}` in a text (start of `${{`, end after `}}`). */
export function findExpressions(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let i = 0;
  while ((i = text.indexOf('${{', i)) !== -1) {
    let j = i + 3;
    let quote = false;
    for (; j < text.length - 1; j++) {
      const c = text[j];
      if (c === "'") quote = !quote;
      else if (!quote && c === '}' && text[j + 1] === '}') break;
    }
    if (j >= text.length - 1) break;
    out.push({ start: i, end: j + 2 });
    i = j + 2;
  }
  return out;
}

/** The context paths an expression reads (`github.event.issue.title`, `inputs.tag`), with who controls each. */
export function contextsIn(expr: string, pipeline?: Pipeline): ContextRef[] {
  const out: ContextRef[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === "'") {
      const close = expr.indexOf("'", i + 1);
      i = close === -1 ? expr.length : close + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c) && (i === 0 || !/[\w.\-\]]/.test(expr[i - 1]!))) {
      let j = i;
      let path = '';
      while (j < expr.length) {
        const d = expr[j]!;
        if (/[\w\-.*]/.test(d)) {
          path += d;
          j++;
        } else if (d === '[') {
          const close = expr.indexOf(']', j);
          if (close === -1) break;
          const inner = expr.slice(j + 1, close).trim().replace(/^['"]|['"]$/g, '');
          path += '.' + inner;
          j = close + 1;
        } else break;
      }
      let k = j;
      while (expr[k] === ' ') k++;
      const isCall = expr[k] === '(';
      const lower = path.toLowerCase();
      if (!isCall && !/^(true|false|null)$/.test(lower)) out.push({ path: lower, control: classifyContext(lower, pipeline) });
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

/** Fields under `github.event.` whose text anyone can choose (issues, PRs, comments, fork branch names, commit messages and authors). */
const ATTACKER_EVENT_FIELDS: string[][] = [
  ['issue', 'title'], ['issue', 'body'],
  ['pull_request', 'title'], ['pull_request', 'body'],
  ['pull_request', 'head', 'ref'], ['pull_request', 'head', 'label'], ['pull_request', 'head', 'repo', 'default_branch'],
  ['comment', 'body'], ['review', 'body'], ['review_comment', 'body'],
  ['discussion', 'title'], ['discussion', 'body'],
  ['pages', '*', 'page_name'],
  ['commits', '*', 'message'], ['commits', '*', 'author', 'email'], ['commits', '*', 'author', 'name'],
  ['head_commit', 'message'], ['head_commit', 'author', 'email'], ['head_commit', 'author', 'name'], ['head_commit', 'committer', 'email'], ['head_commit', 'committer', 'name'],
  ['workflow_run', 'head_branch'], ['workflow_run', 'display_title'],
  ['workflow_run', 'head_commit', 'message'], ['workflow_run', 'head_commit', 'author', 'email'], ['workflow_run', 'head_commit', 'author', 'name'],
  ['workflow_run', 'pull_requests', '*', 'head', 'ref'],
  ['merge_group', 'head_commit', 'message'], ['merge_group', 'head_commit', 'author', 'name'], ['merge_group', 'head_commit', 'author', 'email'],
];

function matchesField(parts: string[], pattern: string[]): boolean {
  if (parts.length !== pattern.length) return false;
  return pattern.every((p, i) => p === '*' || parts[i] === p);
}

/**
 * Who controls the text of a context. The allow-list of `safe` contexts is
 * what zizmor users report as false positives (zizmor#1166, #1638): ids,
 * numbers, SHAs, step outcomes, secrets, typed inputs, the repository and
 * actor names (GitHub restricts their characters).
 */
export function classifyContext(path: string, pipeline?: Pipeline): ContextControl {
  const parts = path.split('.');
  const [root] = parts;
  if (path === 'github.head_ref') return 'attacker';
  if (root === 'github' && parts[1] === 'event') {
    const rest = parts.slice(2);
    if (rest[0] === 'inputs' && rest[1]) return inputControl(rest[1], pipeline);
    if (ATTACKER_EVENT_FIELDS.some((f) => matchesField(rest, f))) return 'attacker';
    return 'safe';
  }
  if (root === 'inputs' && parts[1]) return inputControl(parts[1], pipeline);
  if (root === 'github' || root === 'secrets' || root === 'matrix' || root === 'strategy' || root === 'runner' || root === 'job' || root === 'vars') return 'safe';
  if (root === 'steps' && (parts[2] === 'outcome' || parts[2] === 'conclusion')) return 'safe';
  if (root === 'needs' && parts[2] === 'result') return 'safe';
  return 'unknown';
}

function inputControl(name: string, pipeline: Pipeline | undefined): ContextControl {
  const inputs = (pipeline?.inputs ?? []).filter((i) => i.name.toLowerCase() === name);
  if (inputs.length === 0) return 'unknown';
  if (inputs.every((i) => i.type !== 'string')) return 'safe';
  return inputs.some((i) => i.trigger === 'workflow_dispatch' && i.type === 'string') && pipeline?.kind === 'workflow' ? 'dispatch-input' : 'unknown';
}

// ---------------------------------------------------------------- triggers

/** The events that start the workflow (`on:` keys), lower-cased. */
export function triggerNames(pipeline: Pipeline): Set<string> {
  return new Set(pipeline.triggers.map((t) => t.value.toLowerCase()));
}

/** Events that run in the base repository's context (with its secrets and a write token) for code or text a fork controls. */
export const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run', 'issue_comment', 'issues', 'discussion', 'discussion_comment', 'pull_request_review', 'pull_request_review_comment'] as const;

// ---------------------------------------------------------------- permissions

export interface JobPermissions {
  /** Where the permissions come from: the job's `permissions:`, the workflow's, or neither (the repository/organisation default). */
  source: 'job' | 'workflow' | 'default';
  location?: Location;
  writeAll: boolean;
  readAll: boolean;
  /** Scopes granted `write`. */
  writes: string[];
}

/** The permissions the job's `GITHUB_TOKEN` gets: the job's own block replaces the workflow's. */
export function jobPermissions(pipeline: Pipeline, job: PipelineJob): JobPermissions {
  const field = job.permissions ?? pipeline.permissions;
  const source = job.permissions ? 'job' : pipeline.permissions ? 'workflow' : 'default';
  const v = field?.value;
  const writes: string[] = [];
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, s] of Object.entries(v)) if (String(s).toLowerCase() === 'write') writes.push(k);
  const str = typeof v === 'string' ? v.toLowerCase() : '';
  return { source, location: field?.location, writeAll: str === 'write-all', readAll: str === 'read-all', writes };
}

// ---------------------------------------------------------------- checkouts

export interface Checkout {
  job: PipelineJob;
  step: PipelineStep;
  /** `with.ref` as written. */
  ref?: { value: string; location: Location };
  /** `with.repository` as written. */
  repository?: string;
  /** False only when `persist-credentials: false` is written. */
  persistsCredentials: boolean;
  /** The ref is the head of a pull request or of the run that triggered `workflow_run`: code a fork controls. */
  checksOutPrHead: boolean;
}

const PR_HEAD = [
  'github.event.pull_request.head.sha', 'github.event.pull_request.head.ref', 'github.head_ref',
  'github.event.workflow_run.head_sha', 'github.event.workflow_run.head_branch', 'github.event.workflow_run.head_commit.id',
  'github.event.pull_request.number', 'github.event.issue.number', 'github.event.number',
];

/** A `ref:` value that names the pull request's head (or merge) commit. */
export function refersToPrHead(text: string): boolean {
  const t = text.toLowerCase();
  if (t.includes('refs/pull/')) return true;
  // `steps.pr.outputs.head_ref` / `head_sha`: the head found by an action such as xt0rted/pull-request-comment-branch.
  const outputHead = (p: string) => /^steps\.[^.]+\.outputs\.head[-_](ref|sha)$/.test(p);
  return findExpressions(t).some((e) => contextsIn(t.slice(e.start + 3, e.end - 2)).some((c) => PR_HEAD.includes(c.path) || outputHead(c.path)));
}

export function checkouts(pipeline: Pipeline): Checkout[] {
  const out: Checkout[] = [];
  for (const job of pipeline.jobs)
    for (const step of job.steps) {
      if (actionName(step.uses) !== 'actions/checkout') continue;
      const ref = step.with['ref'];
      const persist = step.with['persist-credentials']?.value.trim().toLowerCase();
      out.push({
        job,
        step,
        ref: ref ? { value: ref.value, location: ref.location } : undefined,
        repository: step.with['repository']?.value,
        persistsCredentials: persist !== 'false',
        checksOutPrHead: ref ? refersToPrHead(ref.value) : false,
      });
    }
  return out;
}

/** `Workflow "ci", job "build", step 3 ("Run tests")`: how messages name a step. */
export function stepLabel(pipeline: Pipeline, job: PipelineJob, step?: PipelineStep): string {
  const wf = pipeline.kind === 'workflow' ? `workflow ${pipeline.file.path}` : `action ${pipeline.file.path}`;
  const j = pipeline.kind === 'workflow' ? `, job "${job.id}"` : '';
  if (!step) return wf + j;
  const name = step.name ?? step.id ?? actionName(step.uses) ?? step.uses?.raw ?? (step.run ? firstLine(step.run.value) : undefined);
  return `${wf}${j}, step ${step.index + 1}${name ? ` ("${name}")` : ''}`;
}

/** Fingerprint key part naming a step without line numbers. */
export function stepKey(pipeline: Pipeline, job: PipelineJob, step?: PipelineStep): string {
  const base = `${pipeline.file.path} jobs.${job.id}`;
  if (!step) return base;
  return `${base}.steps[${step.id ?? step.name ?? step.uses?.raw ?? step.index}]`;
}

function firstLine(s: string): string {
  const l = s.trim().split('\n')[0] ?? '';
  return l.length > 40 ? l.slice(0, 37) + '...' : l;
}
