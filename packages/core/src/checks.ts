/** Checks of the caller's input shared by the endpoint groups: each bad value becomes an `invalid_input` that says what to give. */
import { OneFichierError } from './errors';
import { toParisDateText } from './dates';
import { parseFileUrl } from './fileUrls';

export function invalidInput(message: string, hint?: string): OneFichierError {
  return new OneFichierError({ kind: 'invalid_input', message, ...(hint ? { hint } : {}) });
}

export function checkFolderId(id: unknown, what: string): void {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
    throw invalidInput(`${what} must be a folder id (an integer >= 0, 0 = root); got ${JSON.stringify(id) ?? String(id)}.`);
}

/** A 1fichier file link by the one rule every front end uses (fileUrls.ts). */
export function checkFileUrl(url: unknown): void {
  if (parseFileUrl(url) === undefined) {
    throw invalidInput(`"${String(url)}" is not a 1fichier file URL such as https://1fichier.com/?abcde12345.`);
  }
}

export function nonEmptyList<T>(v: T[], what: string): T[] {
  if (!Array.isArray(v) || v.length === 0) throw invalidInput(`${what} needs at least one file URL.`);
  return v;
}

/** A date filter as the service wants it: Paris wall-clock text (docs/api-notes.md#listings-and-dates). */
export function dateParam(v: string | Date, what: string): string {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw invalidInput(`${what} is an invalid Date.`);
    return toParisDateText(v);
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(v)) return v;
  throw invalidInput(`${what} must be a Date or "YYYY-MM-DD HH:MM:SS" (Paris time); got ${JSON.stringify(v)}.`);
}
