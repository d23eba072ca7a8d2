/** Moves files and folders to a folder picked in a quick pick (drag and drop in the tree uses moveItems). */
import * as vscode from 'vscode';
import { plural } from '../locale';
import type { CommandModule } from '../services';
import { moveItems } from '../tree/move';
import type { FolderNode } from '../tree/nodes';
import { isFolder } from '../tree/nodes';
import { pickFolder } from '../ui/pickFolder';
import { folderOfItems, itemTargets } from './targets';

export const move: CommandModule = {
  id: 'onefichier.move',
  action: 'Move',
  async run(services, arg, all) {
    const items = itemTargets(services, arg, all);
    const movedFolders = new Set(items.filter(isFolder).map((f) => f.id));
    const n = items.length;
    const title =
      n === 1
        ? vscode.l10n.t('Move {0} to...', items[0]?.type === 'file' ? items[0].file.filename : (items[0] as FolderNode).name)
        : plural(n, { one: vscode.l10n.t('Move {0} item to...', n), other: vscode.l10n.t('Move {0} items to...', n) });
    const dest = await pickFolder(services, title, folderOfItems(services, items), movedFolders);
    if (!dest) return undefined;
    await moveItems(services, items, dest);
    return dest;
  },
};
