/** Sizes and dates in the user's language: French units and separators, English exactly as before. */
import { OneFichierError, SIZE_UNITS_EN, SIZE_UNITS_FR, formatDateTime, formatSize, formatSizeExact, sizeUnitsFor } from '../src';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('sizes in a locale', () => {
  it('writes English as before: grouped by commas, "byte" only for one', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(1500)).toBe('1.5 kB');
    expect(formatSize(999_500)).toBe('1.0 MB');
    expect(formatSize(1.5e9)).toBe('1.5 GB');
    expect(formatSize(300e9)).toBe('300 GB');
    expect(formatSize(-1)).toBe('unknown size');
    expect(formatSizeExact(12_345_678)).toBe('12.3 MB (12,345,678 bytes)');
    expect(formatSize(1.5e9, SIZE_UNITS_EN)).toBe(formatSize(1.5e9));
  });

  it('leaves the English texts the n8n node shows byte for byte as they were', () => {
    expect(new OneFichierError({ kind: 'file_too_large', message: 'x' }).hint).toBe(
      '1fichier accepts files up to 300 GB and requests up to 500 GB / 500 files. Split the file or the batch.',
    );
  });

  it('writes French as 1fichier does: "Go", "Mo", a decimal comma, 0 and 1 singular, no-break spaces', () => {
    const fr = SIZE_UNITS_FR;
    expect(formatSize(1.5e9, fr)).toBe(`1,5${NBSP}Go`);
    expect(formatSize(12_345_678, fr)).toBe(`12,3${NBSP}Mo`);
    expect(formatSize(0, fr)).toBe(`0${NBSP}octet`);
    expect(formatSize(1, fr)).toBe(`1${NBSP}octet`);
    expect(formatSize(2, fr)).toBe(`2${NBSP}octets`);
    expect(formatSize(-1, fr)).toBe('taille inconnue');
    // Intl groups French digits with a narrow no-break space.
    expect(formatSizeExact(12_345_678, fr)).toBe(`12,3${NBSP}Mo (12${NNBSP}345${NNBSP}678${NBSP}octets)`);
  });

  it('picks the table from a VS Code or LSP locale', () => {
    expect(sizeUnitsFor('fr')).toBe(SIZE_UNITS_FR);
    expect(sizeUnitsFor('fr-CA')).toBe(SIZE_UNITS_FR);
    expect(sizeUnitsFor('en-us')).toBe(SIZE_UNITS_EN);
    expect(sizeUnitsFor('de')).toBe(SIZE_UNITS_EN);
    expect(sizeUnitsFor(undefined)).toBe(SIZE_UNITS_EN);
  });
});

describe('dates in a locale', () => {
  const instant = Date.UTC(2026, 7, 3, 6, 5);
  it('keeps the English form', () => {
    expect(formatDateTime(instant, 'Europe/Paris')).toBe('2026-08-03 08:05');
    expect(formatDateTime(instant, 'Europe/Paris', 'en-us')).toBe('2026-08-03 08:05');
  });
  it('writes French dates through Intl', () => {
    expect(formatDateTime(instant, 'Europe/Paris', 'fr')).toBe('03/08/2026 08:05');
  });
});
