/**
 * Sprig's date functions. A time is a GoTime (a GoStruct carrying the instant); the local zone is
 * UTC (a scan must not depend on the machine's zone). Go reference-time layouts are formatted by
 * scanning the layout for Go's tokens.
 */
import { GoStruct, TemplateError, type FuncMap, type Value } from '../types.js';
import { needString, parseGoInt, toInt64 } from './values.js';

export class GoTime extends GoStruct {
  constructor(readonly ms: number, readonly zone = 'UTC', readonly offsetMin = 0) {
    super('time.Time', {}, {
      Unix: () => BigInt(Math.floor(ms / 1000)),
      UnixNano: () => BigInt(Math.floor(ms)) * 1_000_000n,
      Year: () => BigInt(new Date(ms + offsetMin * 60_000).getUTCFullYear()),
      Format: (layout) => formatTime(new GoTime(ms, zone, offsetMin), needString('Format', layout)),
      UTC: () => new GoTime(ms),
      String: () => formatTime(new GoTime(ms, zone, offsetMin), '2006-01-02 15:04:05.999999999 -0700 MST'),
    });
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function offset(mins: number, colon: boolean, z: boolean, seconds = false): string {
  if (z && mins === 0) return 'Z';
  const sign = mins < 0 ? '-' : '+';
  const a = Math.abs(mins);
  const hh = pad(Math.floor(a / 60), 2);
  const mm = pad(a % 60, 2);
  return sign + hh + (colon ? ':' : '') + mm + (seconds ? (colon ? ':00' : '00') : '');
}

/** Go's Time.Format: layout tokens from the reference time Mon Jan 2 15:04:05 MST 2006. */
export function formatTime(t: GoTime, layout: string): string {
  const d = new Date(t.ms + t.offsetMin * 60_000);
  const Y = d.getUTCFullYear();
  const M = d.getUTCMonth();
  const D = d.getUTCDate();
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  const ms = d.getUTCMilliseconds();
  const tokens: [string, () => string][] = [
    ['January', () => MONTHS[M]!],
    ['Monday', () => DAYS[d.getUTCDay()]!],
    ['-07:00:00', () => offset(t.offsetMin, true, false, true)],
    ['Z07:00:00', () => offset(t.offsetMin, true, true, true)],
    ['-07:00', () => offset(t.offsetMin, true, false)],
    ['Z07:00', () => offset(t.offsetMin, true, true)],
    ['-0700', () => offset(t.offsetMin, false, false)],
    ['Z0700', () => offset(t.offsetMin, false, true)],
    ['2006', () => pad(Y, 4)],
    ['-07', () => offset(t.offsetMin, false, false).slice(0, 3)],
    ['Z07', () => (t.offsetMin === 0 ? 'Z' : offset(t.offsetMin, false, false).slice(0, 3))],
    ['Jan', () => MONTHS[M]!.slice(0, 3)],
    ['Mon', () => DAYS[d.getUTCDay()]!.slice(0, 3)],
    ['MST', () => t.zone],
    ['002', () => pad(Math.floor((Date.UTC(Y, M, D) - Date.UTC(Y, 0, 1)) / 86_400_000) + 1, 3)],
    ['01', () => pad(M + 1, 2)],
    ['02', () => pad(D, 2)],
    ['_2', () => String(D).padStart(2, ' ')],
    ['06', () => pad(Y % 100, 2)],
    ['15', () => pad(h, 2)],
    ['03', () => pad(h % 12 === 0 ? 12 : h % 12, 2)],
    ['04', () => pad(m, 2)],
    ['05', () => pad(s, 2)],
    ['PM', () => (h >= 12 ? 'PM' : 'AM')],
    ['pm', () => (h >= 12 ? 'pm' : 'am')],
    ['1', () => String(M + 1)],
    ['2', () => String(D)],
    ['3', () => String(h % 12 === 0 ? 12 : h % 12)],
    ['4', () => String(m)],
    ['5', () => String(s)],
  ];
  let out = '';
  let i = 0;
  outer: while (i < layout.length) {
    // Fractional seconds: .000 / ,000 (fixed) and .999 (trailing zeros trimmed), after a seconds token.
    if ((layout[i] === '.' || layout[i] === ',') && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
      const digit = layout[i + 1]!;
      let j = i + 1;
      while (layout[j] === digit) j++;
      if (!(layout[j]! >= '0' && layout[j]! <= '9')) {
        const n = j - i - 1;
        const frac = (pad(ms, 3) + '000000').slice(0, n);
        if (digit === '0') out += layout[i] + frac;
        else {
          const trimmed = trimZeros(frac);
          if (trimmed !== '') out += layout[i] + trimmed;
        }
        i = j;
        continue;
      }
    }
    for (const [tok, f] of tokens) {
      if (layout.startsWith(tok, i)) {
        out += f();
        i += tok.length;
        continue outer;
      }
    }
    out += layout[i];
    i++;
  }
  return out;
}

/** Sprig's toDate-free conversions: a time, or Unix seconds as int/int64/int32. */
function asTime(v: Value): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return new GoTime(Number(v) * 1000);
  if (typeof v === 'number') return new GoTime(Math.trunc(v) * 1000);
  return new GoTime(Date.now());
}

/** A zone's UTC offset in minutes at an instant, from the runtime's time zone data. */
function zoneOffset(zone: string, ms: number): number {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return 0;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(ms));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    if (name === 'GMT') return 0;
    const sign = name[3] === '-' ? -1 : 1;
    const [hh, mm] = name.slice(4).split(':');
    return sign * (Number(hh) * 60 + Number(mm ?? 0));
  } catch {
    return 0;
  }
}

/** Go's Duration.String: "1h2m3s", "1.5s", "0s". */
export function durationString(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    const units: [bigint, string][] = [
      [1_000_000n, 'ms'],
      [1_000n, 'µs'],
      [1n, 'ns'],
    ];
    const [div, name] = units.find(([d]) => u >= d)!;
    out = fraction(u, div) + name;
  } else {
    const h = u / 3_600_000_000_000n;
    u %= 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u %= 60_000_000_000n;
    out = fraction(u, 1_000_000_000n) + 's';
    if (h > 0n) out = `${h}h${m}m${out}`;
    else if (m > 0n) out = `${m}m${out}`;
  }
  return neg ? '-' + out : out;
}

function fraction(v: bigint, div: bigint): string {
  const whole = v / div;
  const rest = v % div;
  if (rest === 0n) return String(whole);
  const width = String(div).length - 1;
  return `${whole}.${trimZeros(String(rest).padStart(width, '0'))}`;
}

function trimZeros(s: string): string {
  let e = s.length;
  while (e > 0 && s[e - 1] === '0') e--;
  return s.slice(0, e);
}

export function dateFuncs(): FuncMap {
  const date = (fmt: Value, t: Value, zone = 'UTC') => {
    const gt = asTime(t);
    const off = zoneOffset(zone, gt.ms);
    return formatTime(new GoTime(gt.ms, zone === 'Local' ? 'UTC' : zone, off), needString('date', fmt));
  };
  return {
    now: () => new GoTime(Date.now()),
    date: (_c, fmt, t) => date(fmt ?? null, t ?? null),
    dateInZone: (_c, fmt, t, zone) => date(fmt ?? null, t ?? null, needString('dateInZone', zone)),
    htmlDate: (_c, t) => date('2006-01-02', t ?? null),
    htmlDateInZone: (_c, t, zone) => date('2006-01-02', t ?? null, needString('htmlDateInZone', zone)),
    unixEpoch: (_c, t) => String(Math.floor(asTime(t ?? null).ms / 1000)),
    dateModify: (_c, mod, t) => {
      const ms = parseDuration(needString('dateModify', mod));
      return ms === undefined ? asTime(t ?? null) : new GoTime(asTime(t ?? null).ms + ms);
    },
    ago: (_c, t) => {
      const secs = Math.round((Date.now() - asTime(t ?? null).ms) / 1000);
      return durationString(BigInt(secs) * 1_000_000_000n);
    },
    // Sprig reads a string or an int64 (a bigint here); anything else, including float64, is 0.
    duration: (_c, sec) => durationString((typeof sec === 'string' ? (parseGoInt(sec) ?? 0n) : typeof sec === 'bigint' ? sec : 0n) * 1_000_000_000n),
    durationRound: (_c, v) => {
      const secs = typeof v === 'string' ? (parseDuration(v) ?? 0) / 1000 : Number(toInt64(v ?? null));
      const a = Math.abs(secs);
      const units: [number, string][] = [
        [31536000, 'y'],
        [2592000, 'mo'],
        [86400, 'd'],
        [3600, 'h'],
        [60, 'm'],
        [1, 's'],
      ];
      for (const [u, n] of units) if (a >= u) return `${Math.floor(a / u)}${n}`;
      return '0s';
    },
    // Sprig's toDate drops the parse error and returns Go's zero time; mustToDate reports it.
    toDate: (_c, fmt, s) => {
      try {
        return parseTime(needString('toDate', fmt), needString('toDate', s));
      } catch (e) {
        if (e instanceof TemplateError && e.message.startsWith('parsing time')) return new GoTime(utcMs(1, 1, 1, 0, 0, 0, 0));
        throw e;
      }
    },
    mustToDate: (_c, fmt, s) => parseTime(needString('mustToDate', fmt), needString('mustToDate', s)),
  };
}

/**
 * time.Parse(layout, value) for the reference-time tokens charts use (numeric dates and times,
 * month and day names, AM/PM, fractional seconds, numeric zone offsets and Z). Zone names are read
 * but taken as UTC.
 */
export function parseTime(layout: string, value: string): GoTime {
  const fail = (): never => {
    throw new TemplateError(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(value.slice(j))} as ${JSON.stringify(layout.slice(i))}`);
  };
  let i = 0;
  let j = 0;
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let ms = 0;
  let pm: boolean | undefined;
  let off = 0;
  const num = (minLen: number, maxLen: number): number => {
    const st = j;
    while (j < value.length && j - st < maxLen && value[j]! >= '0' && value[j]! <= '9') j++;
    if (j - st < minLen) fail();
    return Number(value.slice(st, j));
  };
  const name = (list: string[], short: boolean): number => {
    for (let k = 0; k < list.length; k++) {
      const n = short ? list[k]!.slice(0, 3) : list[k]!;
      if (value.slice(j, j + n.length).toLowerCase() === n.toLowerCase()) {
        j += n.length;
        return k;
      }
    }
    return fail();
  };
  const zone = (colon: boolean, z: boolean): void => {
    if (z && value[j] === 'Z') {
      j++;
      return;
    }
    const sign = value[j] === '-' ? -1 : value[j] === '+' ? 1 : fail();
    j++;
    const hh = num(2, 2);
    if (colon && value[j] === ':') j++;
    const mm = num(2, 2);
    off = sign * (hh * 60 + mm);
  };
  const steps: [string, () => void][] = [
    ['January', () => (month = name(MONTHS, false) + 1)],
    ['Monday', () => void name(DAYS, false)],
    ['Z07:00', () => zone(true, true)],
    ['-07:00', () => zone(true, false)],
    ['Z0700', () => zone(false, true)],
    ['-0700', () => zone(false, false)],
    ['2006', () => (year = num(4, 4))],
    ['Jan', () => (month = name(MONTHS, true) + 1)],
    ['Mon', () => void name(DAYS, true)],
    ['MST', () => {
      const st = j;
      while (j < value.length && value[j]! >= 'A' && value[j]! <= 'Z') j++;
      if (j - st < 3) fail();
    }],
    ['01', () => (month = num(2, 2))],
    ['02', () => (day = num(2, 2))],
    ['_2', () => {
      if (value[j] === ' ') j++;
      day = num(1, 2);
    }],
    ['06', () => {
      const yy = num(2, 2);
      year = yy >= 69 ? 1900 + yy : 2000 + yy;
    }],
    ['15', () => (hour = num(1, 2))],
    ['03', () => (hour = num(2, 2))],
    ['04', () => (min = num(2, 2))],
    ['05', () => (sec = num(2, 2))],
    ['PM', () => {
      const t = value.slice(j, j + 2).toUpperCase();
      if (t !== 'AM' && t !== 'PM') fail();
      pm = t === 'PM';
      j += 2;
    }],
    ['1', () => (month = num(1, 2))],
    ['2', () => (day = num(1, 2))],
    ['3', () => (hour = num(1, 2))],
    ['4', () => (min = num(1, 2))],
    ['5', () => (sec = num(1, 2))],
  ];
  outer: while (i < layout.length) {
    if ((layout[i] === '.' || layout[i] === ',') && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
      let k = i + 1;
      while (layout[k] === layout[i + 1]) k++;
      i = k;
      if (value[j] === '.' || value[j] === ',') {
        j++;
        const st = j;
        while (j < value.length && value[j]! >= '0' && value[j]! <= '9') j++;
        ms = Number((value.slice(st, j) + '000').slice(0, 3));
      } else if (layout[i - 1] === '0') fail();
      continue;
    }
    for (const [tok, f] of steps) {
      if (layout.startsWith(tok, i)) {
        f();
        i += tok.length;
        continue outer;
      }
    }
    if (value[j] !== layout[i]) fail();
    i++;
    j++;
  }
  if (j !== value.length) throw new TemplateError(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(value.slice(j))}`);
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59) throw new TemplateError(`parsing time ${JSON.stringify(value)}: value out of range`);
  const utc = utcMs(year, month, day, hour, min, sec, ms) - off * 60_000;
  return new GoTime(utc);
}

/** Date.UTC without its 0–99 → 1900s year mapping (Go's zero time is year 1). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  t.setUTCFullYear(y);
  return t.getTime();
}

/** time.ParseDuration for the common forms ("1h30m", "-2.5s", "300ms"); undefined when invalid. */
function parseDuration(s: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let i = 0;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (s.slice(i) === '0') return 0;
  let total = 0;
  let any = false;
  while (i < s.length) {
    const st = i;
    while (i < s.length && ((s[i]! >= '0' && s[i]! <= '9') || s[i] === '.')) i++;
    if (i === st) return undefined;
    const num = Number(s.slice(st, i));
    const ust = i;
    while (i < s.length && !(s[i]! >= '0' && s[i]! <= '9') && s[i] !== '.') i++;
    const unit = units[s.slice(ust, i)];
    if (unit === undefined || Number.isNaN(num)) return undefined;
    total += num * unit;
    any = true;
  }
  return any ? sign * total : undefined;
}
