/** File and folder commands against the sandbox: each checks the sandbox's state and the tree. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { moveItems } from '../../src/tree/move';
import { OneFichierFileSystem } from '../../src/fs/provider';
import { fileUri } from '../../src/fs/uri';
import type { FileNode, FolderNode, StorageNode } from '../../src/tree/nodes';
import { changeSetting, ui } from '../fakes/vscode';
import { seedFile, type Harness, startConnectedHarness } from './harness';

let h: Harness;
afterEach(async () => h?.stop());

const names = (nodes: StorageNode[]) =>
  nodes.map((n) => (n.type === 'folder' ? `${n.name}/` : n.type === 'file' ? n.file.filename : n.type));
const fileNode = async (name: string, folder?: FolderNode) =>
  (await h.services.tree.getChildren(folder)).find((n) => n.type === 'file' && n.file.filename === name) as FileNode;
const folderNode = async (name: string, parent?: FolderNode) =>
  (await h.services.tree.getChildren(parent)).find((n) => n.type === 'folder' && n.name === name) as FolderNode;
const choose = (items: { action: string }[]) => items.find((i) => i.action === 'choose');
const open = (name: string) => (items: { action: string; folder?: FolderNode }[]) =>
  items.find((i) => i.action === 'open' && i.folder?.name === name);

test('New Folder validates the name while typing and creates the folder in the clicked folder', async () => {
  h = await startConnectedHarness();
  await h.services.tree.getChildren();
  ui.inputBoxes.push('Reports 2026');
  await vscode.commands.executeCommand('onefichier.newFolder', h.services.storage.root);
  expect(h.sandbox.state().folders.map((f) => f.name)).toEqual(['Reports 2026']);
  expect(names(await h.services.tree.getChildren())).toEqual(['Reports 2026/']);
  const validate = ui.inputOptions[0].validateInput as (v: string) => string | undefined;
  // By default reserved characters are replaced with look-alikes: only what stays refused is reported.
  expect(validate("l'équipe $ <x>")).toBeUndefined();
  expect(validate(' lead')).toBeUndefined();
  expect(validate('')).toMatch(/empty/);
  expect(validate('x'.repeat(251))).toMatch(/at most 250/);
  expect(validate('fine name')).toBeUndefined();
});

test('New Folder with reserved characters: look-alikes by default, shown as typed; refused while typing with "refuse"', async () => {
  h = await startConnectedHarness();
  await h.services.tree.getChildren();
  ui.inputBoxes.push("l'équipe $");
  await vscode.commands.executeCommand('onefichier.newFolder', h.services.storage.root);
  expect(h.sandbox.state().folders.map((f) => f.name)).toEqual(['l＇équipe ＄']);
  expect(names(await h.services.tree.getChildren())).toEqual(["l'équipe $/"]);
  changeSetting('onefichier.reservedNames', 'refuse');
  ui.inputBoxes.push('other');
  await vscode.commands.executeCommand('onefichier.newFolder', h.services.storage.root);
  const validate = ui.inputOptions[1].validateInput as (v: string) => string | undefined;
  expect(validate('a/b')).toMatch(/character \/ which 1fichier reserves.*Reserved Names/);
  expect(validate(' lead')).toMatch(/space/);
});

test('Rename renames files and folders, and does nothing for an unchanged name', async () => {
  h = await startConnectedHarness();
  await seedFile(h, 'draft.txt', 'text');
  await h.seed.createFolder('old', 0);
  ui.inputBoxes.push('final.txt');
  await vscode.commands.executeCommand('onefichier.rename', await fileNode('draft.txt'));
  ui.inputBoxes.push('new');
  await vscode.commands.executeCommand('onefichier.rename', await folderNode('old'));
  ui.inputBoxes.push('final.txt');
  await vscode.commands.executeCommand('onefichier.rename', await fileNode('final.txt'));
  expect(h.sandbox.state().files.map((f) => f.filename)).toEqual(['final.txt']);
  expect(h.sandbox.state().folders.map((f) => f.name)).toEqual(['new']);
  expect(names(await h.services.tree.getChildren())).toEqual(['new/', 'final.txt']);
  expect(ui.messages.filter((m) => m.level === 'error')).toEqual([]);
  // The extension is preselected out of the file name.
  expect(ui.inputOptions[0].valueSelection).toEqual([0, 5]);
});

test('Move (folder picker) and Copy act on the whole multi-selection; a folder cannot go into itself', async () => {
  h = await startConnectedHarness();
  const dest = await h.seed.createFolder('dest', 0);
  const parent = await h.seed.createFolder('parent', 0);
  await h.seed.createFolder('child', parent.folderId);
  await seedFile(h, 'one.txt', '1');
  await seedFile(h, 'two.txt', '2');
  const one = await fileNode('one.txt');
  const two = await fileNode('two.txt');
  ui.quickPicks.push(open('dest'), choose);
  await vscode.commands.executeCommand('onefichier.move', one, [one, two]);
  expect(
    h.sandbox
      .state()
      .files.map((f) => [f.filename, f.folderId])
      .sort(),
  ).toEqual([
    ['one.txt', dest.folderId],
    ['two.txt', dest.folderId],
  ]);
  const destNode = await folderNode('dest');
  expect(names(await h.services.tree.getChildren(destNode))).toEqual(['one.txt', 'two.txt']);

  // The picker opens at the file's folder (/dest): up one level to copy into the root.
  ui.quickPicks.push((items: { action: string }[]) => items.find((i) => i.action === 'up'), choose);
  await vscode.commands.executeCommand('onefichier.copy', await fileNode('one.txt', destNode));
  expect(
    h.sandbox
      .state()
      .files.filter((f) => f.filename === 'one.txt')
      .map((f) => f.folderId)
      .sort(),
  ).toEqual([0, dest.folderId].sort());

  const parentNode = await folderNode('parent');
  const childNode = await folderNode('child', parentNode);
  // The picker does not offer the moved folder (nor, so, its sub-folders)...
  let offered: string[] = [];
  ui.quickPicks.push((items: { action: string; folder?: FolderNode }[]) => {
    offered = items.filter((i) => i.action === 'open').map((i) => i.folder?.name ?? '');
    return undefined;
  });
  await vscode.commands.executeCommand('onefichier.move', parentNode);
  expect(offered).toEqual(['dest']);
  // ...and moving a folder into its own sub-folder is refused before any request.
  await expect(moveItems(h.services, [parentNode], childNode)).rejects.toThrow(
    'Cannot move /parent into /parent/child: that is the folder itself or one of its sub-folders.',
  );
  expect(h.sandbox.state().folders.find((f) => f.name === 'parent')?.parentId).toBe(0);
});

test('Delete asks first; a folder goes with everything in it', async () => {
  h = await startConnectedHarness();
  const folder = await h.seed.createFolder('trash', 0);
  await seedFile(h, 'inside.txt', 'x', folder.folderId);
  await seedFile(h, 'keep.txt', 'keep');
  ui.messageButtons.push(undefined);
  await vscode.commands.executeCommand('onefichier.delete', await fileNode('keep.txt'));
  expect(h.sandbox.state().files).toHaveLength(2);
  expect(ui.messages.at(-1)?.text).toBe('Delete the file "keep.txt" from 1fichier?');

  ui.messageButtons.push('Delete');
  await vscode.commands.executeCommand('onefichier.delete', await folderNode('trash'));
  expect(ui.messages.at(-1)?.text).toBe('Delete the folder "/trash" and everything in it from 1fichier?');
  expect(h.sandbox.state().folders).toEqual([]);
  expect(h.sandbox.state().files.map((f) => f.filename)).toEqual(['keep.txt']);
  expect(names(await h.services.tree.getChildren())).toEqual(['keep.txt']);
});

test("the Move and Copy pickers open at the folder the file is in; the upload picker at the selected file's folder", async () => {
  h = await startConnectedHarness();
  const docs = await h.seed.createFolder('Documents', 0);
  await seedFile(h, 'report.txt', 'r', docs.folderId);
  const report = await fileNode('report.txt', await folderNode('Documents'));
  const firstRow = (items: { label: string }[]) => {
    labels.push(items[0]!.label);
    return undefined;
  };
  const labels: string[] = [];
  ui.quickPicks.push(firstRow);
  await vscode.commands.executeCommand('onefichier.move', report);
  ui.quickPicks.push(firstRow);
  await vscode.commands.executeCommand('onefichier.copy', report);
  (h.services.treeView as unknown as { selection: StorageNode[] }).selection = [report];
  ui.openDialogs.push([vscode.Uri.file(path.join(h.tmp, 'any.txt'))]);
  fs.writeFileSync(path.join(h.tmp, 'any.txt'), 'a');
  ui.quickPicks.push(firstRow);
  await vscode.commands.executeCommand('onefichier.uploadPick');
  expect(labels).toEqual(['$(check) Choose /Documents', '$(check) Choose /Documents', '$(check) Choose /Documents']);
});

test("a deleted file's read-only tab closes, also for a file inside a deleted folder; other tabs stay", async () => {
  h = await startConnectedHarness();
  const folder = await h.seed.createFolder('trash', 0);
  await seedFile(h, 'inside.txt', 'x', folder.folderId);
  await seedFile(h, 'gone.txt', 'gone');
  await seedFile(h, 'stays.txt', 'stays');
  for (const name of ['gone.txt', 'stays.txt']) await vscode.commands.executeCommand('onefichier.openFile', await fileNode(name));
  await vscode.commands.executeCommand('onefichier.openFile', await fileNode('inside.txt', await folderNode('trash')));
  expect(ui.tabs.map((t) => t.label)).toEqual(['gone.txt', 'stays.txt', 'inside.txt']);
  ui.messageButtons.push('Delete');
  await vscode.commands.executeCommand('onefichier.delete', await fileNode('gone.txt'));
  ui.messageButtons.push('Delete');
  await vscode.commands.executeCommand('onefichier.delete', await folderNode('trash'));
  expect(ui.tabs.map((t) => t.label)).toEqual(['stays.txt']);
});

test('a refused remote upload reads as a sentence, with what to do, and its log line is readable text', async () => {
  h = await startConnectedHarness();
  await h.services.tree.getChildren();
  ui.inputBoxes.push('https://example.com/file.zip');
  await vscode.commands.executeCommand('onefichier.remoteUpload', h.services.storage.root);
  const shown = ui.messages.find((m) => m.level === 'error')?.text ?? '';
  expect(shown).toMatch(
    /^Remote upload failed: 1fichier answered "Remote URL refused: https:\/\/example\.com\/file\.zip .*" \(#711\)\. Check the URLs: /,
  );
  expect(shown).not.toMatch(/request\.cgi|see its message/);
  const logged = ui.logLines.find((l) => l.includes('Remote upload failed')) ?? '';
  expect(logged).toMatch(/\[api, HTTP 403, code 711\]\. What to do: Check the URLs/);
  expect(logged).not.toMatch(/[{}]/);
});

test('Copy Link and Copy Direct Download Link accept a tree item or a URL string (language server)', async () => {
  h = await startConnectedHarness();
  const url = await seedFile(h, 'share.txt', 'share me');
  await vscode.commands.executeCommand('onefichier.copyLink', await fileNode('share.txt'));
  expect(ui.clipboard).toBe(url);
  await vscode.commands.executeCommand('onefichier.copyDirectLink', url);
  expect(ui.clipboard.startsWith(h.sandbox.downloadBaseUrl)).toBe(true);
  const body = await (await fetch(ui.clipboard)).text();
  expect(body).toBe('share me');
  await vscode.commands.executeCommand('onefichier.copyDirectLink', 'not a url');
  expect(ui.messages.at(-1)?.text).toBe(
    'Copy direct download link failed: "not a url" is not a 1fichier file URL. A file URL looks like https://1fichier.com/?abc123def4.',
  );
});

test('Download writes the file with progress; only the save dialog may replace a file; failures leave no partial file', async () => {
  h = await startConnectedHarness();
  const content = 'x'.repeat(100_000);
  const url = await seedFile(h, 'big.txt', content);
  const dest = path.join(h.tmp, 'out', 'big.txt');
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, 'older copy');
  // The save dialog asked the user about replacing: the download replaces the file.
  ui.saveDialogs.push(vscode.Uri.file(dest));
  await vscode.commands.executeCommand('onefichier.downloadFile', url);
  expect(fs.readFileSync(dest, 'utf8')).toBe(content);
  expect(ui.progress.some((p) => / of 100 kB$/.test(p.message ?? ''))).toBe(true);
  expect(ui.messages.at(-1)?.text).toBe(`Downloaded big.txt to ${dest}.`);
  // A destination given by a caller (the language server) is never replaced.
  fs.writeFileSync(dest, 'mine');
  await vscode.commands.executeCommand('onefichier.downloadFile', await fileNode('big.txt'), dest);
  expect(ui.messages.at(-1)?.text).toMatch(/^Download failed: .*already exists/);
  expect(fs.readFileSync(dest, 'utf8')).toBe('mine');
  // A failed download leaves neither the file nor a .part behind.
  const other = path.join(h.tmp, 'out', 'gone.txt');
  await h.seed.removeFiles([url]);
  await vscode.commands.executeCommand('onefichier.downloadFile', url, other);
  expect(ui.messages.at(-1)?.level).toBe('error');
  expect(fs.readdirSync(path.dirname(other)).sort()).toEqual(['big.txt']);
});

test('Set Password validates the length and flags the file; Set Description is stored', async () => {
  h = await startConnectedHarness();
  await seedFile(h, 'secret.txt', 's');
  ui.inputBoxes.push('hunter22');
  await vscode.commands.executeCommand('onefichier.setPassword', await fileNode('secret.txt'));
  expect(h.sandbox.state().files[0]?.pass).toBe(1);
  expect((ui.inputOptions[0].validateInput as (v: string) => string | undefined)('abc')).toMatch(/at least 6/);
  expect((await fileNode('secret.txt')).file.passwordProtected).toBe(true);
  ui.inputBoxes.push('Quarterly numbers');
  await vscode.commands.executeCommand('onefichier.setDescription', await fileNode('secret.txt'));
  expect(h.sandbox.state().files[0]?.description).toBe('Quarterly numbers');
  expect(ui.allText()).not.toContain('hunter22');
});

test('Share Folder copies the public link; Stop sharing turns it off', async () => {
  h = await startConnectedHarness();
  await h.seed.createFolder('public', 0);
  const node = await folderNode('public');
  ui.quickPicks.push((items: { mode: string }[]) => items.find((i) => i.mode === 'public'));
  await vscode.commands.executeCommand('onefichier.shareFolder', node);
  const shared = h.sandbox.state().folders[0]?.shared;
  expect(shared).toBeTruthy();
  expect(ui.clipboard).toBe(shared);
  ui.quickPicks.push((items: { mode: string }[]) => items.find((i) => i.mode === 'off'));
  await vscode.commands.executeCommand('onefichier.shareFolder', node);
  expect(h.sandbox.state().folders[0]?.shared).toBeNull();
});

test('Reveal in the tree finds a file from its URL, loading the folders on the way', async () => {
  h = await startConnectedHarness();
  const a = await h.seed.createFolder('a', 0);
  const b = await h.seed.createFolder('b', a.folderId);
  const url = await seedFile(h, 'deep.txt', 'deep', b.folderId);
  const node = (await vscode.commands.executeCommand('onefichier.revealInTree', url)) as FileNode;
  expect(node.folderPath).toBe('/a/b');
  expect(ui.executed.find((e) => e.command === 'reveal')?.args[0]).toBe(node);
});

test('the onefichier: file system reads small files and refuses large ones with a pointer to Download', async () => {
  h = await startConnectedHarness({ settings: { 'onefichier.openMaxSizeMB': 1 } });
  const small = await seedFile(h, 'small.md', '# Title');
  const large = await seedFile(h, 'large.bin', 'y'.repeat(1_000_001));
  const fsProvider = new OneFichierFileSystem(h.services.api, h.services.storage, () => 1_000_000);
  const bytes = await fsProvider.readFile(fileUri('/', 'small.md', small));
  expect(Buffer.from(bytes).toString()).toBe('# Title');
  await expect(fsProvider.readFile(fileUri('/', 'large.bin', large))).rejects.toThrow(/over the 1\.0 MB limit .*Download/);
  expect(() => fsProvider.writeFile(fileUri('/', 'small.md', small))).toThrow(/read-only/);
});

test('Remote upload checks the URLs and reports when the job ends', async () => {
  h = await startConnectedHarness();
  const source = await seedFile(h, 'origin.txt', 'remote content');
  const token = await h.seed.getDownloadToken({ url: source });
  const folder = await h.seed.createFolder('fetched', 0);
  const node = await folderNode('fetched');
  ui.inputBoxes.push(token.url);
  await vscode.commands.executeCommand('onefichier.remoteUpload', node);
  expect(ui.messages.some((m) => /^Remote upload #\d+ queued/.test(m.text))).toBe(true);
  const validate = ui.inputOptions[0].validateInput as (v: string) => string | undefined;
  expect(validate('ftp://x')).toMatch(/not an http\(s\) URL/);
  // The prompt's separators are the ones the check reads, and a comma inside an address stays in it.
  expect(ui.inputOptions[0].prompt).toMatch(/separated by spaces, commas or new lines/);
  expect(validate('https://a.example/x?ids=1,2, https://b.example/y\nhttps://c.example/z')).toBeUndefined();
  expect(folder.folderId).toBeGreaterThan(0);
});
