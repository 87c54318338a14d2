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

export class Masker {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string>) {
    // Longest first so a secret containing another is masked whole.
    this.secrets = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join(maskSecret(s));
    }
    return out;
  }

  /** Mask, then strip control characters: the form every quoted string is printed in. */
  clean(text: string): string {
    return stripControl(this.mask(text));
  }
}
