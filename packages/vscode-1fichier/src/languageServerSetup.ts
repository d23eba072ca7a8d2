/**
 * What the extension hands the 1fichier link language server, and how it answers the server's prompts.
 * No vscode-languageclient import, so tests can check it: languageClient.ts wires it up. The names come
 * from the core's contract (packages/core/src/lsp-contract.ts), shared with the server.
 */
import { findFileUrls } from '@onefichier/core';
import {
  API_KEY_ENV,
  CLIENT_LINK_COMMANDS,
  LINK_LANGUAGES,
  PROMPT_CANCEL,
  type LanguageServerOptions,
} from '@onefichier/core/lsp-contract';

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

/** What the gate reads of an open document: vscode.TextDocument fits. */
export interface LinkDocument {
  languageId: string;
  uri: { scheme: string };
  getText(): string;
}

/** A running server: vscode.Disposable fits; dispose() may return the stop's promise. */
export interface RunningServer {
  dispose(): unknown;
}

export interface ServerGateDeps {
  /** Whether the server would get a key (set, and its API host confirmed: api.ts languageServerAccess). */
  hasKey(): Promise<boolean>;
  /** The setting onefichier.languageServer.enabled. */
  enabled(): boolean;
  /** The documents open now (vscode.workspace.textDocuments). */
  openDocuments(): readonly LinkDocument[];
  /** Starts the server; undefined when it could not (the reason is logged by the caller). */
  start(): Promise<RunningServer | undefined>;
  log(message: string): void;
  /** Documents of this scheme are never looked at: the extension's own onefichier: files. */
  ownScheme: string;
}

/**
 * When the language server runs: only while a key is set and some open document of a link language holds a
 * 1fichier link. Without a key the server can check nothing, and a process per window for documents
 * without links costs memory for nothing. It starts when both become true (in either order), restarts when
 * what it was started with changes (it reads the key and the URL only at start), and stops when the key
 * is cleared or the setting turned off. Closing the document with the link does not stop it: a server
 * that started once is likely wanted again, and a restart costs more than an idle process.
 */
export class LanguageServerGate {
  private running: RunningServer | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly languages = new Set<string>(LINK_LANGUAGES);

  constructor(private readonly deps: ServerGateDeps) {}

  /** Whether `doc` is one the server reads and holds at least one 1fichier link. */
  holdsLink(doc: LinkDocument): boolean {
    return doc.uri.scheme !== this.deps.ownScheme && this.languages.has(doc.languageId) && findFileUrls(doc.getText()).length > 0;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** A document was opened or saved. */
  documentSeen(doc: LinkDocument): Promise<void> {
    if (this.running || !this.holdsLink(doc)) return this.queue;
    return this.update(false);
  }

  /**
   * A document was edited. Only the inserted text is scanned (a pasted link), so typing costs nothing; a
   * link typed character by character is found when the document is saved.
   */
  documentEdited(doc: LinkDocument, insertedTexts: readonly string[]): Promise<void> {
    if (this.running || doc.uri.scheme === this.deps.ownScheme || !this.languages.has(doc.languageId)) return this.queue;
    if (!insertedTexts.some((text) => findFileUrls(text).length > 0)) return this.queue;
    return this.update(false);
  }

  /** The key, the API host's confirmation or the enabled setting changed: start, stop or restart. */
  keyChanged(): Promise<void> {
    return this.update(true);
  }

  /** The server's settings (API URL, reserved names) changed: a running server restarts to read them. */
  settingsChanged(): Promise<void> {
    return this.running ? this.update(true) : this.queue;
  }

  /** Stops the server for good (the extension's deactivation). */
  dispose(): Promise<void> {
    this.queue = this.queue.then(() => this.stop('the extension stopped'));
    return this.queue;
  }

  /** One change at a time, in order: a start never races the stop before it. */
  private update(restart: boolean): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        // The key is read last: with no link open (most activations) nothing is read from secret storage.
        const wanted =
          this.deps.enabled() &&
          (this.running !== undefined || this.deps.openDocuments().some((d) => this.holdsLink(d))) &&
          (await this.deps.hasKey());
        if (this.running && (!wanted || restart)) await this.stop(wanted ? 'restarting it with the new settings' : 'no key, or turned off');
        if (wanted && !this.running) this.running = await this.deps.start();
      })
      .catch((e: unknown) => this.deps.log(`language server: ${(e as Error).message}`));
    return this.queue;
  }

  private async stop(why: string): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.deps.log(`language server stopped: ${why}`);
    await running.dispose();
  }
}
