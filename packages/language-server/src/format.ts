/**
 * Turning API values into what a reader expects. Sizes and the API's Paris-time dates are the core's
 * (`formatSize`, `parisToEpochMs`); this file shows an instant in the reader's time zone and escapes Markdown.
 */

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
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}
