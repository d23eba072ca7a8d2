/**
 * Starts the 1fichier link language server (packages/language-server, bundled as dist/server.js) for the
 * link languages. Bundled separately as dist/languageClient.js and loaded only when extension.ts's gate wants
 * the server (a key set, an open document holding a 1fichier link).
 * What the server gets (the key in its environment, the options) is in languageServerSetup.ts.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { answerServerPrompt, serverLaunch, type LaunchSettings, type ServerPrompt } from './languageServerSetup';

export interface StartOptions extends LaunchSettings {
  log(message: string): void;
}

export async function startLanguageClient(options: StartOptions): Promise<vscode.Disposable | undefined> {
  if (!fs.existsSync(options.serverPath)) {
    options.log(`language server not started: ${options.serverPath} is missing (build packages/language-server, then the extension)`);
    return undefined;
  }
  const launch = serverLaunch(options);
  const run = {
    module: launch.process.module,
    transport: TransportKind.stdio,
    args: launch.process.args,
    options: { env: launch.process.env },
  };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: launch.documentSelector,
    initializationOptions: launch.initializationOptions,
    outputChannelName: '1fichier Links',
  };
  const client = new LanguageClient('onefichierLinks', '1fichier Links', serverOptions, clientOptions);
  // Replaces the client's default handler (a notification) once started: the server's questions are modal.
  client.onRequest('window/showMessageRequest', (prompt: ServerPrompt) => answerServerPrompt(vscode.window, prompt));
  await client.start();
  options.log('language server started');
  // dispose() returns the stop's promise, so a restart waits for the old server to exit.
  return new vscode.Disposable(() => client.stop());
}
