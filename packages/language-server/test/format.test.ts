import { escapeMarkdown, formatDate, formatSize, parseApiDate } from '../src/format';

describe('formatSize', () => {
  it('shows bytes exactly and larger sizes in decimal units with the exact count', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(999)).toBe('999 bytes');
    expect(formatSize(12_345_678)).toBe('12.3 MB (12,345,678 bytes)');
    expect(formatSize(300e9)).toBe('300 GB (300,000,000,000 bytes)');
    expect(formatSize(-1)).toBe('unknown size');
  });
});

describe('parseApiDate', () => {
  it('reads API dates as Paris time, winter (CET) and summer (CEST)', () => {
    expect(parseApiDate('2021-01-15 12:00:00')?.toISOString()).toBe('2021-01-15T11:00:00.000Z');
    expect(parseApiDate('2021-06-22 14:57:25')?.toISOString()).toBe('2021-06-22T12:57:25.000Z');
  });
  it('takes ISO strings and Dates as they are, and refuses garbage', () => {
    expect(parseApiDate('2021-06-22T12:57:25Z')?.toISOString()).toBe('2021-06-22T12:57:25.000Z');
    expect(parseApiDate(new Date(0))?.getTime()).toBe(0);
    expect(parseApiDate('yesterday')).toBeUndefined();
    expect(parseApiDate(undefined)).toBeUndefined();
  });
});

describe('formatDate', () => {
  it('names the time zone it shows', () => {
    const text = formatDate(new Date('2021-06-22T12:57:25Z'), 'Europe/Paris');
    expect(text).toMatch(/22 Jun 2021/);
    expect(text).toMatch(/14:57/);
    expect(formatDate(new Date('2021-06-22T12:57:25Z'), 'UTC')).toMatch(/12:57.*UTC/);
  });
});

describe('escapeMarkdown', () => {
  it('keeps file names literal', () => {
    expect(escapeMarkdown('*draft*_[1].zip')).toBe('\\*draft\\*\\_\\[1\\]\\.zip');
  });
});
