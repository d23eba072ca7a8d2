/**
 * A folder picker in a quick pick: it opens on a folder, lists its sub-folders (from the tree's cache when
 * loaded), lets the user go up, create a folder, or choose the current one.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { FolderNode } from '../tree/nodes';
import { ROOT_ID } from '../tree/nodes';
import { nameValidator } from './validate';

interface Entry extends vscode.QuickPickItem {
  kind?: vscode.QuickPickItemKind;
  action: 'choose' | 'up' | 'open' | 'create' | 'none';
  folder?: FolderNode;
}

export async function pickFolder(
  services: Services,
  title: string,
  start?: FolderNode,
  exclude?: ReadonlySet<number>,
): Promise<FolderNode | undefined> {
  let current = start ?? services.storage.root;
  const qp = vscode.window.createQuickPick<Entry>();
  qp.title = title;
  qp.matchOnDescription = true;
  try {
    for (;;) {
      qp.placeholder = vscode.l10n.t('In {0}: pick a sub-folder, or choose this folder', current.path);
      qp.busy = true;
      qp.items = [];
      qp.show();
      let subs: FolderNode[] = [];
      try {
        subs = await services.storage.subFolders(current);
      } catch (e) {
        qp.hide();
        throw e;
      }
      qp.busy = false;
      const entries: Entry[] = [{ label: `$(check) ${vscode.l10n.t('Choose {0}', current.path)}`, action: 'choose', alwaysShow: true }];
      if (current.id !== ROOT_ID) entries.push({ label: `$(arrow-up) ${vscode.l10n.t('Up one level')}`, action: 'up', alwaysShow: true });
      entries.push({ label: `$(new-folder) ${vscode.l10n.t('New folder here...')}`, action: 'create', alwaysShow: true });
      if (subs.length > 0) entries.push({ label: vscode.l10n.t('Folders'), kind: vscode.QuickPickItemKind.Separator, action: 'none' });
      for (const f of subs) {
        if (exclude?.has(f.id)) continue;
        entries.push({ label: `$(folder) ${f.name}`, description: f.path, action: 'open', folder: f });
      }
      qp.items = entries;
      const picked = await new Promise<Entry | undefined>((resolve) => {
        const d1 = qp.onDidAccept(() => {
          d1.dispose();
          d2.dispose();
          resolve(qp.selectedItems[0]);
        });
        const d2 = qp.onDidHide(() => {
          d1.dispose();
          d2.dispose();
          resolve(undefined);
        });
      });
      if (!picked) return undefined;
      if (picked.action === 'choose') return current;
      if (picked.action === 'up')
        current = (current.parentId !== null && services.storage.folderById(current.parentId)) || services.storage.root;
      else if (picked.action === 'open' && picked.folder) current = picked.folder;
      else if (picked.action === 'create') {
        const name = await vscode.window.showInputBox({
          title: vscode.l10n.t('New folder in {0}', current.path),
          prompt: vscode.l10n.t('Folder name'),
          validateInput: nameValidator(services),
        });
        if (name) {
          const client = await services.api.client();
          const made = await client.createFolder(name, current.id);
          current = services.storage.addFolder(current.id, made) ?? current;
        }
      }
    }
  } finally {
    qp.dispose();
  }
}
