import { parisToIsoUtc, parisToIsoWithOffset } from '../src';
import { isParisSummerTime, toParisDateText } from '../src/internal';

describe('Paris dates', () => {
  test.each([
    ['2021-06-22 14:57:25', '2021-06-22T12:57:25.000Z'], // summer: UTC+2
    ['2021-01-15 10:00:00', '2021-01-15T09:00:00.000Z'], // winter: UTC+1
    // 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
    ['2026-03-29 01:59:59', '2026-03-29T00:59:59.000Z'],
    ['2026-03-29 03:00:00', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25 01:59:59', '2026-10-24T23:59:59.000Z'],
    ['2026-10-25 03:00:00', '2026-10-25T02:00:00.000Z'],
    // The repeated autumn hour takes summer time (the first occurrence).
    ['2026-10-25 02:30:00', '2026-10-25T00:30:00.000Z'],
    ['2024-12-31 23:30:00', '2024-12-31T22:30:00.000Z'],
  ])('%s Paris is %s', (paris, iso) => {
    expect(parisToIsoUtc(paris)).toBe(iso);
  });

  test('malformed or empty dates give an empty string', () => {
    for (const v of ['', 'yesterday', '2021-13-01 00:00:00', '2021-06-22', undefined, null]) expect(parisToIsoUtc(v as string)).toBe('');
  });

  test('summer-time edges are the last Sundays of March and October at 01:00 UTC', () => {
    expect(isParisSummerTime(Date.UTC(2026, 2, 29, 0, 59, 59))).toBe(false);
    expect(isParisSummerTime(Date.UTC(2026, 2, 29, 1, 0, 0))).toBe(true);
    expect(isParisSummerTime(Date.UTC(2026, 9, 25, 0, 59, 59))).toBe(true);
    expect(isParisSummerTime(Date.UTC(2026, 9, 25, 1, 0, 0))).toBe(false);
  });

  test('toParisDateText is the inverse for unambiguous times', () => {
    expect(toParisDateText(new Date('2021-06-22T12:57:25Z'))).toBe('2021-06-22 14:57:25');
    expect(toParisDateText(new Date('2021-01-15T09:00:00Z'))).toBe('2021-01-15 10:00:00');
  });

  test.each([
    ['2021-06-22 14:57:25', '2021-06-22T14:57:25+02:00'],
    ['2021-01-15 10:00:00', '2021-01-15T10:00:00+01:00'],
    ['2026-03-29 03:00:00', '2026-03-29T03:00:00+02:00'],
    ['2026-10-25 03:00:00', '2026-10-25T03:00:00+01:00'],
  ])('%s Paris is %s with its offset, the same instant as parisToIsoUtc', (paris, iso) => {
    expect(parisToIsoWithOffset(paris)).toBe(iso);
    expect(Date.parse(parisToIsoWithOffset(paris))).toBe(Date.parse(parisToIsoUtc(paris)));
  });

  test('with an offset, malformed or empty dates give an empty string too', () => {
    for (const v of ['', 'yesterday', undefined]) expect(parisToIsoWithOffset(v)).toBe('');
  });
});

describe('formatDateTime: the one date format of the front ends', () => {
  test('YYYY-MM-DD HH:mm, 24-hour clock, in the given zone', async () => {
    const { formatDateTime } = await import('../src');
    const at = Date.UTC(2026, 11, 7, 7, 50, 59);
    expect(formatDateTime(at, 'UTC')).toBe('2026-12-07 07:50');
    expect(formatDateTime(at, 'Europe/Paris')).toBe('2026-12-07 08:50');
    expect(formatDateTime(Date.UTC(2026, 6, 1, 22, 5), 'Europe/Paris')).toBe('2026-07-02 00:05');
  });
});
