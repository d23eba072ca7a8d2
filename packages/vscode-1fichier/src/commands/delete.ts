/** Deletes files and folders (folders with everything in them) after a confirmation. */
import * as vscode from 'vscode';
import { isOneFichierError, removeEach } from '@onefichier/core';
import { plural } from '../locale';
import { closeTabsOf } from '../fs/tabs';
import type { CommandModule } from '../services';
import type { FileNode, FolderNode } from '../tree/nodes';
import { throwIfAnyFailed, type FailedItem } from './outcomes';
import { itemTargets } from './targets';

export const deleteItems: CommandModule = {
  id: 'onefichier.delete',
  action: 'Delete',
  async run(services, arg, all) {
    const items = itemTargets(services, arg, all);
    const files = items.filter((i): i is FileNode => i.type === 'file');
    const folders = items.filter((i): i is FolderNode => i.type === 'folder');
    const n = items.length;
    const question =
      n === 1
        ? files[0]
          ? vscode.l10n.t('Delete the file "{0}" from 1fichier?', files[0].file.filename)
          : vscode.l10n.t('Delete the folder "{0}" and everything in it from 1fichier?', folders[0]?.path ?? '')
        : folders.length > 0
          ? vscode.l10n.t('Delete {0} items (folders with everything in them) from 1fichier?', n)
          : vscode.l10n.t('Delete {0} items from 1fichier?', n);
    const deleteButton = vscode.l10n.t('Delete');
    const confirm = await vscode.window.showWarningMessage(
      question,
      { modal: true, detail: vscode.l10n.t('This cannot be undone: the links stop working.') },
      deleteButton,
    );
    if (confirm !== deleteButton) return false;
    const client = await services.api.client();
    const failed: FailedItem[] = [];
    const deleted: string[] = [];
    if (files.length > 0) {
      // One request for every file (the core halves it only when the service refuses it for one file).
      const outcomes = await removeEach(
        client,
        files.map((f) => f.file.url),
      );
      // A file the service no longer finds is gone already: it leaves the view too, and is named below.
      const gone = files.filter((_, i) => {
        const o = outcomes[i]!;
        return o.ok || o.error.kind === 'not_found';
      });
      files.forEach((f, i) => {
        const o = outcomes[i]!;
        if (o.ok) deleted.push(f.file.url);
        else failed.push({ name: f.file.filename, error: o.error });
      });
      if (gone.length > 0) {
        await closeTabsOf(gone.map((f) => f.file.url));
        services.storage.removeFiles(gone.map((f) => f.file.url));
        await services.account?.changed(-gone.reduce((sum, f) => sum + f.file.size, 0));
      }
    }
    if (folders.length > 0) {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: plural(folders.length, {
            one: vscode.l10n.t('Deleting {0} folder', folders.length),
            other: vscode.l10n.t('Deleting {0} folders', folders.length),
          }),
        },
        async (progress) => {
          for (const folder of folders) {
            progress.report({ message: folder.path });
            const bytes = services.storage.bytesUnder(folder.id);
            const urls = services.storage.fileUrlsUnder(folder.id);
            try {
              await client.removeFolderRecursive(folder.id);
            } catch (error) {
              failed.push({ name: folder.path, error });
              if (isOneFichierError(error) && error.kind === 'cancelled') break;
              continue;
            }
            deleted.push(folder.path);
            await closeTabsOf(urls);
            services.storage.removeFolder(folder.id);
            await services.account?.changed(bytes === undefined ? undefined : -bytes);
          }
        },
      );
    }
    if (deleted.length > 0) services.log.info(`deleted ${deleted.join(', ')}`);
    throwIfAnyFailed('delete', failed, n);
    void vscode.window.setStatusBarMessage(
      plural(n, { one: vscode.l10n.t('Deleted {0} item', n), other: vscode.l10n.t('Deleted {0} items', n) }),
      5000,
    );
    return true;
  },
};
