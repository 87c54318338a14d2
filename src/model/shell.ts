/**
 * A small POSIX-shell tokenizer for RUN instructions and workflow `run:`
 * scripts. It splits a script into simple commands (argv words with source
 * positions) and pipelines. It is deliberately not a shell: it does not expand
 * variables or run anything. One linear pass, no backtracking.
 */
import type { LineIndex } from './location.js';
import type { ShellCommand, ShellScript, ShellWord } from './types.js';

interface RawWord {
  text: string;
  start: number;
  end: number;
}

type Token = { word: RawWord } | { op: string };

export interface ShellSource {
  /** Whole file text and its index, so words get file positions. */
  lines: LineIndex;
  path: string;
  /** Start and end offsets of the script inside the file text. */
  start: number;
  end: number;
  /** Dockerfile escape character; line continuations are removed. */
  escape?: string;
  /** Dockerfile: lines starting with `#` inside a continued instruction are comments. */
  dockerfileContinuations?: boolean;
}

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '(', ')'];

export function parseShell(src: ShellSource): ShellScript {
  const text = src.lines.text;
  const esc = src.escape ?? '\\';
  const tokens: Token[] = [];
  let approximate = false;
  let i = src.start;
  let word: RawWord | undefined;

  const flush = () => {
    if (word) tokens.push({ word });
    word = undefined;
  };
  const append = (s: string, at: number, to: number) => {
    if (!word) word = { text: '', start: at, end: to };
    word.text += s;
    word.end = to;
  };

  while (i < src.end) {
    const c = text[i]!;
    // Line continuation: escape + newline joins lines.
    if (c === esc && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      if (src.dockerfileContinuations) i = skipContinuationComments(text, i, src.end);
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush();
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      flush();
      tokens.push({ op: ';' });
      i++;
      if (src.dockerfileContinuations) i = skipContinuationComments(text, i, src.end);
      continue;
    }
    if (c === '#' && !word) {
      while (i < src.end && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1 || close >= src.end) {
        approximate = true;
        append(text.slice(i + 1, src.end), i, src.end);
        i = src.end;
        continue;
      }
      append(text.slice(i + 1, close), i, close + 1);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.end && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < src.end) {
          if (text[j + 1] === '\n') {
            j += 2;
            continue;
          }
          s += text[j + 1];
          j += 2;
          continue;
        }
        s += text[j];
        j++;
      }
      if (j >= src.end) approximate = true;
      append(s, i, Math.min(j + 1, src.end));
      i = j + 1;
      continue;
    }
    if (c === '\\' && i + 1 < src.end) {
      append(text[i + 1]!, i, i + 2);
      i += 2;
      continue;
    }
    if (c === '$' && text[i + 1] === '{' && text[i + 2] === '{') {
      // A GitHub Actions expression `${{ ... }}` is substituted before the shell runs: one word.
      const close = text.indexOf('}}', i + 3);
      const to = close === -1 || close + 2 > src.end ? src.end : close + 2;
      append(text.slice(i, to), i, to);
      i = to;
      continue;
    }
    if ((c === '$' || c === '<' || c === '>') && text[i + 1] === '(') {
      // Command substitution `$(...)` and process substitution `<(...)` / `>(...)` stay inside the current word.
      const j = matchParen(text, i + 1, src.end);
      if (j === -1) approximate = true;
      const to = j === -1 ? src.end : j + 1;
      append(text.slice(i, to), i, to);
      i = to;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const to = close === -1 || close >= src.end ? src.end : close + 1;
      if (close === -1) approximate = true;
      append(text.slice(i, to), i, to);
      i = to;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      approximate = true; // heredoc inside a shell script: body is not split
    }
    if (c === '>' || c === '<' || ((c === '1' || c === '2') && text[i + 1] === '>' && !word)) {
      flush();
      let j = i;
      while (j < src.end && /[0-9<>&|-]/.test(text[j]!)) j++;
      tokens.push({ op: 'redirect' });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      flush();
      tokens.push({ op });
      i += op.length;
      continue;
    }
    append(c, i, i + 1);
    i++;
  }
  flush();
  return build(tokens, src, approximate);
}

function skipContinuationComments(text: string, i: number, end: number): number {
  for (;;) {
    let j = i;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] !== '#') return i;
    const nl = text.indexOf('\n', j);
    if (nl === -1 || nl >= end) return end;
    i = nl + 1;
  }
}

function matchParen(text: string, open: number, end: number): number {
  let depth = 0;
  for (let j = open; j < end; j++) {
    const c = text[j];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return j;
    } else if (c === "'") {
      const close = text.indexOf("'", j + 1);
      if (close === -1) return -1;
      j = close;
    }
  }
  return -1;
}

function build(tokens: Token[], src: ShellSource, approximate: boolean): ShellScript {
  const commands: ShellCommand[] = [];
  const pipelines: number[][] = [];
  let argv: ShellWord[] = [];
  let assignments: ShellWord[] = [];
  let pipeline: number[] = [];
  let skipNext = false;

  const endCommand = () => {
    if (argv.length > 0) {
      const first = argv[0]!.location;
      const last = argv[argv.length - 1]!.location;
      commands.push({
        argv,
        assignments,
        location: { path: src.path, startLine: first.startLine, startColumn: first.startColumn, endLine: last.endLine, endColumn: last.endColumn },
      });
      pipeline.push(commands.length - 1);
    }
    argv = [];
    assignments = [];
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length > 0) pipelines.push(pipeline);
    pipeline = [];
  };

  for (const t of tokens) {
    if ('word' in t) {
      if (skipNext) {
        skipNext = false;
        continue;
      }
      const w = t.word;
      // Leading `VAR=value` assignments are not the command name.
      const word = { text: w.text, location: src.lines.location(src.path, w.start, w.end) };
      if (argv.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)) {
        assignments.push(word);
        continue;
      }
      argv.push(word);
      continue;
    }
    if (t.op === 'redirect') {
      skipNext = true;
      continue;
    }
    skipNext = false;
    if (t.op === '|' || t.op === '|&') endCommand();
    else endPipeline();
  }
  endPipeline();
  return { text: src.lines.text.slice(src.start, src.end), commands, pipelines, approximate };
}

/** The program name of a command, without its directory (`/usr/bin/apt-get` is `apt-get`). */
export function programName(cmd: ShellCommand): string {
  let k = 0;
  // `sudo`, `env`, `exec`, `time`, `nice` prefix the real command.
  while (k < cmd.argv.length - 1 && /^(exec|time|nice|nohup|command)$/.test(cmd.argv[k]!.text)) k++;
  const t = cmd.argv[k]?.text ?? '';
  return t.slice(t.lastIndexOf('/') + 1);
}
