/** Dates, paths and counts for tree items, tooltips and progress messages (sizes are the core's formatSize). */
import { formatDateTime, parisToEpochMs } from '@onefichier/core';

/**
 * A date of the service ("YYYY-MM-DD HH:MM:SS", Paris time, and its UTC form when known) in the machine's
 * time zone, as the core formats every date the front ends show (formatDateTime): `2026-12-07 07:50`.
 */
export function formatDate(paris: string, utc?: string, locale?: string): string {
  const ms = utc ? Date.parse(utc) : parisToEpochMs(paris);
  if (ms !== undefined && !Number.isNaN(ms)) return formatDateTime(ms, undefined, locale);
  return paris ? paris.slice(0, 16) : '';
}

/** Joins a folder path and a name: ("/", "a") → "/a", ("/a", "b") → "/a/b". */
export function joinPath(folderPath: string, name: string): string {
  return folderPath === '/' ? `/${name}` : `${folderPath}/${name}`;
}

/**
 * "3 files" / "1 file", in English: for the log and the English defaults. What the user reads goes through
 * locale.ts's plural, which takes whole translated templates.
 */
export function englishCount(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
