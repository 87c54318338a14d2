/** Sizes as people write them, in the config (`maxFileSize: 10MiB`) and on the command line (`--max-file-size 10MiB`). */
const UNITS: Record<string, number> = { B: 1, KB: 1000, KiB: 1024, MB: 1e6, MiB: 1024 ** 2, GB: 1e9, GiB: 1024 ** 3 };

/** Bytes, or undefined when `v` is not a positive size (a whole number of bytes, or a number with a unit). */
export function parseSize(v: number | string): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?$/.exec(v.trim());
  if (!m) return undefined;
  const unit = m[2] ? UNITS[m[2]] : 1;
  if (unit === undefined) return undefined;
  const n = Math.round(Number(m[1]) * unit);
  return n > 0 ? n : undefined;
}

export const SIZE_EXPECTED = 'a positive size in bytes, optionally with a unit (B, KB, KiB, MB, MiB, GB, GiB), e.g. 10MiB';
