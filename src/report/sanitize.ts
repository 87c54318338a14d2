/**
 * Everything quoted from a scanned file passes through here before it reaches
 * a terminal or a report: control characters (ANSI escapes, bidi overrides)
 * are removed and known secret values are masked.
 */
import { maskSecret } from '../model/secret-names.js';

// C0/C1 controls except tab and newline, DEL, and Unicode bidi/isolate controls (Trojan Source).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function stripControl(s: string): string {
  return s.replace(CONTROL, '');
}

/**
 * A value masked wherever it appears in free text must look like a real
 * secret: short or single-class values (`postgres`, `admin`, `demo`) would
 * mangle ordinary words, image names and paths. Weak values are still masked
 * where they are written (code frames, by location).
 */
export function isStrongSecret(value: string): boolean {
  const v = value.trim();
  if (v.length >= 16) return true;
  if (v.length < 8) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 2;
}

export interface SecretSpan {
  path: string;
  line: number;
  startColumn: number;
  endColumn: number;
}

export class Masker {
  private readonly values: string[];
  private readonly spans = new Map<string, SecretSpan[]>();

  constructor(secrets: Iterable<string>, spans: Iterable<SecretSpan> = []) {
    // Longest first so a secret containing another is masked whole.
    this.values = [...new Set(secrets)].filter(isStrongSecret).sort((a, b) => b.length - a.length);
    for (const sp of spans) {
      const key = `${sp.path}\0${sp.line}`;
      const list = this.spans.get(key) ?? [];
      list.push(sp);
      this.spans.set(key, list);
    }
  }

  /** Masks strong secret values and the values given for this text only (e.g. a finding's own). */
  mask(text: string, extra: readonly string[] = []): string {
    let out = text;
    for (const s of [...extra.filter((e) => e.length >= 4), ...this.values]) {
      if (out.includes(s)) out = out.split(s).join(maskSecret(s));
    }
    return out;
  }

  /** Mask, then strip control characters: the form every quoted string is printed in. */
  clean(text: string, extra: readonly string[] = []): string {
    return stripControl(this.mask(text, extra));
  }

  /** A source line for a code frame: secret spans on it masked by position, then the rest as clean(). */
  cleanLine(path: string, line: number, text: string): string {
    let out = text;
    const spans = (this.spans.get(`${path}\0${line}`) ?? []).slice().sort((a, b) => b.startColumn - a.startColumn);
    for (const sp of spans) {
      const start = sp.startColumn - 1;
      const end = Math.min(out.length, sp.endColumn - 1);
      if (end <= start) continue;
      out = out.slice(0, start) + maskSecret(out.slice(start, end)) + out.slice(end);
    }
    return this.clean(out);
  }
}
