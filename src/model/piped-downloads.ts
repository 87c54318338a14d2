/**
 * Downloads run straight through an interpreter: `curl ... | sh`,
 * `wget -O- ... | sudo bash -s --`, `sh -c "$(curl ...)"`, `bash <(curl ...)`.
 * Shared by dockerfile/curl-pipe-shell (RUN) and ci/curl-pipe-shell (`run:`).
 */
import { realProgramName } from './package-installs.js';
import { trimTrailingSlashes } from './strings.js';
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

// ---------------------------------------------------------------- downloads used without a checksum

export interface UnverifiedDownload {
  /** The curl/wget command. */
  download: ShellCommand;
  /** The command that installs, unpacks or runs what was downloaded. */
  use: ShellCommand;
  url: string;
  /** What was done with it: `tar`, `chmod +x`, `dpkg -i` ... */
  how: string;
}

const VERIFIERS = /^(sha(1|224|256|384|512)sum|shasum|b2sum|md5sum|gpg|gpg2|gpgv|cosign|minisign|signify|slsa-verifier|sigstore|rekor-cli)$/;
const UNPACKERS = new Set(['tar', 'unzip', 'bsdtar', 'gunzip', 'xz', 'unxz', 'zstd', '7z', 'dpkg', 'rpm', 'apk', 'install', 'mv', 'cp', 'chmod', 'sh', 'bash', 'dash', 'zsh', 'python', 'python3', 'node', 'java', 'msiexec', 'apt', 'apt-get', 'yum', 'dnf']);

function urlOf(c: ShellCommand): string | undefined {
  return c.argv.map((w) => w.text.replace(/^["']|["']$/g, '')).find((t) => t.startsWith('http://') || t.startsWith('https://'));
}

function basename(p: string): string {
  const q = trimTrailingSlashes(p.split('?')[0]!);
  return q.slice(q.lastIndexOf('/') + 1);
}

/** The file a curl/wget command writes ('-' for stdout), from `-o`, `-O`, `--output`, `-fsSLo FILE`, wget's default of the URL's name. */
function outputOf(c: ShellCommand, prog: string, url: string): string {
  const args = c.argv.map((w) => w.text.replace(/^["']|["']$/g, ''));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (prog === 'curl') {
      if (a === '-o' || a === '--output') return args[i + 1] ?? '-';
      if (a.startsWith('--output=')) return a.slice(9);
      if (/^-[a-zA-Z]*o$/.test(a)) return args[i + 1] ?? '-';
      if (a === '-O' || a === '--remote-name' || (/^-[a-zA-Z]+$/.test(a) && a.includes('O'))) return basename(url);
    } else {
      if (a === '-O' || a === '--output-document') return args[i + 1] ?? '-';
      if (a.startsWith('--output-document=')) return a.slice(18);
      if (/^-[a-zA-Z]*O$/.test(a)) return args[i + 1] ?? '-';
      if (/^-[a-zA-Z]*O-$/.test(a)) return '-';
    }
  }
  return prog === 'curl' ? '-' : basename(url);
}

/**
 * Binaries and archives fetched with curl/wget and then unpacked, installed
 * or run with no checksum or signature check (`sha256sum -c`, `gpg --verify`,
 * `cosign verify-blob`) anywhere between: `curl -fsSLo x.tgz URL && tar xzf x.tgz`,
 * `curl -fsSL URL | tar xz`. Pipes into a shell are pipedDownloads'.
 */
export function unverifiedDownloads(script: ShellScript): UnverifiedDownload[] {
  const out: UnverifiedDownload[] = [];
  const cmds = script.commands;
  const pipedShell = new Set(pipedDownloads(script).map((d) => d.first));
  const pipeOf = new Map<number, number[]>();
  for (const p of script.pipelines) for (const i of p) pipeOf.set(i, p);
  const pending: Array<{ cmd: ShellCommand; url: string; file: string }> = [];
  cmds.forEach((c, i) => {
    const prog = realProgramName(c);
    if (VERIFIERS.test(prog)) {
      pending.length = 0;
      return;
    }
    if (DOWNLOADERS.has(prog) && !pipedShell.has(c)) {
      const url = urlOf(c);
      if (!url) return;
      const file = outputOf(c, prog, url);
      if (file === '-') {
        const p = pipeOf.get(i) ?? [];
        const next = p[p.indexOf(i) + 1];
        const consumer = next === undefined ? undefined : cmds[next];
        const cname = consumer ? realProgramName(consumer) : '';
        if (consumer && ['tar', 'bsdtar', 'unzip', 'gunzip', 'zstd', 'xz'].includes(cname) && !p.some((k) => VERIFIERS.test(realProgramName(cmds[k]!)))) out.push({ download: c, use: consumer, url, how: cname });
        return;
      }
      pending.push({ cmd: c, url, file: basename(file) });
      return;
    }
    if (!UNPACKERS.has(prog)) {
      // `./tool --version`: running the file itself.
      const runs = pending.findIndex((d) => basename(c.argv[0]?.text ?? '') === d.file && (c.argv[0]!.text.startsWith('./') || c.argv[0]!.text.startsWith('/')));
      if (runs === -1) return;
      const d = pending.splice(runs, 1)[0]!;
      out.push({ download: d.cmd, use: c, url: d.url, how: 'runs it' });
      return;
    }
    const words = c.argv.slice(1).map((w) => basename(w.text.replace(/^["']|["']$/g, '')));
    const hit = pending.findIndex((d) => words.includes(d.file) || basename(c.argv[0]?.text ?? '') === d.file);
    if (hit === -1) return;
    const d = pending.splice(hit, 1)[0]!;
    out.push({ download: d.cmd, use: c, url: d.url, how: prog === 'chmod' ? 'chmod +x' : prog });
  });
  return out;
}
