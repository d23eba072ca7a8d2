/** Deletes files and folders (folders with everything in them) after a confirmation. */
import * as vscode from 'vscode';
import { plural } from '../locale';
import { closeTabsOf } from '../fs/tabs';
import type { CommandModule } from '../services';
import type { FileNode, FolderNode } from '../tree/nodes';
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
    if (files.length > 0) {
      await client.removeFiles(files.map((f) => f.file.url));
      await closeTabsOf(files.map((f) => f.file.url));
      services.storage.removeFiles(files.map((f) => f.file.url));
      await services.account?.changed(-files.reduce((sum, f) => sum + f.file.size, 0));
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
            await client.removeFolderRecursive(folder.id);
            await closeTabsOf(urls);
            services.storage.removeFolder(folder.id);
            await services.account?.changed(bytes === undefined ? undefined : -bytes);
          }
        },
      );
    }
    services.log.info(`deleted ${items.map((i) => (i.type === 'file' ? i.file.url : i.path)).join(', ')}`);
    void vscode.window.setStatusBarMessage(
      plural(n, { one: vscode.l10n.t('Deleted {0} item', n), other: vscode.l10n.t('Deleted {0} items', n) }),
      5000,
    );
    return true;
  },
};
