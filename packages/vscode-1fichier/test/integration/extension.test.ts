/**
 * Integration tests in the real extension host of VS Code (code-server), against the sandbox whose URL
 * is in the onefichier.apiBaseUrl setting. The extension under test is this folder (extensionDevelopmentPath).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'onefichier-toolkit.vscode-1fichier';

/* The services object activate() returns, typed loosely: this suite compiles on its own. */
type AnyServices = any;

interface SandboxState {
  folders: { id: number; name: string; parentId: number }[];
  files: { url: string; filename: string; folderId: number; size: number }[];
}

function apiBaseUrl(): string {
  return vscode.workspace.getConfiguration('onefichier').get<string>('apiBaseUrl') ?? '';
}

async function sandboxState(): Promise<SandboxState> {
  const res = await fetch(`${new URL(apiBaseUrl()).origin}/__sandbox/state`);
  return (await res.json()) as SandboxState;
}

function key(): string {
  const k = process.env.ONEFICHIER_IT_KEY;
  assert.ok(k, 'ONEFICHIER_IT_KEY must hold the sandbox key');
  return k;
}

describe('1fichier extension in the real extension host', () => {
  let services: AnyServices;

  it('declares only lazy activation events (the view, commands, linkable documents), none at start-up', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    const events: string[] = ext.packageJSON.activationEvents;
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `no start-up activation: ${events.join(', ')}`);
    assert.ok(
      events.every(
        (e) => e.startsWith('onLanguage:') || e.startsWith('onFileSystem:') || e.startsWith('onView:') || e.startsWith('onCommand:'),
      ),
    );
  });

  it('activates on a command and registers every command of its manifest', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await vscode.commands.executeCommand('onefichier.refresh');
    services = await ext.activate();
    assert.ok(services?.tree, 'activate() returns the services');
    // The core's waits and retries explain a slow test in the console log.
    services.api.onClientEvent((e: { type: string; message: string }) => console.log(`[core] ${e.type}: ${e.message}`));
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared: { command: string }[] = ext.packageJSON.contributes.commands;
    const missing = declared.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('stores a key in SecretStorage (not settings) and lists the sandbox root', async () => {
    assert.equal(await vscode.commands.executeCommand('onefichier.setApiKey', key()), true);
    const inspected = vscode.workspace.getConfiguration('onefichier').inspect('apiKey');
    assert.equal(
      inspected?.globalValue ?? inspected?.workspaceValue ?? inspected?.workspaceFolderValue,
      undefined,
      'no apiKey setting exists',
    );
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('onefichier')).includes(key()), 'the key is in no setting');
    const root: { type: string; name?: string }[] = await services.tree.getChildren();
    const names = root.filter((n) => n.type === 'folder').map((n) => n.name);
    assert.ok(names.includes('Projects'), `root folders: ${names.join(', ')}`);
  });

  it('creates a folder through the command and the sandbox has it', async () => {
    const made = (await vscode.commands.executeCommand('onefichier.newFolder', services.storage.root, 'Integration')) as
      | { folderId: number }
      | undefined;
    assert.ok(made, 'the command returned the new folder');
    const state = await sandboxState();
    assert.ok(state.folders.some((f) => f.id === made.folderId && f.name === 'Integration' && f.parentId === 0));
  });

  it('uploads a workspace file through the queue and the tree shows it without listing again', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const local = path.join(folder.uri.fsPath, 'it-upload.txt');
    fs.writeFileSync(local, 'uploaded from the extension host\n');
    const source = await services.api.getBackend().localFileSource(local, 'it-upload.txt');
    const outcome = await services.uploads.run(
      { target: { id: 0, path: '/' }, items: [{ source, relativeDir: [], localPath: local }], ifExists: 'keepBoth' },
      { report: () => undefined },
      new AbortController().signal,
    );
    assert.equal(outcome.status, 'done');
    const state = await sandboxState();
    const stored = state.files.find((f) => f.filename === 'it-upload.txt');
    assert.ok(stored, 'the sandbox has the file');
    assert.equal(stored.size, 33);
    const root: { type: string; file?: { filename: string } }[] = await services.tree.getChildren();
    assert.ok(root.some((n) => n.type === 'file' && n.file?.filename === 'it-upload.txt'));
  });

  it('opens a stored file read-only through the onefichier: file system', async () => {
    const state = await sandboxState();
    const notes = state.files.find((f) => f.filename === 'notes.txt');
    assert.ok(notes);
    const uri = vscode.Uri.from({ scheme: 'onefichier', path: '/notes.txt', query: `url=${encodeURIComponent(notes.url)}` });
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(), 'Remember the milk.\n');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('changed'))),
      /read-only|NoPermissions/i,
    );
  });

  it('makes a direct download link from a file URL string, as the language server calls it', async () => {
    const state = await sandboxState();
    const notes = state.files.find((f) => f.filename === 'notes.txt');
    assert.ok(notes);
    const link = (await vscode.commands.executeCommand('onefichier.copyDirectLink', notes.url)) as string | undefined;
    assert.ok(link, 'a link was returned');
    const body = await (await fetch(link)).text();
    assert.equal(body, 'Remember the milk.\n');
  });
});

describe('1fichier links in documents (language server)', () => {
  it('offers quick fixes on a 1fichier link that call the extension with the link', async function () {
    // The language server may take up to the 20 s loop below to start on a loaded machine: more than mocha's 30 s default leaves.
    this.timeout(60_000);
    const state = await sandboxState();
    const notes = state.files.find((f) => f.filename === 'notes.txt');
    assert.ok(notes);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const file = path.join(folder.uri.fsPath, 'links.md');
    fs.writeFileSync(file, `# Links\n\nThe notes: ${notes.url}\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const position = new vscode.Position(2, 'The notes: '.length + 5);
    let commands: string[] = [];
    let cancels = 0;
    // The server starts with the first Markdown document: ask until it answers. Any code action provider of
    // the document (Markdown's own too) may cancel a request while the document is new; VS Code drops such an
    // answer and asks again when the cursor moves, so a cancel here is asked again, not a failure.
    for (let i = 0; i < 40 && commands.length === 0; i++) {
      let actions: vscode.CodeAction[] | undefined;
      try {
        actions = await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
          'vscode.executeCodeActionProvider',
          doc.uri,
          new vscode.Range(position, position),
        );
      } catch (e) {
        if (!(e instanceof Error) || e.message !== 'Canceled') throw e;
        cancels++;
      }
      commands = (actions ?? []).map((a) => a.command?.command ?? '').filter((c) => c.startsWith('onefichier.'));
      if (commands.length === 0) await new Promise((r) => setTimeout(r, 500));
    }
    if (cancels > 0) console.log(`code actions: ${cancels} request(s) canceled before the answer`);
    assert.ok(commands.includes('onefichier.copyDirectLink'), `commands offered: ${commands.join(', ')} (${cancels} canceled)`);
    assert.ok(commands.includes('onefichier.revealInTree'), `commands offered: ${commands.join(', ')}`);
  });
});
