/**
 * Where the key and the API address come from. The key: only the server's environment (API_KEY_ENV), never
 * an LSP message, since a verbose LSP trace logs initializationOptions and settings. The API address:
 * initializationOptions, then `workspace/didChangeConfiguration`, else the environment. The key is never
 * logged or echoed.
 */
import { DEFAULT_BASE_URL, checkBaseUrl } from '@onefichier/core';
import { API_BASE_URL_ENV, API_KEY_ENV, SETTINGS_SECTION, type LanguageServerOptions } from '@onefichier/core/lsp-contract';
import { l10n } from './l10n';

export interface ServerSettings {
  apiKey?: string;
  apiBaseUrl: string;
  /** Names 1fichier reserves, in uploads: rclone's look-alikes (default) or refused. */
  reservedNames?: 'encode' | 'refuse';
  /** Whether the environment gave a key. */
  keySource: 'environment' | 'none';
}

/** What the options and settings may hold (the contract's names, values unchecked); `apiKey` only to say it is not read. */
export type SettingsInput = { [K in keyof LanguageServerOptions]?: unknown } & { apiKey?: unknown };

export interface SettingsResult {
  settings: ServerSettings;
  /** Problems to show the user (a bad URL, a key of the wrong type); never contains the key. */
  problems: string[];
}

/** Accepts `{apiKey, apiBaseUrl}` or the same nested under `onefichier` (VS Code's settings shape). */
export function extractSettingsInput(value: unknown): SettingsInput {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const nested = record[SETTINGS_SECTION];
  if (typeof nested === 'object' && nested !== null) return nested as SettingsInput;
  return record as SettingsInput;
}

export function resolveSettings(input: SettingsInput, env: NodeJS.ProcessEnv): SettingsResult {
  const problems: string[] = [];
  if (input.apiKey !== undefined && input.apiKey !== null && input.apiKey !== '') {
    problems.push(
      `The apiKey option is not read: LSP traces log initializationOptions and settings, so the key would end up in logs. Remove it from the editor's configuration and set the environment variable ${API_KEY_ENV} for the server instead (Neovim: cmd_env), then restart the server.`,
    );
  }
  let apiKey: string | undefined;
  let keySource: ServerSettings['keySource'] = 'none';
  const fromEnv = env[API_KEY_ENV]?.trim();
  if (fromEnv) {
    apiKey = fromEnv;
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
      : env[API_BASE_URL_ENV] && env[API_BASE_URL_ENV].trim() !== ''
        ? { value: env[API_BASE_URL_ENV], from: API_BASE_URL_ENV }
        : undefined;
  if (requested) {
    const checked = checkBaseUrl(requested.value);
    if (checked.ok) apiBaseUrl = checked.url;
    else problems.push(`${requested.from} ${checked.problem}; using ${DEFAULT_BASE_URL}. ${checked.hint}`);
  }
  const settings: ServerSettings = { apiBaseUrl, keySource };
  if (apiKey) settings.apiKey = apiKey;
  if (input.reservedNames === 'refuse') settings.reservedNames = 'refuse';
  else if (
    input.reservedNames !== undefined &&
    input.reservedNames !== null &&
    input.reservedNames !== 'encode' &&
    input.reservedNames !== ''
  )
    problems.push(`The reservedNames setting must be "encode" or "refuse"; using "encode" (look-alike characters, as rclone does).`);
  return { settings, problems };
}

/** What the user should do to get file details, named for where they are. */
export function howToSetKey(clientName: string | undefined): string {
  const vscode = clientName !== undefined && /code/i.test(clientName);
  return vscode
    ? l10n.t('Run "1fichier: Set API Key" from the Command Palette (or set {0} before starting the editor).', API_KEY_ENV)
    : l10n.t(
        'Set the environment variable {0} for the server (Neovim: cmd_env) and restart it (key: 1fichier.com > Parameters > API key).',
        API_KEY_ENV,
      );
}
