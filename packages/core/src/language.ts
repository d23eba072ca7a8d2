/** The language of a locale, as the catalogs are keyed: "fr" for "fr", "fr-CA" or "FR_fr"; "" for none. */
export function languageOf(locale: string | undefined): string {
  return locale?.toLowerCase().split(/[-_]/)[0] ?? '';
}
