/**
 * The contract between the VS Code extension (packages/vscode-1fichier) and the 1fichier link language
 * server (packages/language-server): command ids, languages, initialization options, settings and the
 * environment the server reads. Both sides import it from here; other editors follow the same names, as
 * packages/language-server/README.md shows.
 */

/** Commands the language server runs (`workspace/executeCommand`). */
export const SERVER_COMMANDS = {
  /** `[fileUrl, { show?: boolean }]` -> a download URL valid about 5 minutes. */
  getDirectLink: 'onefichier.lsp.getDirectLink',
  /** `[documentUri, range, absolutePath]` -> `{ url, filename, size, replaced }`, or null when the user said no. */
  uploadAndReplace: 'onefichier.lsp.uploadAndReplace',
} as const;

/**
 * Commands of the VS Code extension that take a 1fichier file URL as their first argument. The server's
 * code actions on a link call the ones a client lists in `clientCommands`.
 */
export const CLIENT_LINK_COMMANDS = {
  copyDirectLink: 'onefichier.copyDirectLink',
  downloadFile: 'onefichier.downloadFile',
  revealInTree: 'onefichier.revealInTree',
} as const;

export type ClientLinkCommand = (typeof CLIENT_LINK_COMMANDS)[keyof typeof CLIENT_LINK_COMMANDS];

/**
 * Language ids of the documents the VS Code extension hands to the server: its document selector and its
 * `onLanguage:` activation events.
 */
export const LINK_LANGUAGES = ['markdown', 'plaintext', 'html', 'json', 'yaml'] as const;

/**
 * Language ids the server reads: the above, Neovim's name for plain text (`text`), and JSON with comments,
 * which VS Code does not hand over (the extension would otherwise start the server for every settings.json).
 */
export const SERVER_LANGUAGES: readonly string[] = [...LINK_LANGUAGES, 'text', 'jsonc'];

/**
 * `initializationOptions`, also accepted by `workspace/didChangeConfiguration`, flat or nested under
 * SETTINGS_SECTION. The API key is not among them: LSP traces log these messages (see API_KEY_ENV).
 */
export interface LanguageServerOptions {
  /** The API address (tests, the local sandbox); default https://api.1fichier.com/v1. */
  apiBaseUrl?: string;
  /** The CLIENT_LINK_COMMANDS the client implements; VS Code and code-server implement all of them. */
  clientCommands?: string[];
  /** Names the service reserves, in uploads: 'encode' (default: rclone's look-alikes) or 'refuse' (`onefichier.reservedNames`). */
  reservedNames?: 'encode' | 'refuse';
}

/** The settings section VS Code keeps these options under (`onefichier.apiBaseUrl`). */
export const SETTINGS_SECTION = 'onefichier';

/**
 * The environment variable holding the API key, in the server's process: the editor sets it when it starts
 * the server, so the key never travels in an LSP message that a verbose trace would log. A new key means a
 * restart of the server.
 */
export const API_KEY_ENV = 'ONEFICHIER_API_KEY';

/** The environment variable for the API address, read when the options name none. */
export const API_BASE_URL_ENV = 'ONEFICHIER_API_BASE_URL';

/**
 * The button of the server's `window/showMessageRequest` prompts that declines. The VS Code extension shows
 * these prompts as modal dialogs, where this button becomes the dialog's own Cancel.
 */
export const PROMPT_CANCEL = 'Cancel';
