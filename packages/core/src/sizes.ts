/**
 * Sizes as every front end shows them. Decimal units (1 kB = 1000 bytes): 1fichier states its limits in
 * them (300 GB per file is 300e9 bytes, limits.ts), so a file at the limit shows "300 GB", not "279.4 GB";
 * they are also what macOS, GNOME and KDE file managers show.
 */

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** `12,345,678`: digits grouped by three, the same in every locale (no Intl needed). */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `999 bytes`, `1 byte`, `12.3 MB`, `300 GB`; `unknown size` for anything that is not a size. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  // 999.5 kB would print as "1000 kB": it is 1.0 MB.
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** `12.3 MB (12,345,678 bytes)`: the rounded size and the exact count, for tooltips and hovers. */
export function formatSizeExact(bytes: number): string {
  const short = formatSize(bytes);
  if (!Number.isFinite(bytes) || bytes < 1000) return short;
  return `${short} (${groupDigits(bytes)} bytes)`;
}
