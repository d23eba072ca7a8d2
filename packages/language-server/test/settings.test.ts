import { DEFAULT_BASE_URL } from '@onefichier/core';
import { extractSettingsInput, resolveSettings } from '../src/settings';

describe('resolveSettings', () => {
  it('takes the key from the environment only: an apiKey option (which LSP traces log) is not read, and a problem says what to do', () => {
    const { settings, problems } = resolveSettings(
      { apiKey: ' key-from-client ', apiBaseUrl: 'http://127.0.0.1:9/v1/' },
      { ONEFICHIER_API_KEY: ' env-key ' },
    );
    expect(settings).toEqual({ apiKey: 'env-key', apiBaseUrl: 'http://127.0.0.1:9/v1', keySource: 'environment' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^The apiKey option is not read: LSP traces log .* set the environment variable ONEFICHIER_API_KEY/);
    expect(problems[0]).not.toContain('key-from-client');
  });
  it('prefers the apiBaseUrl option over the environment', () => {
    const { settings } = resolveSettings({ apiBaseUrl: 'http://127.0.0.1:9/v1/' }, { ONEFICHIER_API_BASE_URL: 'http://127.0.0.1:8/v1' });
    expect(settings.apiBaseUrl).toBe('http://127.0.0.1:9/v1');
  });
  it('falls back to ONEFICHIER_API_KEY and ONEFICHIER_API_BASE_URL', () => {
    const { settings } = resolveSettings({}, { ONEFICHIER_API_KEY: 'env-key', ONEFICHIER_API_BASE_URL: 'http://127.0.0.1:8/v1' });
    expect(settings).toEqual({ apiKey: 'env-key', apiBaseUrl: 'http://127.0.0.1:8/v1', keySource: 'environment' });
  });
  it('works without any key', () => {
    expect(resolveSettings({ apiKey: '' }, {}).settings).toEqual({ apiBaseUrl: DEFAULT_BASE_URL, keySource: 'none' });
  });
  it('refuses a bad URL or a key with spaces, and never echoes the key', () => {
    const secret = 'abc def-SECRET';
    const { settings, problems } = resolveSettings({ apiBaseUrl: 'ftp://x' }, { ONEFICHIER_API_KEY: secret });
    expect(settings.apiKey).toBeUndefined();
    expect(settings.apiBaseUrl).toBe(DEFAULT_BASE_URL);
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).not.toContain('SECRET');
    expect(problems.join(' ')).toMatch(/not an http\(s\) URL/);
  });
  it('refuses credentials inside the URL', () => {
    const { problems, settings } = resolveSettings({ apiBaseUrl: 'https://me:pw@api.1fichier.com/v1' }, {});
    expect(settings.apiBaseUrl).toBe(DEFAULT_BASE_URL);
    expect(problems[0]).toMatch(/must not contain a user name or password/);
  });
});

describe('reservedNames', () => {
  it('is "encode" unless "refuse" is asked; anything else is reported and ignored', () => {
    expect(resolveSettings({}, {}).settings.reservedNames).toBeUndefined();
    expect(resolveSettings({ reservedNames: 'refuse' }, {}).settings.reservedNames).toBe('refuse');
    const bad = resolveSettings({ reservedNames: 'drop' }, {});
    expect(bad.settings.reservedNames).toBeUndefined();
    expect(bad.problems[0]).toMatch(/"encode" or "refuse"/);
  });
});

describe('extractSettingsInput', () => {
  it('accepts flat and VS Code style nested settings', () => {
    expect(extractSettingsInput({ apiKey: 'k' })).toEqual({ apiKey: 'k' });
    expect(extractSettingsInput({ onefichier: { apiBaseUrl: 'u' } })).toEqual({ apiBaseUrl: 'u' });
    expect(extractSettingsInput(null)).toEqual({});
  });
});
