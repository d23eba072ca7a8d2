/** Settings without an LSP client: a recording editor, a fake cache and a createApi that counts. */
import type { LinkApi } from '../../src/link-status';
import { applySettings, type ApiHooks, type ConfigurationState } from '../../src/features/configuration';
import type { ServerSettings } from '../../src/settings';
import { RecordingEditor } from '../feature-fakes';

const KEY = 'ConfigKey0123456789abcdef';

function setup(env: NodeJS.ProcessEnv = { ONEFICHIER_API_KEY: KEY }) {
  const events: string[] = [];
  const created: { settings: ServerSettings; hooks: ApiHooks }[] = [];
  const state: ConfigurationState = {
    settings: { apiBaseUrl: '', keySource: 'none' },
    givenSettings: {},
    api: undefined,
    shownProblems: new Set(['auth']),
    links: {
      setApi: (api) => events.push(api ? 'setApi(client)' : 'setApi(none)'),
      noteFloodWait: (ms) => events.push(`flood ${ms}`),
      forgetFloodPause: () => events.push('forget pause'),
    },
  };
  const createApi = (settings: ServerSettings, hooks: ApiHooks): LinkApi | undefined => {
    created.push({ settings, hooks });
    return settings.apiKey ? ({} as LinkApi) : undefined;
  };
  return { state, events, created, createApi, editor: new RecordingEditor(), env };
}

describe('applySettings', () => {
  it('makes one client for the settings, forgets the previous pause and answers, and logs where the key came from', () => {
    const s = setup();
    applySettings(s.state, { apiBaseUrl: 'http://127.0.0.1:9/v1' }, s.env, s.createApi, s.editor);
    expect(s.created.map((c) => c.settings)).toEqual([{ apiKey: KEY, apiBaseUrl: 'http://127.0.0.1:9/v1', keySource: 'environment' }]);
    expect(s.state.api).toBeDefined();
    expect(s.events).toEqual(['forget pause', 'setApi(client)']);
    expect(s.state.shownProblems.size).toBe(0);
    expect(s.editor.logs).toEqual(['1fichier: API key set (from ONEFICHIER_API_KEY), API at http://127.0.0.1:9/v1.']);
    expect(s.editor.logs.join('')).not.toContain(KEY);
    // The client's flood pauses and log lines reach the cache and the editor.
    s.created[0]?.hooks.floodWait(5000);
    s.created[0]?.hooks.log('1fichier: waiting');
    expect(s.events.at(-1)).toBe('flood 5000');
    expect(s.editor.logs.at(-1)).toBe('1fichier: waiting');
  });

  it('keeps what was given before when a later message names nothing, and makes no new client then', () => {
    const s = setup();
    applySettings(s.state, { apiBaseUrl: 'http://127.0.0.1:9/v1' }, s.env, s.createApi, s.editor);
    applySettings(s.state, null, s.env, s.createApi, s.editor);
    applySettings(s.state, { onefichier: {} }, s.env, s.createApi, s.editor);
    expect(s.created).toHaveLength(1);
    expect(s.state.settings.apiBaseUrl).toBe('http://127.0.0.1:9/v1');
    applySettings(s.state, { onefichier: { reservedNames: 'refuse' } }, s.env, s.createApi, s.editor);
    expect(s.created.map((c) => c.settings.reservedNames)).toEqual([undefined, 'refuse']);
    expect(s.state.settings.apiBaseUrl).toBe('http://127.0.0.1:9/v1');
  });

  it('warns about an apiKey option without keeping it, and without a key says links are not checked', () => {
    const s = setup({});
    applySettings(s.state, { apiKey: 'typed-in-settings' }, s.env, s.createApi, s.editor);
    expect(s.editor.shown).toEqual([{ kind: 'warning', text: expect.stringMatching(/^1fichier: The apiKey option is not read/) }]);
    expect(s.state.givenSettings).not.toHaveProperty('apiKey');
    expect(s.state.api).toBeUndefined();
    expect(s.events).toEqual(['forget pause', 'setApi(none)']);
    expect(s.editor.logs).toEqual(['1fichier: no API key; hovers show link ids only and links are not checked.']);
    expect(JSON.stringify([s.editor.shown, s.editor.logs])).not.toContain('typed-in-settings');
  });
});
