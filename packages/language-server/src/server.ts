/**
 * The language server: hover, dead-link diagnostics, code actions and commands for 1fichier links. This file
 * only initializes and registers handlers; each feature is in features/ or commands/, and what the server
 * holds between requests is one ServerState (state.ts).
 *
 * Network use is bounded by design: file details are fetched on hover, and for diagnostics only when a
 * document is opened or saved; every answer is cached, and calls go one after another through the core,
 * whose pacer paces them. Typing only re-reads the cache.
 */
import {
  CodeActionKind,
  Connection,
  ErrorCodes,
  ExecuteCommandParams,
  InitializeParams,
  InitializeResult,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type ReplacedLinkStore } from '@onefichier/core';
import { SERVER_COMMANDS } from '@onefichier/core/lsp-contract';
import { setLocale } from './l10n';
import { getDirectLink } from './commands/getDirectLink';
import { uploadAndReplace, type OpenFile } from './commands/uploadAndReplace';
import { connectionOutput, sendQuietly } from './editor';
import { codeActions } from './features/codeActions';
import { applySettings, type CreateApi } from './features/configuration';
import { documentChanged, documentClosed, runCheck, type DiagnosticsOutput } from './features/diagnostics';
import { hover } from './features/hover';
import { ServerState } from './state';
import { SERVER_VERSION } from './version';

const MESSAGES = {
  unknownCommand: (command: string) =>
    `1fichier: unknown command ${command}; the server runs ${Object.values(SERVER_COMMANDS).join(', ')}.`,
};

export interface ServerDependencies {
  /** Builds the core client for these settings; undefined when there is no key. */
  createApi: CreateApi;
  /** A re-openable upload source reading a file from disk, named `name` (rejects a missing, empty or special file). */
  openFile: OpenFile;
  /** The toolkit's record of replaced links (old → new), for the quick fix of a dead link. */
  replacedLinks?: ReplacedLinkStore;
  env: NodeJS.ProcessEnv;
  /** How long a hover waits for file details before answering with what it has (default 4 s). */
  hoverTimeoutMs?: number;
  /** How long an answer about a file is trusted (default 10 min). */
  cacheTtlMs?: number;
  /**
   * Files one open or save may look up (default 300, about 5 minutes of paced calls); the rest are
   * looked up by the next saves, the ones already known being cached.
   */
  maxLookupsPerCheck?: number;
}

export function startServer(connection: Connection, deps: ServerDependencies): void {
  const documents = new TextDocuments(TextDocument);
  const state = new ServerState(documents, deps);
  const output = connectionOutput(connection, () => state.stopped);
  const diagnosticsOutput: DiagnosticsOutput = {
    ...output,
    sendDiagnostics: (params) => sendQuietly(() => connection.sendDiagnostics(params)),
  };
  const uploadEditor = {
    ...output,
    window: connection.window,
    applyEdit: connection.workspace.applyEdit.bind(connection.workspace),
  };
  const check = (document: TextDocument): void => runCheck(state, diagnosticsOutput, document, deps.maxLookupsPerCheck);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    setLocale(params.locale);
    const options = state.takeInitialize(params);
    applySettings(state, options, deps.env, deps.createApi, output);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'onefichier-language-server', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (!state.clientSendsFolderChanges) return;
    connection.workspace.onDidChangeWorkspaceFolders((event) => state.changeWorkspaceFolders(event));
  });

  connection.onDidChangeConfiguration((params) => {
    applySettings(state, params.settings, deps.env, deps.createApi, output);
    for (const document of documents.all()) check(document);
  });

  connection.onShutdown(() => state.stop());

  documents.onDidOpen((e) => check(e.document));
  documents.onDidSave((e) => check(e.document));
  documents.onDidChangeContent((e) => documentChanged(state, diagnosticsOutput, e.document.uri));
  documents.onDidClose((e) => documentClosed(state, diagnosticsOutput, e.document.uri));

  connection.onHover((params, token) => hover(state, params, token, deps.hoverTimeoutMs));
  connection.onCodeAction((params) => codeActions(state, params));
  connection.onExecuteCommand(async (params: ExecuteCommandParams, token) => {
    const args = params.arguments ?? [];
    switch (params.command) {
      case SERVER_COMMANDS.getDirectLink:
        return getDirectLink(state, output, args);
      case SERVER_COMMANDS.uploadAndReplace:
        return uploadAndReplace(state, uploadEditor, deps.openFile, args, params.workDoneToken, token);
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, MESSAGES.unknownCommand(params.command));
    }
  });

  documents.listen(connection);
  connection.listen();
}
