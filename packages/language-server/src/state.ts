/**
 * Everything the server holds between requests, in one place: the settings in force, what the client said
 * about itself in `initialize`, the workspace folders, the link cache and the bookkeeping of diagnostics.
 * Features read and change it through the narrow interfaces they declare; server.ts creates one per
 * connection.
 */
import * as os from 'os';
import { fileURLToPath } from 'url';
import type { InitializeParams, TextDocuments, WorkspaceFolder, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type ReplacedLinkStore } from '@onefichier/core';
import { CLIENT_LINK_COMMANDS, type LanguageServerOptions } from '@onefichier/core/lsp-contract';
import { LinkStatusCache, type LinkApi } from './link-status';
import type { ServerSettings, SettingsInput } from './settings';

/** The local paths of the `file:` workspace folders (others cannot hold a file to upload). */
function folderPaths(folders: readonly WorkspaceFolder[]): string[] {
  const paths: string[] = [];
  for (const folder of folders) {
    try {
      if (folder.uri.toLowerCase().startsWith('file:')) paths.push(fileURLToPath(folder.uri));
    } catch {
      // not a local folder
    }
  }
  return paths;
}

export interface ServerStateOptions {
  env: NodeJS.ProcessEnv;
  /** The toolkit's record of replaced links (old → new), for the quick fix of a dead link. */
  replacedLinks?: ReplacedLinkStore;
  /** How long an answer about a file is trusted (the cache's default when absent). */
  cacheTtlMs?: number;
}

export class ServerState {
  /** The settings in force. */
  settings: ServerSettings = { apiBaseUrl: '', keySource: 'none' };
  /**
   * Settings given so far. A didChangeConfiguration only overrides what it names: several clients send
   * `{}` or `null` settings on start, which must not drop an API address given in initializationOptions.
   * An empty string clears a setting (the environment then applies).
   */
  givenSettings: SettingsInput = {};
  /** The core's client for the settings in force; undefined without a key. */
  api: LinkApi | undefined;
  /** What is known about each linked file, shared by hovers, diagnostics and code actions. */
  readonly links: LinkStatusCache;
  readonly replacedLinks: ReplacedLinkStore | undefined;
  /** Where `~/` points: the server's HOME, as in a shell (os.homedir() reads it too, where it is set). */
  readonly homeDir: string;

  clientName: string | undefined;
  /** Commands the client implements among CLIENT_LINK_COMMANDS. */
  clientCommands: ReadonlySet<string> = new Set();
  clientSupportsProgress = false;
  clientSupportsVersionedEdits = false;
  clientSendsFolderChanges = false;
  /** The workspace folders the client announced (absolute paths): the only place uploads are offered from. */
  workspaceFolders: string[] = [];

  /** Per document, the number of the newest check: an older check stops at its next file. */
  readonly checkGeneration = new Map<string, number>();
  /** Account-wide problems already shown (bad key, no Premium, flood lock), so each is shown once. */
  readonly shownProblems = new Set<string>();
  /** Per document, the pending re-publication after an edit. */
  readonly changeTimers = new Map<string, NodeJS.Timeout>();
  /** Set on shutdown: background checks finishing later must not write to a closing connection. */
  stopped = false;

  constructor(
    readonly documents: TextDocuments<TextDocument>,
    options: ServerStateOptions,
  ) {
    this.links = new LinkStatusCache(undefined, options.cacheTtlMs !== undefined ? { ttlMs: options.cacheTtlMs } : {});
    this.replacedLinks = options.replacedLinks;
    this.homeDir = options.env.HOME || os.homedir();
  }

  /** Takes what the client says about itself in `initialize`; returns the options (the contract's names, values unchecked). */
  takeInitialize(params: InitializeParams): { [K in keyof LanguageServerOptions]?: unknown } {
    this.clientName = params.clientInfo?.name;
    this.clientSupportsProgress = params.capabilities.window?.workDoneProgress === true;
    this.clientSupportsVersionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    const options = (params.initializationOptions ?? {}) as { [K in keyof LanguageServerOptions]?: unknown };
    const listed = options.clientCommands;
    if (Array.isArray(listed)) {
      this.clientCommands = new Set(listed.filter((c): c is string => typeof c === 'string'));
    } else if (this.clientName && /visual studio code|code-server|vscodium|code - oss/i.test(this.clientName)) {
      this.clientCommands = new Set(Object.values(CLIENT_LINK_COMMANDS));
    }
    // Per the protocol, workspaceFolders null means no folder is open; rootUri is the pre-3.6 form.
    if (params.workspaceFolders) this.workspaceFolders = folderPaths(params.workspaceFolders);
    else if (params.workspaceFolders === undefined && params.rootUri)
      this.workspaceFolders = folderPaths([{ uri: params.rootUri, name: '' }]);
    this.clientSendsFolderChanges = params.capabilities.workspace?.workspaceFolders === true;
    return options;
  }

  changeWorkspaceFolders(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(folderPaths(event.removed));
    this.workspaceFolders = [...this.workspaceFolders.filter((f) => !removed.has(f)), ...folderPaths(event.added)];
  }

  /** Shutdown: pending work stops and nothing more is sent. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.changeTimers.values()) clearTimeout(timer);
    this.changeTimers.clear();
    this.checkGeneration.clear();
  }
}
