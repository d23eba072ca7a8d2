/**
 * Settings from `initializationOptions` and `workspace/didChangeConfiguration`: merged with what was given
 * before, resolved against the environment (settings.ts), and, when they change the key, the API address or
 * the naming rule, a new core client and a cache emptied of the previous account's answers.
 */
import { API_KEY_ENV } from '@onefichier/core/lsp-contract';
import type { EditorOutput } from '../editor';
import type { LinkApi, LinkStatusCache } from '../link-status';
import { extractSettingsInput, resolveSettings, type ServerSettings, type SettingsInput } from '../settings';

/** What the server wants to hear from the core while it works. */
export interface ApiHooks {
  log(message: string): void;
  /** 1fichier answered with a flood lock: every call waits `ms` before the next try. */
  floodWait(ms: number): void;
}

/** Builds the core client for these settings; undefined when there is no key. */
export type CreateApi = (settings: ServerSettings, hooks: ApiHooks) => LinkApi | undefined;

/** The part of the server's state that settings change. */
export interface ConfigurationState {
  settings: ServerSettings;
  givenSettings: SettingsInput;
  api: LinkApi | undefined;
  readonly links: Pick<LinkStatusCache, 'setApi' | 'noteFloodWait' | 'forgetFloodPause'>;
  readonly shownProblems: Set<string>;
}

const MESSAGES = {
  problem: (problem: string) => `1fichier: ${problem}`,
  keySet: (apiBaseUrl: string) => `1fichier: API key set (from ${API_KEY_ENV}), API at ${apiBaseUrl}.`,
  noKey: '1fichier: no API key; hovers show link ids only and links are not checked.',
};

export function applySettings(
  state: ConfigurationState,
  input: unknown,
  env: NodeJS.ProcessEnv,
  createApi: CreateApi,
  output: EditorOutput,
): void {
  const update = extractSettingsInput(input);
  const given: SettingsInput = { ...state.givenSettings };
  if ('apiBaseUrl' in update) given.apiBaseUrl = update.apiBaseUrl;
  if ('reservedNames' in update) given.reservedNames = update.reservedNames;
  state.givenSettings = given;
  // An apiKey is not kept: it is never read, and the warning about it concerns this message only.
  const result = resolveSettings('apiKey' in update ? { ...given, apiKey: update.apiKey } : given, env);
  for (const problem of result.problems) output.show('warning', MESSAGES.problem(problem));
  const before = state.settings;
  const changed =
    result.settings.apiKey !== before.apiKey ||
    result.settings.apiBaseUrl !== before.apiBaseUrl ||
    result.settings.reservedNames !== before.reservedNames;
  state.settings = result.settings;
  if (!changed) return;
  const links = state.links;
  links.forgetFloodPause();
  state.api = createApi(state.settings, { log: (message) => output.log(message), floodWait: (ms) => links.noteFloodWait(ms) });
  // Forgets the previous account's answers.
  links.setApi(state.api);
  state.shownProblems.clear();
  output.log(state.settings.apiKey ? MESSAGES.keySet(state.settings.apiBaseUrl) : MESSAGES.noKey);
}
