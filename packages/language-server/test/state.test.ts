/** ServerState: what the client says in `initialize`, workspace folder changes, and shutdown. */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocuments, type InitializeParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CLIENT_LINK_COMMANDS } from '@onefichier/core/lsp-contract';
import { ServerState } from '../src/state';

const A = path.resolve('/work/a');
const B = path.resolve('/work/b');

function newState(env: NodeJS.ProcessEnv = { HOME: '/home/tester' }): ServerState {
  return new ServerState(new TextDocuments(TextDocument), { env });
}

function initialize(extra: Partial<InitializeParams>): InitializeParams {
  return { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null, ...extra };
}

describe('ServerState', () => {
  it("takes the client's name, capabilities, commands and local workspace folders from initialize", () => {
    const state = newState();
    const options = state.takeInitialize(
      initialize({
        clientInfo: { name: 'Neovim' },
        capabilities: {
          window: { workDoneProgress: true },
          workspace: { workspaceEdit: { documentChanges: true }, workspaceFolders: true },
        },
        initializationOptions: { clientCommands: [CLIENT_LINK_COMMANDS.downloadFile, 42], apiBaseUrl: 'http://127.0.0.1:9/v1' },
        workspaceFolders: [
          { uri: pathToFileURL(A).href, name: 'a' },
          { uri: 'vscode-vfs://github/x/y', name: 'remote' },
        ],
      }),
    );
    expect(options).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:9/v1' });
    expect(state.clientName).toBe('Neovim');
    expect([...state.clientCommands]).toEqual([CLIENT_LINK_COMMANDS.downloadFile]);
    expect(state.clientSupportsProgress).toBe(true);
    expect(state.clientSupportsVersionedEdits).toBe(true);
    expect(state.clientSendsFolderChanges).toBe(true);
    expect(state.workspaceFolders).toEqual([A]);
    expect(state.homeDir).toBe('/home/tester');
  });

  it('gives VS Code-like clients their link commands by default, and reads the pre-3.6 rootUri only when folders are not said', () => {
    const vscode = newState();
    const before36 = initialize({ clientInfo: { name: 'code-server' }, rootUri: pathToFileURL(A).href });
    delete (before36 as { workspaceFolders?: unknown }).workspaceFolders;
    vscode.takeInitialize(before36);
    expect([...vscode.clientCommands].sort()).toEqual(Object.values(CLIENT_LINK_COMMANDS).sort());
    expect(vscode.workspaceFolders).toEqual([A]);
    const noFolder = newState();
    noFolder.takeInitialize(initialize({ rootUri: pathToFileURL(A).href, workspaceFolders: null }));
    expect(noFolder.workspaceFolders).toEqual([]);
    expect([...noFolder.clientCommands]).toEqual([]);
  });

  it('follows workspace folder changes', () => {
    const state = newState();
    state.takeInitialize(initialize({ workspaceFolders: [{ uri: pathToFileURL(A).href, name: 'a' }] }));
    state.changeWorkspaceFolders({
      added: [{ uri: pathToFileURL(B).href, name: 'b' }],
      removed: [{ uri: pathToFileURL(A).href, name: 'a' }],
    });
    expect(state.workspaceFolders).toEqual([B]);
  });

  it('on stop: cancels pending re-publications and forgets running checks', () => {
    jest.useFakeTimers();
    try {
      const state = newState();
      let fired = false;
      state.changeTimers.set(
        'file:///a.md',
        setTimeout(() => (fired = true), 100),
      );
      state.checkGeneration.set('file:///a.md', 2);
      state.stop();
      jest.advanceTimersByTime(1000);
      expect(fired).toBe(false);
      expect(state.stopped).toBe(true);
      expect(state.checkGeneration.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
