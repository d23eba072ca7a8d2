/**
 * Delete, Move (the command and a drop in the tree) and Copy of several files: one request for the files of
 * a selection, and one outcome per file. A file gone since the tree listed it (removed from another device)
 * makes the service refuse the whole list (file/rm, and the sandbox's file/mv and file/cp); the others are
 * still done and shown, and the gone one is named in one message with its reason.
 */
import * as vscode from 'vscode';
import { OneFichierClient } from '@onefichier/core';
import { StorageDragAndDrop, TREE_MIME } from '../../src/tree/dnd';
import type { FileNode, FolderNode, StorageNode } from '../../src/tree/nodes';
import { DataTransfer, ui } from '../fakes/vscode';
import { seedFile, type Harness, startConnectedHarness } from './harness';

let h: Harness;
afterEach(async () => {
  jest.restoreAllMocks();
  await h?.stop();
});

const names = (nodes: StorageNode[]) =>
  nodes.map((n) => (n.type === 'folder' ? `${n.name}/` : n.type === 'file' ? n.file.filename : n.type));
const fileNode = async (name: string, folder?: FolderNode) =>
  (await h.services.tree.getChildren(folder)).find((n) => n.type === 'file' && n.file.filename === name) as FileNode;
const folderNode = async (name: string) =>
  (await h.services.tree.getChildren()).find((n) => n.type === 'folder' && n.name === name) as FolderNode;
const errors = () => ui.messages.filter((m) => m.level === 'error').map((m) => m.text);
const where = () =>
  h.sandbox
    .state()
    .files.map((f) => `${f.filename}@${f.folderId}`)
    .sort();

/** Three files in the tree, the second removed since from another device. */
async function threeFilesOneGone(): Promise<FileNode[]> {
  for (const name of ['a.txt', 'b.txt', 'c.txt']) await seedFile(h, name, name);
  const nodes = [await fileNode('a.txt'), await fileNode('b.txt'), await fileNode('c.txt')];
  await h.seed.removeFiles([nodes[1]!.file.url]);
  return nodes;
}

test('Delete of several files when one is gone: the others go, and the gone one is named', async () => {
  h = await startConnectedHarness();
  const [a, b, c] = await threeFilesOneGone();
  const removals = jest.spyOn(OneFichierClient.prototype, 'removeFiles');
  ui.messageButtons.push('Delete');
  await vscode.commands.executeCommand('onefichier.delete', a, [a, b, c]);
  expect(where()).toEqual([]);
  // The whole list first (its halves only after the service refused it for one file).
  expect(removals.mock.calls[0]![0]).toHaveLength(3);
  // The gone file leaves the view too: it is not on 1fichier any more.
  expect(names(await h.services.tree.getChildren())).toEqual([]);
  expect(errors()).toEqual([
    expect.stringMatching(/^Delete failed: 1 of 3 items was not deleted: b\.txt \(.*not found.*\)\. The other items are done\./),
  ]);
  expect(errors()[0]).not.toMatch(/a\.txt|c\.txt/);
});

test('Move of several files: the files that are there move and show in the destination; the gone one is named', async () => {
  h = await startConnectedHarness();
  const dest = await h.seed.createFolder('dest', 0);
  const [a, b, c] = await threeFilesOneGone();
  const moves = jest.spyOn(OneFichierClient.prototype, 'moveFiles');
  ui.quickPicks.push(
    (items: { action: string; folder?: FolderNode }[]) => items.find((i) => i.action === 'open' && i.folder?.name === 'dest'),
    (items: { action: string }[]) => items.find((i) => i.action === 'choose'),
  );
  await vscode.commands.executeCommand('onefichier.move', a, [a, b, c]);
  expect(where()).toEqual([`a.txt@${dest.folderId}`, `c.txt@${dest.folderId}`]);
  expect(names(await h.services.tree.getChildren(await folderNode('dest')))).toEqual(['a.txt', 'c.txt']);
  // The gone file stays where the tree had it: the message says to refresh.
  expect(names(await h.services.tree.getChildren())).toEqual(['dest/', 'b.txt']);
  expect(errors()).toEqual([expect.stringMatching(/^Move failed: 1 of 3 items was not moved: b\.txt \(/)]);
  // The whole list first (its halves only after the service refused it for one file).
  expect(moves.mock.calls[0]![0]).toHaveLength(3);
});

test('dragging several files onto a folder moves those still there and names the one that is gone', async () => {
  h = await startConnectedHarness({ settings: { 'onefichier.confirmDragAndDropMove': false } });
  const dest = await h.seed.createFolder('inbox', 0);
  const [a, b, c] = await threeFilesOneGone();
  const dnd = new StorageDragAndDrop(h.services);
  const drag = new DataTransfer();
  dnd.handleDrag([a!, b!, c!], drag as never);
  expect(drag.get(TREE_MIME)).toBeDefined();
  await dnd.handleDrop(await folderNode('inbox'), drag as never, { isCancellationRequested: false } as never);
  expect(where()).toEqual([`a.txt@${dest.folderId}`, `c.txt@${dest.folderId}`]);
  expect(names(await h.services.tree.getChildren(await folderNode('inbox')))).toEqual(['a.txt', 'c.txt']);
  expect(errors()).toEqual([expect.stringMatching(/^Drop failed: 1 of 3 items was not moved: b\.txt \(/)]);
});

test('Copy of several files: the files that are there are copied once each and shown; the gone one is named', async () => {
  h = await startConnectedHarness();
  const dest = await h.seed.createFolder('dest', 0);
  const [a, b, c] = await threeFilesOneGone();
  ui.quickPicks.push(
    (items: { action: string; folder?: FolderNode }[]) => items.find((i) => i.action === 'open' && i.folder?.name === 'dest'),
    (items: { action: string }[]) => items.find((i) => i.action === 'choose'),
  );
  await vscode.commands.executeCommand('onefichier.copy', a, [a, b, c]);
  expect(where()).toEqual(['a.txt@0', `a.txt@${dest.folderId}`, 'c.txt@0', `c.txt@${dest.folderId}`]);
  expect(names(await h.services.tree.getChildren(await folderNode('dest')))).toEqual(['a.txt', 'c.txt']);
  expect(errors()).toEqual([expect.stringMatching(/^Copy failed: 1 of 3 files was not copied: b\.txt \(/)]);
});

test('when every file fails, each for its own reason, the one message names each', async () => {
  h = await startConnectedHarness();
  const [a, , c] = await threeFilesOneGone();
  await h.seed.removeFiles([a!.file.url, c!.file.url]);
  ui.messageButtons.push('Delete');
  await vscode.commands.executeCommand('onefichier.delete', a, [a, c]);
  // Each was refused on its own: two reasons, one message naming both.
  expect(errors()).toEqual([expect.stringMatching(/^Delete failed: 2 of 2 items were not deleted: a\.txt \(.*\) and c\.txt \(.*\)\./)]);
});
