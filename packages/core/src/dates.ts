/**
 * The service sends dates as `YYYY-MM-DD HH:MM:SS` in Europe/Paris time. Converting them needs the EU
 * summer-time rule (CEST, UTC+2, from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC; CET, UTC+1, otherwise), computed here in pure code (no Intl time-zone data needed).
 */

const PARIS_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const HOUR = 3_600_000;

function lastSundayUtc(year: number, month: number): number {
  // month: 0-based; day 0 of the next month is the last day of this one.
  const last = new Date(Date.UTC(year, month + 1, 0));
  const day = last.getUTCDate() - last.getUTCDay();
  return Date.UTC(year, month, day, 1, 0, 0);
}

/** True when the UTC instant falls in EU summer time. */
export function isParisSummerTime(utcMs: number): boolean {
  const year = new Date(utcMs).getUTCFullYear();
  return utcMs >= lastSundayUtc(year, 2) && utcMs < lastSundayUtc(year, 9);
}

/** Paris wall-clock text → epoch ms, or undefined when malformed. Ambiguous autumn times take summer time. */
export function parisToEpochMs(text: string | undefined | null): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = PARIS_DATE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const summer = wall - 2 * HOUR;
  return isParisSummerTime(summer) ? summer : wall - HOUR;
}

/** Paris wall-clock text → ISO-8601 UTC string, or '' when malformed or empty. */
export function parisToIsoUtc(text: string | undefined | null): string {
  const ms = parisToEpochMs(text);
  return ms === undefined ? '' : new Date(ms).toISOString();
}

/** A Date (an instant) → the service's Paris wall-clock text. */
export function toParisDateText(date: Date): string {
  const ms = date.getTime();
  const local = new Date(ms + (isParisSummerTime(ms) ? 2 : 1) * HOUR);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCFullYear()}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}`;
}

/**
 * Paris wall-clock text → ISO-8601 with Paris's offset of that day ("2026-01-15 10:00:00" →
 * "2026-01-15T10:00:00+01:00"): the time as the service shows it, readable by any date library. '' when
 * malformed or empty.
 */
export function parisToIsoWithOffset(text: string | undefined | null): string {
  const ms = parisToEpochMs(text);
  if (ms === undefined) return '';
  const offsetHours = isParisSummerTime(ms) ? 2 : 1;
  return `${new Date(ms + offsetHours * HOUR).toISOString().slice(0, 19)}+0${offsetHours}:00`;
}

/**
 * An instant as every front end shows it: `2026-12-07 07:50` (24-hour clock), in `timeZone` or the machine's
 * own. The VS Code tree, its tooltips and the language server's hover all write dates this way. With a
 * `locale` other than English (the client's, e.g. "fr"), Intl writes it as that locale does: `07/12/2026 07:50`.
 */
export function formatDateTime(epochMs: number, timeZone?: string, locale?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  };
  if (locale && !/^en\b/i.test(locale)) return new Intl.DateTimeFormat(locale, options).format(new Date(epochMs));
  const parts = new Intl.DateTimeFormat('en-GB', options).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
