/** Moves files and folders to a folder picked in a quick pick (drag and drop in the tree uses moveItems). */
import * as vscode from 'vscode';
import { UserError } from '../errors';
import { plural } from '../format';
import type { CommandModule, Services } from '../services';
import type { FileNode, FolderNode } from '../tree/nodes';
import { isFolder } from '../tree/nodes';
import { pickFolder } from '../ui/pickFolder';
import { folderOfItems, itemTargets } from './targets';

export const move: CommandModule = {
  id: 'onefichier.move',
  action: 'Move',
  async run(services, arg, all) {
    const items = itemTargets(services, arg, all);
    const movedFolders = new Set(items.filter(isFolder).map((f) => f.id));
    const label =
      items.length === 1
        ? items[0]?.type === 'file'
          ? items[0].file.filename
          : (items[0] as FolderNode).name
        : plural(items.length, 'item');
    const dest = await pickFolder(services, `Move ${label} to...`, folderOfItems(services, items), movedFolders);
    if (!dest) return undefined;
    await moveItems(services, items, dest);
    return dest;
  },
};

/** Moves items into `dest`, patching the tree; refuses a folder into itself or its own sub-folder. */
export async function moveItems(services: Services, items: (FileNode | FolderNode)[], dest: FolderNode): Promise<void> {
  for (const item of items) {
    if (item.type === 'folder' && (item.id === dest.id || isInside(services, dest, item.id))) {
      throw new UserError(
        `Cannot move ${item.path} into ${dest.path}: that is the folder itself or one of its sub-folders.`,
        'Pick a folder outside it.',
      );
    }
  }
  const files = items.filter((i): i is FileNode => i.type === 'file' && i.folderId !== dest.id);
  const folders = items.filter((i): i is FolderNode => i.type === 'folder' && i.parentId !== dest.id);
  if (files.length === 0 && folders.length === 0) {
    void vscode.window.setStatusBarMessage(`Already in ${dest.path}`, 4000);
    return;
  }
  const client = await services.api.client();
  if (files.length > 0) {
    const result = await client.moveFiles(
      files.map((f) => f.file.url),
      dest.id,
    );
    services.storage.removeFiles(files.map((f) => f.file.url));
    files.forEach((f, i) => services.storage.addFile(dest.id, { ...f.file, url: result.urls[i] ?? f.file.url }));
  }
  for (const folder of folders) {
    await client.moveFolder(folder.id, dest.id);
    services.storage.moveFolder(folder.id, dest.id);
  }
  services.log.info(`moved ${plural(files.length + folders.length, 'item')} to ${dest.path}`);
  void vscode.window.setStatusBarMessage(`Moved ${plural(files.length + folders.length, 'item')} to ${dest.path}`, 5000);
}

function isInside(services: Services, folder: FolderNode, ancestorId: number): boolean {
  let parent = folder.parentId;
  while (parent !== null) {
    if (parent === ancestorId) return true;
    parent = services.storage.folderById(parent)?.parentId ?? null;
  }
  return false;
}
