/**
 * Activation: registers the tree, the commands, the file system and drag and drop, and nothing more. The
 * core client (dist/backend.js) is loaded on the first API call and the language client
 * (dist/languageClient.js) once a key is set and an open document holds a 1fichier link, so activation costs a
 * few milliseconds.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ApiService, type BackendLoader } from './api';
import { ApiHostConfirmations } from './apiHosts';
import type { Backend } from './backend';
import { commands } from './commands';
import { reachedAgain, reportError } from './errors';
import { OneFichierFileSystem } from './fs/provider';
import { SCHEME } from './fs/uri';
import { KeyStore } from './keyStore';
import { LanguageServerGate } from './languageServerSetup';
import { createLogger } from './log';
import type { Services } from './services';
import { AccountStatus } from './statusBar';
import { StorageDragAndDrop } from './tree/dnd';
import { StorageTreeProvider } from './tree/provider';
import { SharedListings } from './tree/shared';
import { UploadQueue } from './upload/queue';
import { uploadProgressTexts } from './upload/run';

function config<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration('onefichier').get<T>(key, fallback);
}

/** onefichier.openMaxSizeMB in bytes: decimal megabytes, as sizes are shown (formatSize), so "10 MB" reads as set. */
function openMaxBytes(): number {
  return config('openMaxSizeMB', 10) * 1_000_000;
}

/**
 * `loadBackend` exists for tests, which load the backend from source; VS Code passes only the context.
 * Returns the services so integration tests can inspect the running extension.
 */
export function activate(context: vscode.ExtensionContext, loadBackend?: BackendLoader): Services {
  const started = Date.now();
  const log = createLogger();
  const keys = new KeyStore(context.secrets);
  const hosts = new ApiHostConfirmations(context.globalState);
  // The backend and the language client are separate bundles, loaded on first use to keep activation fast.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const backend = loadBackend ?? (() => require(path.join(context.extensionPath, 'dist', 'backend.js')) as Backend);
  const api = new ApiService(keys, hosts, log, backend);
  let status: AccountStatus | undefined;
  const tree = new StorageTreeProvider({
    client: async () => {
      const client = await api.client();
      status?.start();
      return client;
    },
    hasKey: async () => await keys.refreshContext(),
    pageSize: () => config('pageSize', 200),
    openMaxBytes,
    onLoadError: (folder, e) => reportError(log, `Listing ${folder.path}`, e, vscode.l10n.t('Could not list {0}', folder.path)),
    onLoaded: () => reachedAgain(log),
    shared: new SharedListings(context.globalState, async () => (await keys.get())?.key),
    onBudgetWait: (folder, ms) => {
      const text = `1fichier: listing ${folder.path} in ${Math.ceil(ms / 1000)} s (it was listed moments ago; 1fichier allows one listing per folder per 30 s)`;
      log.info(text);
      void vscode.window.setStatusBarMessage(text, ms);
    },
  });
  const storage = tree.model;
  const uploads = new UploadQueue({
    client: () => api.client(),
    conflicts: () => api.getBackend(),
    listing: async (id) => {
      const folder = storage.folderById(id);
      if (folder) {
        const contents = await storage.load(folder);
        return { subFolders: contents.folders.map((f) => ({ id: f.id, name: f.name })), files: contents.files.map((f) => f.file) };
      }
      const listing = await (await api.client()).listFolder(id, { includeFiles: true });
      return { subFolders: listing.subFolders, files: listing.items ?? [] };
    },
    concurrency: () => config('upload.concurrency', 1),
    onFolderAdded: (parentId, folder) => storage.addFolder(parentId, folder, { empty: folder.created }),
    onFolderRemoved: (id) => storage.removeFolder(id),
    onUploaded: (folderId, files) => {
      storage.addUploaded(folderId, files);
      void status?.changed(files.reduce((sum, f) => sum + f.size, 0));
    },
    nameIssue: (name) => api.getBackend().nameIssue(name, api.namePolicy()),
    log: (m) => log.warn(m),
    progressTexts: uploadProgressTexts,
  });
  const services: Services = { context, log, keys, api, tree, storage, uploads };
  status = new AccountStatus(services);
  services.account = status;

  const treeView = vscode.window.createTreeView('onefichier.storage', {
    treeDataProvider: tree,
    dragAndDropController: new StorageDragAndDrop(services),
    canSelectMany: true,
    showCollapseAll: true,
  });
  services.treeView = treeView;

  context.subscriptions.push(
    log,
    keys,
    hosts,
    api,
    tree,
    treeView,
    status,
    vscode.workspace.registerFileSystemProvider(SCHEME, new OneFichierFileSystem(api, storage, openMaxBytes), {
      isReadonly: true,
      isCaseSensitive: true,
    }),
    keys.onDidChange(() => {
      // Another key may be another account: the status shows again after the tree's next load.
      status?.stop();
      tree.refresh(undefined, { force: false });
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('onefichier.apiBaseUrl')) tree.refresh(undefined, { force: false });
      if (e.affectsConfiguration('onefichier.statusBar.enabled') && !config('statusBar.enabled', true)) status?.stop();
    }),
  );
  for (const command of commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
        try {
          return await command.run(services, ...args);
        } catch (e) {
          reportError(log, command.action, e);
          return undefined;
        }
      }),
    );
  }
  void keys.refreshContext();
  startLanguageClientWhenNeeded(context, services);
  log.info(`activated in ${Date.now() - started} ms`);
  return services;
}

/**
 * Loads the language client only while a key is set and an open document of a link language holds a
 * 1fichier link (the rule is LanguageServerGate's, in languageServerSetup.ts), and restarts it when the key,
 * the API URL or the confirmed hosts change: the server gets the key in its environment and the URL at
 * initialization, both only when it starts.
 */
function startLanguageClientWhenNeeded(context: vscode.ExtensionContext, services: Services): void {
  const gate = new LanguageServerGate({
    // The key only with a base URL it may go to (the user's setting, its host confirmed): api.ts.
    hasKey: async () => (await services.api.languageServerAccess()).apiKey !== undefined,
    enabled: () => config('languageServer.enabled', true),
    openDocuments: () => vscode.workspace.textDocuments,
    ownScheme: SCHEME,
    log: (m) => services.log.info(m),
    start: async () => {
      try {
        const access = await services.api.languageServerAccess();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lc = require(path.join(context.extensionPath, 'dist', 'languageClient.js')) as typeof import('./languageClient');
        return await lc.startLanguageClient({
          serverPath: path.join(context.extensionPath, 'dist', 'server.js'),
          ...access,
          reservedNames: services.api.namePolicy(),
          log: (m) => services.log.info(m),
        });
      } catch (e) {
        services.log.warn(`language server not started: ${(e as Error).message}`);
        return undefined;
      }
    },
  });
  void gate.keyChanged();
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => void gate.documentSeen(doc)),
    vscode.workspace.onDidSaveTextDocument((doc) => void gate.documentSeen(doc)),
    vscode.workspace.onDidChangeTextDocument(
      (e) =>
        void gate.documentEdited(
          e.document,
          e.contentChanges.map((c) => c.text),
        ),
    ),
    services.keys.onDidChange(() => void gate.keyChanged()),
    services.api.hosts.onDidChange(() => void gate.keyChanged()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('onefichier.languageServer.enabled')) void gate.keyChanged();
      else if (e.affectsConfiguration('onefichier.apiBaseUrl') || e.affectsConfiguration('onefichier.reservedNames'))
        void gate.settingsChanged();
    }),
    new vscode.Disposable(() => void gate.dispose()),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
