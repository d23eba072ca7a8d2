/**
 * What the extension hands the 1fichier link language server, and how it answers the server's prompts.
 * No vscode-languageclient import, so tests can check it: languageClient.ts wires it up. The names come
 * from the core's contract (packages/core/src/lsp-contract.ts), shared with the server.
 */
import { API_KEY_ENV, CLIENT_LINK_COMMANDS, LINK_LANGUAGES, PROMPT_CANCEL, type LanguageServerOptions } from '@onefichier/core';

export interface LaunchSettings {
  /** dist/server.js inside the extension. */
  serverPath: string;
  apiKey?: string;
  apiBaseUrl: string;
  /** The setting onefichier.reservedNames, for the server's uploads. */
  reservedNames: 'encode' | 'refuse';
}

export interface ServerLaunch {
  /** The server's process: the module run over stdio, and the environment added to the extension host's. */
  process: { module: string; args: string[]; env: Record<string, string> };
  documentSelector: { scheme: 'file' | 'untitled'; language: string }[];
  initializationOptions: LanguageServerOptions;
}

/**
 * The key goes in the server's environment, never in initializationOptions: the language client's verbose
 * trace (`onefichierLinks.trace.server`) logs every message. A new key restarts the server (extension.ts).
 */
export function serverLaunch(settings: LaunchSettings): ServerLaunch {
  return {
    // An empty value overrides a stale ONEFICHIER_API_KEY inherited from the extension host.
    process: { module: settings.serverPath, args: ['--stdio'], env: { [API_KEY_ENV]: settings.apiKey ?? '' } },
    documentSelector: LINK_LANGUAGES.flatMap((language) => [
      { scheme: 'file' as const, language },
      { scheme: 'untitled' as const, language },
    ]),
    // The server offers quick fixes that call these commands with the link's URL.
    initializationOptions: {
      apiBaseUrl: settings.apiBaseUrl,
      clientCommands: Object.values(CLIENT_LINK_COMMANDS),
      reservedNames: settings.reservedNames,
    },
  };
}

/** A `window/showMessageRequest` from the server. */
export interface ServerPrompt {
  /** LSP MessageType: 1 error, 2 warning, 3 info, 4 log. */
  type: number;
  message: string;
  actions?: { title: string }[];
}

interface PromptItem {
  title: string;
  isCloseAffordance?: boolean;
}

/** The part of `vscode.window` used to answer. */
export interface PromptWindow {
  showErrorMessage(message: string, options: { modal: boolean }, ...items: PromptItem[]): Thenable<PromptItem | undefined>;
  showWarningMessage(message: string, options: { modal: boolean }, ...items: PromptItem[]): Thenable<PromptItem | undefined>;
  showInformationMessage(message: string, options: { modal: boolean }, ...items: PromptItem[]): Thenable<PromptItem | undefined>;
}

/**
 * Answers the server's showMessageRequest. A question (one with buttons: the server asks before publishing a
 * file) is a modal dialog, which cannot be lost among notifications; its Cancel is the dialog's own, and
 * closing it answers null, which publishes nothing. A plain message stays a notification.
 */
export async function answerServerPrompt(window: PromptWindow, prompt: ServerPrompt): Promise<{ title: string } | null> {
  const show =
    prompt.type === 1
      ? window.showErrorMessage.bind(window)
      : prompt.type === 2
        ? window.showWarningMessage.bind(window)
        : window.showInformationMessage.bind(window);
  const actions = prompt.actions ?? [];
  if (actions.length === 0) {
    void show(prompt.message, { modal: false });
    return null;
  }
  const items = actions.map((a) => ({ title: a.title, isCloseAffordance: a.title === PROMPT_CANCEL }));
  const picked = await show(prompt.message, { modal: true }, ...items);
  return picked ? { title: picked.title } : null;
}
