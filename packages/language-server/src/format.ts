/**
 * Turning API values into what a reader expects. Sizes and the API's Paris-time dates are the core's
 * (`formatSize`, `parisToEpochMs`); this file shows an instant in the reader's time zone and escapes Markdown.
 */

import { formatDateTime } from '@onefichier/core';
import { currentLocale } from './l10n';

/** `2021-06-22 16:57` in the server's (the user's) time zone, or in `timeZone`: the core's one date format. */
export function formatDate(date: Date, timeZone?: string): string {
  return formatDateTime(date.getTime(), timeZone, currentLocale());
}

/** Escapes text for Markdown so a file named `*draft*_[1]` shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}
