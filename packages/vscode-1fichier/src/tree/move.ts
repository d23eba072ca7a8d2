/** Moves files and folders into a folder and patches the tree (the Move command and drag and drop in the tree). */
import * as vscode from 'vscode';
import { isOneFichierError, moveEach } from '@onefichier/core';
import type { ApiService } from '../api';
import { throwIfAnyFailed, type FailedItem } from '../commands/outcomes';
import { UserError } from '../errors';
import { englishCount } from '../format';
import { plural } from '../locale';
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
  const failed: FailedItem[] = [];
  let moved = 0;
  if (files.length > 0) {
    // One request for every file (the core halves it only when the service refuses it for one file).
    const outcomes = await moveEach(
      client,
      files.map((f) => f.file.url),
      dest.id,
    );
    const done = files.flatMap((f, i) => {
      const o = outcomes[i]!;
      if (o.ok) return [{ file: f.file, url: o.value.url }];
      failed.push({ name: f.file.filename, error: o.error });
      return [];
    });
    services.storage.removeFiles(done.map((d) => d.file.url));
    for (const d of done) services.storage.addFile(dest.id, { ...d.file, url: d.url });
    moved += done.length;
  }
  for (const folder of folders) {
    try {
      await client.moveFolder(folder.id, dest.id);
    } catch (error) {
      failed.push({ name: folder.path, error });
      if (isOneFichierError(error) && error.kind === 'cancelled') break;
      continue;
    }
    services.storage.moveFolder(folder.id, dest.id);
    moved++;
  }
  if (moved > 0) services.log.info(`moved ${englishCount(moved, 'item')} to ${dest.path}`);
  throwIfAnyFailed('move', failed, files.length + folders.length);
  void vscode.window.setStatusBarMessage(
    plural(moved, {
      one: vscode.l10n.t('Moved {0} item to {1}', moved, dest.path),
      other: vscode.l10n.t('Moved {0} items to {1}', moved, dest.path),
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
