/**
 * Dockerfile → ImageBuild. Parsing is dockerfile-ast's; this module decides the
 * things it gets wrong or leaves to us: exec vs shell form (JSON.parse of the
 * raw arguments, as Docker does), quote-aware RUN splitting, ARG substitution
 * in FROM, and which stage a FROM or COPY --from refers to.
 *
 * Instructions before any FROM (a fragment that a build script assembles,
 * linted instruction by instruction as hadolint does) are lifted as one
 * implicit stage with an unknown base, and the build records it as a fragment.
 */
import { DockerfileParser, type Instruction, type Dockerfile } from 'dockerfile-ast';
import '../parsers/dockerfile-ast-memo.js';
import type {
  BuildStage, CommandInstruction, CopyInstruction, DockerInstruction, DockerUser, ImageBuild, Location,
  RunInstruction, SecretValue, ShellScript, SourceFile,
} from './types.js';
import { imageBuildPurpose } from './image-purpose.js';
import { parseImageRef, substituteVars } from './image-ref.js';
import { parseShell } from './shell.js';
import { packageInstalls } from './package-installs.js';
import { LineIndex } from './location.js';
import { looksLikeSecretName, isPlaceholderValue } from './secret-names.js';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function liftDockerfile(file: SourceFile, secrets: SecretValue[]): ImageBuild {
  const df: Dockerfile = DockerfileParser.parse(file.text);
  const loc = (r: LspRange): Location => ({
    path: file.path,
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  const offset = (p: { line: number; character: number }) => file.lines.offsetOf(p.line + 1, p.character + 1);
  const escape = df.getEscapeCharacter();

  const instructions = df.getInstructions();
  // Global ARGs: those before the first FROM and before any other instruction (after one, they belong to the implicit stage).
  const leading = instructions.findIndex((i) => i.getKeyword().toUpperCase() !== 'ARG');
  const globalArgs = instructions.slice(0, leading === -1 ? instructions.length : leading).flatMap((a) => {
    const p = propertiesOf(a)[0];
    return p ? [{ name: p.getName(), default: p.getValue() ?? undefined, location: loc(a.getRange()) }] : [];
  });
  const argValues = new Map<string, string | undefined>(globalArgs.map((a) => [a.name, a.default]));

  const stages: BuildStage[] = [];
  let current: BuildStage | undefined;
  let fragment: ImageBuild['fragment'];
  // ARG/ENV values visible to the instructions of the current stage. Docker's
  // scoping: a global ARG is visible in a stage only once redeclared there;
  // ENV is inherited by stages built FROM an earlier stage.
  let vars = new Map<string, string | undefined>();
  const stageEnv = new Map<BuildStage, Map<string, string | undefined>>();

  for (const [i, ins] of instructions.entries()) {
    const keyword = ins.getKeyword().toUpperCase();
    const di = toInstruction(ins, keyword, loc);
    if (keyword === 'FROM') {
      if (current) stageEnv.set(current, vars);
      current = liftFrom(ins, di, stages, argValues, loc);
      stages.push(current);
      vars = new Map(current.parentStage ? stageEnv.get(current.parentStage) ?? [] : []);
      continue;
    }
    if (!current) {
      if (i < leading || leading === -1) continue; // global ARGs
      // An instruction before any FROM: a fragment. Its instructions are evaluated as one stage on an unknown base;
      // the leading ARGs are the fragment's own, so they stay visible in it.
      current = implicitStage(di);
      stages.push(current);
      vars = new Map(argValues);
    }
    if (current.implicit) fragment = { first: fragment?.first ?? di, count: (fragment?.count ?? 0) + 1 };
    current.instructions.push(di);
    switch (keyword) {
      case 'RUN':
        current.runs.push(liftRun(ins, di, file, escape, offset, shellOf(current)));
        break;
      case 'COPY':
      case 'ADD':
        current.copies.push(liftCopy(ins, di, keyword, loc));
        break;
      case 'USER': {
        const u = parseUser(di.argsText, argLocation(ins, loc) ?? di.location, vars);
        if (u) current.users.push(u);
        break;
      }
      case 'EXPOSE':
        for (const a of ins.getArguments()) {
          const [portText, proto] = a.getValue().split('/');
          const port = /^\d+$/.test(portText ?? '') ? Number(portText) : undefined;
          current.exposes.push({ value: a.getValue(), location: loc(a.getRange()), port, protocol: (proto ?? 'tcp').toLowerCase() });
        }
        break;
      case 'ENV':
      case 'ARG':
        for (const p of propertiesOf(ins)) {
          const name = p.getName();
          const value = p.getValue() ?? undefined;
          const range = p.getRange();
          if (keyword === 'ENV') current.env.push({ name, value: value ?? '', location: loc(range) });
          else current.args.push({ name, default: value, location: loc(range) });
          vars.set(name, keyword === 'ENV' ? value ?? '' : value ?? argValues.get(name));
          if (value && looksLikeSecretName(name) && !isPlaceholderValue(value)) {
            secrets.push({ name, value, origin: keyword === 'ENV' ? 'dockerfile-env' : 'dockerfile-arg', location: loc(range) });
          }
        }
        break;
      case 'WORKDIR':
        current.workdirs.push({ value: di.argsText.trim(), location: argLocation(ins, loc) ?? di.location });
        break;
      case 'CMD':
        current.cmd = liftCommand(di);
        break;
      case 'ENTRYPOINT':
        current.entrypoint = liftCommand(di);
        break;
      case 'HEALTHCHECK':
        current.healthcheck = di;
        break;
      case 'LABEL':
        for (const p of propertiesOf(ins)) current.labels.push({ name: p.getName(), value: p.getValue() ?? '', location: loc(p.getRange()) });
        break;
      case 'SHELL': {
        const argv = parseJsonArray(di.argsText);
        if (argv) current.shell = { value: argv, location: di.location };
        break;
      }
    }
  }

  for (const s of stages) {
    s.effectiveUser = s.users[s.users.length - 1] ?? s.parentStage?.effectiveUser;
  }
  // A file of nothing but ARGs has no stage either: it is a fragment too.
  if (stages.length === 0 && instructions.length > 0) fragment = { first: toInstruction(instructions[0]!, 'ARG', loc), count: instructions.length };
  const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
  return {
    file,
    ast: df,
    stages,
    finalStage: stages[stages.length - 1],
    globalArgs,
    contextDir: dir,
    contextSource: 'dockerfile-dir',
    namedContexts: new Map(),
    producesImages: [],
    targets: new Map(),
    usedBy: [],
    purpose: imageBuildPurpose(file.path, stages, fragment !== undefined),
    fragment,
  };
}

function toInstruction(ins: Instruction, keyword: string, loc: (r: LspRange) => Location): DockerInstruction {
  const flags = 'getFlags' in ins && typeof (ins as { getFlags?: unknown }).getFlags === 'function'
    ? (ins as unknown as { getFlags(): Array<{ getName(): string; getValue(): string | null; getRange(): LspRange }> })
        .getFlags()
        .map((f) => ({ name: f.getName(), value: f.getValue(), location: loc(f.getRange()) }))
    : [];
  return {
    keyword,
    argsText: ins.getRawArgumentsContent() ?? '',
    location: loc(ins.getRange()),
    keywordLocation: loc(ins.getInstructionRange()),
    flags,
  };
}

function argLocation(ins: Instruction, loc: (r: LspRange) => Location): Location | undefined {
  const args = ins.getArguments();
  if (args.length === 0) return undefined;
  const a = loc(args[0]!.getRange());
  const b = loc(args[args.length - 1]!.getRange());
  return { ...a, endLine: b.endLine, endColumn: b.endColumn };
}

function liftFrom(
  ins: Instruction,
  di: DockerInstruction,
  stages: BuildStage[],
  argValues: ReadonlyMap<string, string | undefined>,
  loc: (r: LspRange) => Location,
): BuildStage {
  const from = ins as unknown as {
    getImage(): string | null;
    getImageRange(): LspRange | null;
    getBuildStage(): string | null;
    getBuildStageRange(): LspRange | null;
    getPlatformFlag(): { getValue(): string | null; getRange(): LspRange } | null;
  };
  const imageText = from.getImage() ?? '';
  const imageRange = from.getImageRange();
  const imageLoc = imageRange ? loc(imageRange) : di.location;
  const expanded = substituteVars(imageText, argValues);
  const parent = stages.find((s) => s.name && s.name.value.toLowerCase() === expanded.toLowerCase());
  const stageName = from.getBuildStage();
  const stageRange = from.getBuildStageRange();
  const platform = from.getPlatformFlag();
  const base = parent || !imageText ? undefined : parseImageRef(expanded, imageLoc);
  return {
    index: stages.length,
    name: stageName && stageRange ? { value: stageName, location: loc(stageRange) } : undefined,
    from: di,
    base,
    parentStage: parent,
    // A parent is always an earlier stage, so its rootBase is already known.
    rootBase: parent ? parent.rootBase : base,
    platform: platform?.getValue() ? { value: platform.getValue()!, location: loc(platform.getRange()) } : undefined,
    ...emptyStageLists(),
  };
}

/** What a stage collects while its instructions are lifted, empty at its FROM. */
function emptyStageLists(): Pick<BuildStage, 'instructions' | 'runs' | 'copies' | 'users' | 'exposes' | 'env' | 'args' | 'workdirs' | 'labels'> {
  return { instructions: [], runs: [], copies: [], users: [], exposes: [], env: [], args: [], workdirs: [], labels: [] };
}

/** The stage of a fragment's instructions before any FROM: no base, no name; its first instruction stands where FROM would. */
function implicitStage(first: DockerInstruction): BuildStage {
  return {
    index: 0,
    implicit: true,
    from: first,
    ...emptyStageLists(),
  };
}

/** The SHELL in force: the stage's last SHELL so far, else its parent stage's; undefined = platform default. */
function shellOf(stage: BuildStage): string[] | undefined {
  for (let s: BuildStage | undefined = stage; s; s = s.parentStage) if (s.shell) return s.shell.value;
  return undefined;
}

function liftRun(
  ins: Instruction,
  di: DockerInstruction,
  file: SourceFile,
  escape: string,
  offset: (p: { line: number; character: number }) => number,
  shell: string[] | undefined,
): RunInstruction {
  const mounts = di.flags
    .filter((f) => f.name === 'mount' && f.value)
    .map((f) => {
      const options: Record<string, string> = {};
      for (const part of f.value!.split(',')) {
        const eq = part.indexOf('=');
        if (eq === -1) options[part] = 'true';
        else options[part.slice(0, eq)] = part.slice(eq + 1);
      }
      return { type: options['type'] ?? 'bind', target: options['target'] ?? options['dst'] ?? options['destination'], options };
    });

  const execArgv = parseJsonArray(di.argsText);
  if (execArgv) {
    // Exec form: `["sh", "-c", "script"]` runs a shell; anything else is one command.
    const shellIndex = execArgv.findIndex((a) => a === '-c');
    const text = shellIndex !== -1 && /(^|\/)(ba|da|z|k)?sh$/.test(execArgv[0] ?? '') ? execArgv[shellIndex + 1] ?? '' : execArgv.join(' ');
    const script = detachedScript(text, di.location);
    return { instruction: di, form: 'exec', execArgv, script, installs: packageInstalls(script.commands), mounts, shell };
  }

  const heredocs = (ins as unknown as { getHeredocs?(): Array<{ getContentRange(): LspRange | null }> }).getHeredocs?.() ?? [];
  const body = heredocs[0]?.getContentRange();
  let script: ShellScript;
  if (body) {
    script = parseShell({ lines: file.lines, path: file.path, start: offset(body.start), end: offset(body.end) });
  } else {
    const args = ins.getArguments();
    if (args.length === 0) {
      script = { text: '', commands: [], pipelines: [], approximate: false };
    } else {
      const start = offset(args[0]!.getRange().start);
      const end = offset(ins.getRange().end);
      script = parseShell({ lines: file.lines, path: file.path, start, end, escape, dockerfileContinuations: true });
    }
  }
  return { instruction: di, form: 'shell', script, installs: packageInstalls(script.commands), mounts, shell };
}

/** A script whose words cannot be placed precisely (exec-form JSON): every word points at the instruction. */
function detachedScript(text: string, at: Location): ShellScript {
  const lines = new LineIndex(text);
  const parsed = parseShell({ lines, path: at.path, start: 0, end: text.length });
  for (const c of parsed.commands) {
    c.location = at;
    for (const w of c.argv) w.location = at;
  }
  return { ...parsed, approximate: true };
}


function liftCopy(ins: Instruction, di: DockerInstruction, keyword: 'COPY' | 'ADD', loc: (r: LspRange) => Location): CopyInstruction {
  const fromFlag = di.flags.find((f) => f.name === 'from');
  const chown = di.flags.find((f) => f.name === 'chown')?.value ?? undefined;
  const heredoc = /^<<-?["']?\w/.test(di.argsText.trim());
  const json = parseJsonArray(di.argsText);
  let words: Array<{ text: string; location: Location }>;
  if (json) {
    words = json.map((text) => ({ text, location: di.location }));
  } else {
    words = ins.getArguments().map((a) => ({ text: a.getValue(), location: loc(a.getRange()) }));
  }
  return {
    instruction: di,
    keyword,
    from: fromFlag?.value ? { value: fromFlag.value, location: fromFlag.location } : undefined,
    sources: words.slice(0, -1),
    destination: words[words.length - 1],
    chown,
    heredoc,
  };
}

function liftCommand(di: DockerInstruction): CommandInstruction {
  const json = parseJsonArray(di.argsText);
  return json ? { instruction: di, form: 'exec', argv: json } : { instruction: di, form: 'shell', argv: [di.argsText.trim()] };
}

/** Docker's rule: the arguments are exec form only if they parse as a JSON array of strings. */
export function parseJsonArray(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export function parseUser(text: string, location: Location, vars: ReadonlyMap<string, string | undefined> = new Map()): DockerUser | undefined {
  const raw = text.trim();
  if (!raw) return undefined;
  const t = substituteVars(raw.replace(/["']/g, ''), vars).trim();
  const resolved = !t.includes('$') && t !== '';
  const [user, group] = t.split(':');
  const uid = resolved && /^\d+$/.test(user ?? '') ? Number(user) : undefined;
  return { raw, user: user ?? '', group, uid, resolved, location };
}

function propertiesOf(ins: Instruction): Array<{ getName(): string; getValue(): string | null; getRange(): LspRange }> {
  const withProps = ins as unknown as {
    getProperties?(): Array<{ getName(): string; getValue(): string | null; getRange(): LspRange }>;
    getProperty?(): { getName(): string; getValue(): string | null; getRange(): LspRange } | null;
  };
  if (withProps.getProperties) return withProps.getProperties();
  const p = withProps.getProperty?.();
  return p ? [p] : [];
}

/** Root means uid 0 or the name `root`; an unresolved `$VAR` is unknown, not root. */
