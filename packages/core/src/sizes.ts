/**
 * Sizes as every front end shows them. Decimal units (1 kB = 1000 bytes): 1fichier states its limits in
 * them (300 GB per file is 300e9 bytes, limits.ts), so a file at the limit shows "300 GB", not "279.4 GB";
 * they are also what macOS, GNOME and KDE file managers show.
 */
import { languageOf } from './language';

/**
 * The words and number format of sizes in one language. Front ends pick one with sizeUnitsFor(locale); the
 * n8n node and logs use the English one, the default, whose output is the same as before locales existed.
 */
export interface SizeUnits {
  /** A BCP 47 tag for Intl: digit grouping, decimal separator, plural rule of "byte". */
  locale: string;
  /** kB, MB, GB, TB, PB in this language. */
  units: readonly [string, string, string, string, string];
  /** "byte" for the plural category `one`, the plural for every other. */
  byteOne: string;
  byteOther: string;
  /** Between a number and its unit: French typography wants a no-break space there. */
  space: string;
  /** The decimal separator: `12.3 MB`, `12,3 Mo`. */
  decimal: string;
  unknown: string;
}

export const SIZE_UNITS_EN: SizeUnits = {
  locale: 'en',
  units: ['kB', 'MB', 'GB', 'TB', 'PB'],
  byteOne: 'byte',
  byteOther: 'bytes',
  space: ' ',
  decimal: '.',
  unknown: 'unknown size',
};

/** As 1fichier's own French pages write them: "Go", "Mo", "octets". */
export const SIZE_UNITS_FR: SizeUnits = {
  locale: 'fr',
  units: ['ko', 'Mo', 'Go', 'To', 'Po'],
  byteOne: 'octet',
  byteOther: 'octets',
  space: '\u00a0',
  decimal: ',',
  unknown: 'taille inconnue',
};

/** The unit table for a locale such as VS Code's `vscode.env.language` ("fr", "fr-CA", "en-us"); English for any other. */
export function sizeUnitsFor(locale: string | undefined): SizeUnits {
  return languageOf(locale) === 'fr' ? SIZE_UNITS_FR : SIZE_UNITS_EN;
}

// Intl's formatters are made once per locale, when first needed: making one loads locale data, which costs
// milliseconds, and sizes are formatted while the extension activates (bench: vscode_activate_ms).
function perLocale<T>(make: (locale: string) => T): (locale: string) => T {
  const made = new Map<string, T>();
  return (locale) => {
    let value = made.get(locale);
    if (value === undefined) made.set(locale, (value = make(locale)));
    return value;
  };
}
const digitGrouper = perLocale((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
const pluralRules = perLocale((locale) => new Intl.PluralRules(locale));

/** `12,345,678` (en), `12 345 678` (fr): grouped as the locale groups digits. */
function groupDigits(n: number, units: SizeUnits): string {
  return digitGrouper(units.locale).format(n);
}

function bytesWord(n: number, units: SizeUnits): string {
  return pluralRules(units.locale).select(n) === 'one' ? units.byteOne : units.byteOther;
}

/**
 * `999 bytes`, `1 byte`, `12.3 MB`, `300 GB` (`12,3 Mo`, `0 octet` in French); the unknown-size words for
 * anything that is not a size.
 */
export function formatSize(bytes: number, units: SizeUnits = SIZE_UNITS_EN): string {
  if (!Number.isFinite(bytes) || bytes < 0) return units.unknown;
  if (bytes < 1000) return `${bytes}${units.space}${bytesWord(bytes, units)}`;
  let value = bytes;
  let unit = -1;
  // 999.5 kB would print as "1000 kB": it is 1.0 MB.
  while (value >= 999.5 && unit < units.units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 100 ? 0 : 1;
  // At most 3 digits before the point, so no grouping: only the decimal separator depends on the language.
  const number = value.toFixed(digits).replace('.', units.decimal);
  return `${number}${units.space}${units.units[unit]}`;
}

/** `12.3 MB (12,345,678 bytes)`: the rounded size and the exact count, for tooltips and hovers. */
export function formatSizeExact(bytes: number, units: SizeUnits = SIZE_UNITS_EN): string {
  const short = formatSize(bytes, units);
  if (!Number.isFinite(bytes) || bytes < 1000) return short;
  return `${short} (${groupDigits(bytes, units)}${units.space}${units.byteOther})`;
}
