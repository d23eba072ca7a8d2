/**
 * Starts the 1fichier link language server (packages/language-server, bundled as dist/server.js) for
 * Markdown, plain text, HTML, JSON and YAML. Bundled separately as dist/languageClient.js and loaded only
 * when such a document is open. Its code actions call onefichier.copyDirectLink / downloadFile /
 * revealInTree with a file URL.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const LINK_LANGUAGES = ['markdown', 'plaintext', 'html', 'json', 'yaml'];

/** Extension commands that accept a file URL string, for the server's code actions. */
export const EXTENSION_COMMANDS = ['onefichier.copyDirectLink', 'onefichier.downloadFile', 'onefichier.revealInTree'] as const;

export interface StartOptions {
  serverPath: string;
  apiKey?: string;
  apiBaseUrl: string;
  log(message: string): void;
}

export async function startLanguageClient(options: StartOptions): Promise<vscode.Disposable | undefined> {
  if (!fs.existsSync(options.serverPath)) {
    options.log(`language server not started: ${options.serverPath} is missing (build packages/language-server, then the extension)`);
    return undefined;
  }
  const run = { module: options.serverPath, transport: TransportKind.stdio, args: ['--stdio'] };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LINK_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // The server offers quick fixes that call these commands with the link's URL.
    initializationOptions: { apiKey: options.apiKey, apiBaseUrl: options.apiBaseUrl, clientCommands: [...EXTENSION_COMMANDS] },
    outputChannelName: '1fichier Links',
  };
  const client = new LanguageClient('onefichierLinks', '1fichier Links', serverOptions, clientOptions);
  await client.start();
  options.log('language server started');
  return new vscode.Disposable(() => void client.stop());
}
