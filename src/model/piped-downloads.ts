/**
 * Downloads run straight through an interpreter: `curl ... | sh`,
 * `wget -O- ... | sudo bash -s --`, `sh -c "$(curl ...)"`, `bash <(curl ...)`.
 * Shared by dockerfile/curl-pipe-shell (RUN) and ci/curl-pipe-shell (`run:`).
 */
import { realProgramName } from './package-installs.js';
import type { ShellCommand, ShellScript } from './types.js';

const DOWNLOADERS = new Set(['curl', 'wget']);
const SHELLS = /^(sh|bash|dash|ash|zsh|ksh|python[0-9.]*|perl|ruby|node)$/;
/** `sh -c "$(curl -fsSL https://...)"`, `bash <(curl ...)`: the download happens inside a word. */
const SUBST = /(\$\(|<\(|`)\s*(curl|wget)\s/;

export interface PipedDownload {
  /** The downloading command (or the shell, for `sh -c "$(curl ...)"`). */
  first: ShellCommand;
  /** The interpreter that runs it. */
  last: ShellCommand;
  interpreter: string;
  /** The URL fetched, or `a download` when none is written. */
  url: string;
}

export function pipedDownloads(script: ShellScript): PipedDownload[] {
  const out: PipedDownload[] = [];
  const cmds = script.commands;
  const reported = new Set<number>();
  const add = (first: ShellCommand, last: ShellCommand, interpreter: string) => {
    const url = first.argv.concat(last.argv).map((w) => w.text).find((t) => /^https?:\/\//.test(t) || /\bhttps?:\/\//.test(t));
    const shown = url ? (url.match(/https?:\/\/[^\s"')]+/)?.[0] ?? url) : 'a download';
    out.push({ first, last, interpreter, url: shown });
  };
  for (const p of script.pipelines) {
    if (p.length < 2) continue;
    const dl = p.findIndex((i) => DOWNLOADERS.has(realProgramName(cmds[i]!)));
    if (dl === -1) continue;
    const sh = p.slice(dl + 1).find((i) => runsStdin(cmds[i]!));
    if (sh === undefined) continue;
    reported.add(p[dl]!);
    add(cmds[p[dl]!]!, cmds[sh]!, realProgramName(cmds[sh]!));
  }
  cmds.forEach((c, i) => {
    const name = realProgramName(c);
    if (!SHELLS.test(name)) return;
    if (c.argv.some((w) => SUBST.test(w.text)) && !reported.has(i)) add(c, c, name);
  });
  return out;
}

/** `sh`, `bash -s -- --flag`, `sudo -E bash -`, `python3 -`: an interpreter reading its program from stdin. */
function runsStdin(c: ShellCommand): boolean {
  const name = realProgramName(c);
  if (!SHELLS.test(name)) return false;
  const i = c.argv.findIndex((w) => w.text.slice(w.text.lastIndexOf('/') + 1) === name);
  const args = c.argv.slice(i + 1).map((w) => w.text);
  if (/^(sh|bash|dash|ash|zsh|ksh)$/.test(name)) {
    // `bash -c "..."` or `sh script.sh` do not read the pipe as a program.
    if (args.includes('-c')) return false;
    const firstOperand = args.find((a) => !a.startsWith('-'));
    return firstOperand === undefined || args.includes('-s') || args[0] === '-';
  }
  // Interpreters: `python3 -` or no script argument.
  const operand = args.find((a) => !a.startsWith('-') || a === '-');
  return operand === undefined || operand === '-';
}
