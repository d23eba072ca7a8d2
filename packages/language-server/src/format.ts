/** Turning API values into what a reader expects: sizes in units, dates in their own time zone. */

const SIZE_UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** `12.3 MB (12,345,678 bytes)`; decimal units, as file managers and 1fichier's own pages show them. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  const exact = `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1000) return exact;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const rounded = value >= 100 ? value.toFixed(0) : value.toFixed(1);
  return `${rounded} ${SIZE_UNITS[unit]} (${exact})`;
}

const API_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds that `timeZone`'s wall clock is ahead of UTC at `instant`. */
function zoneOffsetMs(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of an API date. The API writes `YYYY-MM-DD HH:MM:SS` in French local time (CET/CEST), so the
 * Paris offset of that moment is subtracted; two passes settle the hour around a daylight-saving change.
 */
export function parseApiDate(value: string | Date | undefined | null): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const m = API_DATE.exec(value.trim());
  if (!m) {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let instant = wall - zoneOffsetMs('Europe/Paris', wall);
  instant = wall - zoneOffsetMs('Europe/Paris', instant);
  return new Date(instant);
}

/** `22 Jun 2021, 16:57` in the server's (the user's) time zone, with that zone named. */
export function formatDate(date: Date, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  if (timeZone) options.timeZone = timeZone;
  return new Intl.DateTimeFormat('en-GB', options).format(date);
}

/** Escapes text for Markdown so a file named `*draft*_[1]` shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}
