/** Deletes files and folders (folders with everything in them) after a confirmation. */
import * as vscode from 'vscode';
import { plural } from '../format';
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
    const what =
      items.length === 1
        ? files[0]
          ? `the file "${files[0].file.filename}"`
          : `the folder "${folders[0]?.path}" and everything in it`
        : `${plural(items.length, 'item')}${folders.length > 0 ? ` (folders with everything in them)` : ''}`;
    const confirm = await vscode.window.showWarningMessage(
      `Delete ${what} from 1fichier?`,
      { modal: true, detail: 'This cannot be undone: the links stop working.' },
      'Delete',
    );
    if (confirm !== 'Delete') return false;
    const client = await services.api.client();
    if (files.length > 0) {
      await client.removeFiles(files.map((f) => f.file.url));
      await closeTabsOf(files.map((f) => f.file.url));
      services.storage.removeFiles(files.map((f) => f.file.url));
      await services.account?.changed(-files.reduce((sum, f) => sum + f.file.size, 0));
    }
    if (folders.length > 0) {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Deleting ${plural(folders.length, 'folder')}` },
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
    void vscode.window.setStatusBarMessage(`Deleted ${plural(items.length, 'item')}`, 5000);
    return true;
  },
};
