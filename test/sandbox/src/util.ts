import { randomBytes, randomInt } from 'crypto';
import { isIP } from 'net';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random string over an alphabet, from a CSPRNG (ids double as capabilities: tokens, upload ids). */
export function randomString(length: number, alphabet: string = ALNUM): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** File ids as 1fichier shows them: 20 lower-case alphanumerics (`https://1fichier.com/?<id>`). */
export const newFileId = (): string => randomString(20, LOWER_ALNUM);
/** Upload ids: 10 alphanumerics (rclone rejects anything else). */
export const newUploadId = (): string => randomString(10, ALNUM);

/**
 * A seeded generator of numbers in [0, 1) (mulberry32), for the sandbox's random faults: a run with the same
 * seed and the same order of calls draws the same faults, so a failing test can be replayed, and a test
 * does not pass or fail by the luck of `Math.random`. Not for ids or tokens (those use the CSPRNG above).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The upload `domain` ids 0..10 (the API page's domain table): a file's links are on its upload's domain. */
const FILE_DOMAINS: readonly string[] = [
  '1fichier.com',
  'alterupload.com',
  'cjoint.net',
  'desfichiers.com',
  'dfichiers.com',
  'megadl.fr',
  'mesfichiers.org',
  'piecejointe.net',
  'pjointe.com',
  'tenvoi.com',
  'dl4free.com',
];
/** Public page of a shared folder (folder/share.cgi's `url`; the website serves it, see website.ts). */
export const SHARE_URL_PREFIX = 'https://1fichier.com/dir/';
/** A file's link, on the domain of the upload that stored it (`domain` id, default 0: 1fichier.com). */
export const fileUrl = (id: string, domain = 0): string => `https://${FILE_DOMAINS[domain] ?? FILE_DOMAINS[0]}/?${id}`;

/** Parses `https://<domain>/?<id>` on any domain of the table (also accepts `&` suffixes, e.g. `&af=...`). */
export function parseFileUrl(url: string): { id: string; domain: number } | undefined {
  const m = /^https?:\/\/(?:www\.)?([a-z0-9.-]+)\/\?([a-z0-9]{5,20})(?:&.*)?$/.exec(url);
  const domain = m ? FILE_DOMAINS.indexOf(m[1]!) : -1;
  return m && domain >= 0 ? { id: m[2]!, domain } : undefined;
}

/** The file id of a link on any domain of the table. */
export function fileIdFromUrl(url: string): string | undefined {
  return parseFileUrl(url)?.id;
}

const parisFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:MM:SS` in Europe/Paris local time, the format of every date the real API returns. */
export function parisDate(ms: number): string {
  const parts: Record<string, string> = {};
  for (const p of parisFormat.formatToParts(new Date(ms))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export const PARIS_DATE_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Copy of a JSON value whose object keys come in random order: the real service's order is not stable. */
export function shuffleKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffleKeys);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value as Record<string, unknown>);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = shuffleKeys((value as Record<string, unknown>)[k]);
  return out;
}

/** Normalises `::ffff:127.0.0.1` to `127.0.0.1`. */
export function normaliseIp(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function isLoopbackIp(ip: string): boolean {
  const v = normaliseIp(ip);
  if (isIP(v) === 4) return v.startsWith('127.');
  return v === '::1';
}

/** Loopback host names only: this machine has no internet, and the sandbox must never reach out. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || isLoopbackIp(h);
}
