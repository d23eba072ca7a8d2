/**
 * A minimal LSP client for tests: speaks JSON-RPC to the server (a spawned `dist/server.js --stdio`, or an
 * in-memory server), answers its requests like an editor would, and records what it sends.
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { PassThrough } from 'stream';
import { pathToFileURL } from 'url';
import {
  CancellationToken,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import { ServerDependencies, startServer } from '../src/server';
import type {
  ApplyWorkspaceEditParams,
  CodeAction,
  Diagnostic,
  Hover,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
} from 'vscode-languageserver/node';

export interface ShownMessage {
  type: number;
  message: string;
}

export interface PromptRequest {
  type: number;
  message: string;
  actions?: { title: string }[];
}

export interface InitializeOptions {
  /** The initializationOptions sent. */
  options?: Record<string, unknown>;
  clientName?: string;
  workDoneProgress?: boolean;
  versionedEdits?: boolean;
  /** Absolute paths of the workspace folders announced (none by default). */
  workspaceFolders?: string[];
  /** The `trace` value of initialize ('verbose' makes the server trace too). */
  trace?: 'off' | 'messages' | 'verbose';
}

export interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
}

export class LspTestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly messages: ShownMessage[] = [];
  readonly logs: string[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly progress: ProgressEvent[] = [];
  /** Everything the server wrote, for checks that the key never leaks. */
  readonly rawTraffic: string[] = [];
  /** Everything this client wrote to the server (what an editor's verbose trace logs in that direction). */
  readonly sentTraffic: string[] = [];
  /** The window/showMessageRequest prompts received, in order. */
  readonly prompts: PromptRequest[] = [];
  /**
   * How the fake user answers a prompt: the title of the button to press, or null to dismiss it. By
   * default every prompt is dismissed.
   */
  answerPrompt: (prompt: PromptRequest) => string | null = () => null;
  private versions = new Map<string, number>();
  private diagnosticWaiters: { uri: string; test: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  /** Whether the fake editor accepts workspace/applyEdit. */
  applyEditResult = true;

  constructor(
    readonly connection: MessageConnection,
    private readonly onDispose: () => Promise<void> = async () => {},
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      this.diagnosticWaiters = this.diagnosticWaiters.filter((w) => {
        if (w.uri !== p.uri || !w.test(p.diagnostics)) return true;
        w.resolve(p.diagnostics);
        return false;
      });
    });
    connection.onNotification('window/showMessage', (m: ShownMessage) => {
      this.messages.push(m);
    });
    connection.onNotification('window/logMessage', (m: ShownMessage) => {
      this.logs.push(m.message);
    });
    connection.onNotification('$/progress', (p: ProgressEvent) => {
      this.progress.push(p);
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    // vscode-languageserver sends every window.show*Message as a request, with or without buttons.
    connection.onRequest('window/showMessageRequest', (m: PromptRequest) => {
      this.messages.push(m);
      if (!m.actions || m.actions.length === 0) return null;
      this.prompts.push(m);
      const title = this.answerPrompt(m);
      return title === null ? null : { title };
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', () => []);
    connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(p);
      return { applied: this.applyEditResult };
    });
    connection.listen();
  }

  /** Spawns the bundled server the way an editor does. */
  static spawnBundled(env: NodeJS.ProcessEnv = {}): LspTestClient {
    const serverPath = path.join(__dirname, '..', 'dist', 'server.js');
    const child: ChildProcess = spawn(process.execPath, [serverPath, '--stdio'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr!.on('data', (c: Buffer) => stderr.push(c.toString()));
    const tap = new PassThrough();
    const toServer = new PassThrough();
    const client = new LspTestClient(createMessageConnection(new StreamMessageReader(tap), new StreamMessageWriter(toServer)), async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      client.rawTraffic.push(chunk.toString());
      tap.write(chunk);
    });
    child.stdout!.on('end', () => tap.end());
    toServer.on('data', (chunk: Buffer) => {
      client.sentTraffic.push(chunk.toString());
      child.stdin!.write(chunk);
    });
    child.stdin!.on('error', () => undefined);
    client.stderr = stderr;
    return client;
  }

  stderr: string[] = [];
  inProcess = false;

  /** Runs the server in this process over in-memory streams, with injected dependencies (a fake API). */
  static inMemory(deps: ServerDependencies): LspTestClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(serverConnection, deps);
    const tap = new PassThrough();
    const fromClient = new PassThrough();
    const client = new LspTestClient(createMessageConnection(new StreamMessageReader(tap), new StreamMessageWriter(fromClient)), async () =>
      serverConnection.dispose(),
    );
    fromClient.on('data', (chunk: Buffer) => {
      client.sentTraffic.push(chunk.toString());
      toServer.write(chunk);
    });
    client.inProcess = true;
    toClient.on('data', (chunk: Buffer) => {
      client.rawTraffic.push(chunk.toString());
      tap.write(chunk);
    });
    return client;
  }

  async initialize({
    options = {},
    clientName = 'jest-lsp-client',
    workDoneProgress = true,
    versionedEdits = false,
    workspaceFolders = [],
    trace = 'off',
  }: InitializeOptions = {}): Promise<InitializeResult> {
    const folders = workspaceFolders.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) }));
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      // The spawned server watches this process and exits with it; in process there is nothing to watch.
      processId: this.inProcess ? null : process.pid,
      clientInfo: { name: clientName },
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders.length > 0 ? folders : null,
      trace,
      capabilities: {
        window: { workDoneProgress, showMessage: { messageActionItem: { additionalPropertiesSupport: false } } },
        workspace: {
          applyEdit: true,
          configuration: false,
          workspaceFolders: true,
          workspaceEdit: { documentChanges: versionedEdits },
        },
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { versionSupport: true } },
      },
      initializationOptions: options,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [], ...(only ? { only } : {}) },
    });
  }

  executeCommand<T = unknown>(command: string, args: unknown[], token?: CancellationToken): Promise<T> {
    return token
      ? this.connection.sendRequest('workspace/executeCommand', { command, arguments: args }, token)
      : this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  async changeWorkspaceFolders(added: string[], removed: string[]): Promise<void> {
    const asFolder = (folder: string) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) });
    await this.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: added.map(asFolder), removed: removed.map(asFolder) },
    });
  }

  async changeConfiguration(settings: unknown): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  /** Resolves with the first diagnostics for `uri` (already received or coming) that pass `test`. */
  waitForDiagnostics(uri: string, test: (d: Diagnostic[]) => boolean, timeoutMs = 20000): Promise<Diagnostic[]> {
    const seen = this.diagnostics.get(uri) ?? [];
    const match = seen.find((p) => test(p.diagnostics));
    if (match) return Promise.resolve(match.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(seen.map((p) => p.diagnostics))}`),
          ),
        timeoutMs,
      );
      this.diagnosticWaiters.push({
        uri,
        test,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      });
    });
  }

  /** The diagnostics most recently published for `uri`. */
  latestDiagnostics(uri: string): Diagnostic[] | undefined {
    const list = this.diagnostics.get(uri);
    return list?.[list.length - 1]?.diagnostics;
  }

  async dispose(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        // `exit` makes vscode-languageserver call process.exit: only a spawned server may get it.
        this.connection.sendRequest('shutdown').then(() => (this.inProcess ? undefined : this.connection.sendNotification('exit'))),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 2000);
        }),
      ]);
    } catch {
      // the server may already be gone
    } finally {
      clearTimeout(timer);
    }
    this.connection.dispose();
    await this.onDispose();
  }
}

/** Waits until `check` returns true (polling), for state that arrives through notifications. */
export async function eventually(check: () => boolean, timeoutMs = 10000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
