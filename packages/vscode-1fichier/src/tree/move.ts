/** Moves files and folders into a folder and patches the tree (the Move command and drag and drop in the tree). */
import * as vscode from 'vscode';
import type { ApiService } from '../api';
import { UserError } from '../errors';
import { plural } from '../format';
import { plural as pluralForm } from '../locale';
import type { Logger } from '../log';
import type { StorageModel } from './model';
import type { FileNode, FolderNode } from './nodes';

/** What a move uses of the extension's services. */
export interface MoveServices {
  api: Pick<ApiService, 'client'>;
  storage: Pick<StorageModel, 'folderById' | 'removeFiles' | 'addFile' | 'moveFolder'>;
  log: Pick<Logger, 'info'>;
}

/** Moves items into `dest`, patching the tree; refuses a folder into itself or its own sub-folder. */
export async function moveItems(services: MoveServices, items: (FileNode | FolderNode)[], dest: FolderNode): Promise<void> {
  for (const item of items) {
    if (item.type === 'folder' && (item.id === dest.id || isInside(services.storage, dest, item.id))) {
      throw new UserError(
        vscode.l10n.t('Cannot move {0} into {1}: that is the folder itself or one of its sub-folders.', item.path, dest.path),
        vscode.l10n.t('Pick a folder outside it.'),
      );
    }
  }
  const files = items.filter((i): i is FileNode => i.type === 'file' && i.folderId !== dest.id);
  const folders = items.filter((i): i is FolderNode => i.type === 'folder' && i.parentId !== dest.id);
  if (files.length === 0 && folders.length === 0) {
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Already in {0}', dest.path), 4000);
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
  const n = files.length + folders.length;
  void vscode.window.setStatusBarMessage(
    pluralForm(n, {
      one: vscode.l10n.t('Moved {0} item to {1}', n, dest.path),
      other: vscode.l10n.t('Moved {0} items to {1}', n, dest.path),
    }),
    5000,
  );
}

function isInside(storage: Pick<StorageModel, 'folderById'>, folder: FolderNode, ancestorId: number): boolean {
  let parent = folder.parentId;
  while (parent !== null) {
    if (parent === ancestorId) return true;
    parent = storage.folderById(parent)?.parentId ?? null;
  }
  return false;
}
