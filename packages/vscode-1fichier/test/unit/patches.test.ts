/**
 * After a change made from VS Code (mkdir, rename, move, upload, delete), the tree shows it at once from
 * what the API answered, without listing again: the core marks the cached listings a change touched as
 * stale, so a new listing would wait out the folder's 30 s budget while the tree shows a spinner. The
 * harness relaxes the budget, so these tests count folder/ls.cgi calls instead of timing them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OneFichierClient } from '@onefichier/core';
import { moveItems } from '../../src/tree/move';
import { uploadPaths } from '../../src/upload/start';
import type { FileNode, FolderNode, StorageNode } from '../../src/tree/nodes';
import { ui } from '../fakes/vscode';
import { eventually, localFile, seedFile, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  jest.restoreAllMocks();
  await h?.stop();
});

const names = (nodes: StorageNode[]) =>
  nodes.map((n) => (n.type === 'folder' ? `${n.name}/` : n.type === 'file' ? n.file.filename : n.type));
const child = async (name: string, parent?: FolderNode) => {
  const hit = (await h.services.tree.getChildren(parent)).find(
    (n) => (n.type === 'folder' ? n.name : n.type === 'file' ? n.file.filename : '') === name,
  );
  if (!hit) throw new Error(`no ${name} under ${parent?.path ?? '/'}`);
  return hit;
};

/** A connected window with /A/B/f.txt and /Dest loaded in the tree, and a spy on folder listings. */
async function loadedTree() {
  h = await startHarness();
  await h.services.keys.set(h.sandbox.premiumKey);
  const a = await h.seed.createFolder('A', 0);
  const b = await h.seed.createFolder('B', a.folderId);
  await h.seed.createFolder('Dest', 0);
  await seedFile(h, 'f.txt', 'content', b.folderId);
  const aNode = (await child('A')) as FolderNode;
  const bNode = (await child('B', aNode)) as FolderNode;
  const destNode = (await child('Dest')) as FolderNode;
  await h.services.tree.getChildren(bNode);
  await h.services.tree.getChildren(destNode);
  const listings = jest.spyOn(OneFichierClient.prototype, 'listFolder');
  return { aNode, bNode, destNode, listings };
}

/**
 * Empties the profile's shared listings, as when their 31 s reuse window has passed (the user acts a
 * minute after opening the folders): only the tree's own patched listings can answer then.
 */
async function laterThanSharedWindow(): Promise<void> {
  await h.services.context.globalState.update('onefichier.listings', {});
}

test('renaming a loaded folder keeps its contents, with the new paths, without listing again', async () => {
  const { aNode, bNode, listings } = await loadedTree();
  ui.inputBoxes.push('Renamed');
  await vscode.commands.executeCommand('onefichier.rename', aNode);
  expect(h.sandbox.state().folders.find((f) => f.id === aNode.id)?.name).toBe('Renamed');
  await laterThanSharedWindow();

  expect(names(await h.services.tree.getChildren())).toEqual(['Dest/', 'Renamed/']);
  const renamed = (await child('Renamed')) as FolderNode;
  expect(renamed.path).toBe('/Renamed');
  const b = (await child('B', renamed)) as FolderNode;
  expect(b).toBe(bNode);
  expect(b.path).toBe('/Renamed/B');
  const file = (await child('f.txt', b)) as FileNode;
  expect(file.folderPath).toBe('/Renamed/B');
  expect(h.services.tree.getTreeItem(file).resourceUri?.path).toContain('/Renamed/B/f.txt');
  expect(listings).not.toHaveBeenCalled();
});

test('moving a loaded folder shows it under its new parent with its contents, without listing again', async () => {
  const { aNode, bNode, destNode, listings } = await loadedTree();
  await moveItems(h.services, [bNode], destNode);
  expect(h.sandbox.state().folders.find((f) => f.id === bNode.id)?.parentId).toBe(destNode.id);
  await laterThanSharedWindow();

  expect(names(await h.services.tree.getChildren(aNode))).toEqual([]);
  const moved = (await child('B', destNode)) as FolderNode;
  expect(moved.path).toBe('/Dest/B');
  expect(h.services.tree.getParent(moved)).toBe(destNode);
  const file = (await child('f.txt', moved)) as FileNode;
  expect(file.folderPath).toBe('/Dest/B');
  expect(listings).not.toHaveBeenCalled();
});

test('a folder made with New Folder opens empty without a listing; an upload and a delete show at once', async () => {
  const { destNode, listings } = await loadedTree();
  await vscode.commands.executeCommand('onefichier.newFolder', destNode, 'fresh');
  const fresh = (await child('fresh', destNode)) as FolderNode;
  expect(fresh.path).toBe('/Dest/fresh');
  expect(await h.services.tree.getChildren(fresh)).toEqual([]);

  const local = localFile(h.tmp, 'local/report.txt', 'Quarterly report.\n');
  await uploadPaths(h.services, [local], fresh);
  expect(names(await h.services.tree.getChildren(fresh))).toEqual([path.basename(local)]);
  const uploaded = (await child('report.txt', fresh)) as FileNode;
  expect(h.sandbox.state().files.find((f) => f.filename === 'report.txt')?.url).toBe(uploaded.file.url);

  ui.messageButtons.push('Delete');
  await vscode.commands.executeCommand('onefichier.delete', uploaded);
  expect(h.sandbox.state().files.some((f) => f.filename === 'report.txt')).toBe(false);
  expect(await h.services.tree.getChildren(fresh)).toEqual([]);
  expect(listings).not.toHaveBeenCalled();
});

test("VS Code echoing this window's own key change does not drop the loaded tree; another key does", async () => {
  const { bNode, listings } = await loadedTree();
  const changes = jest.fn();
  h.services.keys.onDidChange(changes);
  // What SecretStorage reports after store(): the same key, seen again.
  await h.secrets.store('onefichier.apiKey', h.sandbox.premiumKey);
  await new Promise((r) => setTimeout(r, 50));
  expect(changes).not.toHaveBeenCalled();
  expect(names(await h.services.tree.getChildren(bNode))).toEqual(['f.txt']);
  expect(listings).not.toHaveBeenCalled();

  // Another window stored another key: that is a change, and the tree lists again for it.
  await h.secrets.store('onefichier.apiKey', h.sandbox.freeKey);
  await eventually(() => changes.mock.calls.length > 0, 'the key change is seen');
  expect(changes).toHaveBeenCalledTimes(1);
  await h.services.tree.getChildren();
  expect(listings).toHaveBeenCalled();
});
