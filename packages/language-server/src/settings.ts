/**
 * Where the key and the API address come from: initializationOptions, then
 * `workspace/didChangeConfiguration`, else the environment. The key is never logged or echoed.
 */
import { DEFAULT_BASE_URL, checkBaseUrl } from '@onefichier/core';

/** Commands the VS Code extension implements; other clients list their own in `clientCommands`. */
export const VSCODE_CLIENT_COMMANDS = ['onefichier.copyDirectLink', 'onefichier.downloadFile', 'onefichier.revealInTree'];

export interface ServerSettings {
  apiKey?: string;
  apiBaseUrl: string;
  /** Where the key came from, for messages ("set in initializationOptions", "from ONEFICHIER_API_KEY"). */
  keySource: 'settings' | 'environment' | 'none';
}

export interface SettingsInput {
  apiKey?: unknown;
  apiBaseUrl?: unknown;
}

export interface SettingsResult {
  settings: ServerSettings;
  /** Problems to show the user (a bad URL, a key of the wrong type); never contains the key. */
  problems: string[];
}

/** Accepts `{apiKey, apiBaseUrl}` or the same nested under `onefichier` (VS Code's settings shape). */
export function extractSettingsInput(value: unknown): SettingsInput {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const nested = record.onefichier;
  if (typeof nested === 'object' && nested !== null) return nested as SettingsInput;
  return record as SettingsInput;
}

export function resolveSettings(input: SettingsInput, env: NodeJS.ProcessEnv): SettingsResult {
  const problems: string[] = [];
  let apiKey: string | undefined;
  let keySource: ServerSettings['keySource'] = 'none';
  if (typeof input.apiKey === 'string' && input.apiKey.trim() !== '') {
    apiKey = input.apiKey.trim();
    keySource = 'settings';
  } else if (input.apiKey !== undefined && input.apiKey !== null && typeof input.apiKey !== 'string') {
    problems.push('The apiKey setting must be a string; it was ignored.');
  }
  if (!apiKey && env.ONEFICHIER_API_KEY && env.ONEFICHIER_API_KEY.trim() !== '') {
    apiKey = env.ONEFICHIER_API_KEY.trim();
    keySource = 'environment';
  }
  if (apiKey && /\s/.test(apiKey)) {
    problems.push(
      'The 1fichier API key contains spaces or line breaks, so it cannot be right: copy it again from 1fichier.com > Parameters > API key.',
    );
    apiKey = undefined;
    keySource = 'none';
  }

  let apiBaseUrl = DEFAULT_BASE_URL;
  const requested =
    typeof input.apiBaseUrl === 'string' && input.apiBaseUrl.trim() !== ''
      ? { value: input.apiBaseUrl, from: 'the apiBaseUrl setting' }
      : env.ONEFICHIER_API_BASE_URL && env.ONEFICHIER_API_BASE_URL.trim() !== ''
        ? { value: env.ONEFICHIER_API_BASE_URL, from: 'ONEFICHIER_API_BASE_URL' }
        : undefined;
  if (requested) {
    const checked = checkBaseUrl(requested.value);
    if (checked.ok) apiBaseUrl = checked.url;
    else problems.push(`${requested.from} ${checked.problem}; using ${DEFAULT_BASE_URL}. ${checked.hint}`);
  }
  const settings: ServerSettings = { apiBaseUrl, keySource };
  if (apiKey) settings.apiKey = apiKey;
  return { settings, problems };
}

/** What the user should do to get file details, named for where they are. */
export function howToSetKey(clientName: string | undefined): string {
  const vscode = clientName !== undefined && /code/i.test(clientName);
  return vscode
    ? 'Run "1fichier: Set API Key" from the Command Palette (or set ONEFICHIER_API_KEY before starting the editor).'
    : "Pass `apiKey` in the server's initializationOptions, or set the environment variable ONEFICHIER_API_KEY before starting the editor (key: 1fichier.com > Parameters > API key).";
}
