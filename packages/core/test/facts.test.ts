/** The other shared facts front ends take from the core: the base URL check and size formatting. */
import { BASE_URL_HINT, DEFAULT_BASE_URL, MAX_FILE_SIZE, checkBaseUrl, formatSize, formatSizeExact } from '../src';

describe('checkBaseUrl', () => {
  it('takes the default for an empty value, and trims a given one', () => {
    expect(checkBaseUrl(undefined)).toEqual({ ok: true, url: DEFAULT_BASE_URL });
    expect(checkBaseUrl('  ')).toEqual({ ok: true, url: DEFAULT_BASE_URL });
    expect(checkBaseUrl(' http://127.0.0.1:3737/v1// ')).toEqual({ ok: true, url: 'http://127.0.0.1:3737/v1' });
    expect(checkBaseUrl('HTTPS://api.1fichier.com/v1')).toEqual({ ok: true, url: 'HTTPS://api.1fichier.com/v1' });
  });

  it.each([
    ['api.1fichier.com', '"api.1fichier.com" is not a valid URL'],
    ['https://', '"https://" is not a valid URL'],
    ['https://api.1fichier.com/v 1', '"https://api.1fichier.com/v 1" is not a valid URL'],
    ['ftp://example', '"ftp://example" is not an http(s) URL'],
    ['https://me:pw@api.1fichier.com/v1', '"https://me:pw@api.1fichier.com/v1" must not contain a user name or password'],
    ['https://api.1fichier.com/v1?x=1', '"https://api.1fichier.com/v1?x=1" must not contain a query (?...) or fragment (#...)'],
    ['https://api.1fichier.com/v1#top', '"https://api.1fichier.com/v1#top" must not contain a query (?...) or fragment (#...)'],
  ])('refuses %s, saying why and what to use', (value, problem) => {
    expect(checkBaseUrl(value)).toEqual({ ok: false, problem, hint: BASE_URL_HINT });
  });
});

describe('formatSize', () => {
  it('shows bytes exactly and larger sizes in decimal units', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(999)).toBe('999 bytes');
    expect(formatSize(1536)).toBe('1.5 kB');
    expect(formatSize(12_345_678)).toBe('12.3 MB');
    expect(formatSize(999_600)).toBe('1.0 MB');
    expect(formatSize(MAX_FILE_SIZE)).toBe('300 GB');
    expect(formatSize(-1)).toBe('unknown size');
    expect(formatSize(Number.NaN)).toBe('unknown size');
  });

  it('adds the exact count from 1000 bytes on', () => {
    expect(formatSizeExact(999)).toBe('999 bytes');
    expect(formatSizeExact(12_345_678)).toBe('12.3 MB (12,345,678 bytes)');
    expect(formatSizeExact(300e9)).toBe('300 GB (300,000,000,000 bytes)');
  });
});
