/**
 * Shows a file in the 1fichier view, from a tree item or a file URL string (the language server's code
 * action): finds its folder (file/info.cgi gives the path), loads the folders on the way and selects it.
 */
import * as vscode from 'vscode';
import { CLIENT_LINK_COMMANDS } from '@onefichier/core/lsp-contract';
import { UserError } from '../errors';
import type { CommandModule } from '../services';
import type { FolderNode } from '../tree/nodes';
import { fileTarget } from './targets';

export const revealInTree: CommandModule = {
  id: CLIENT_LINK_COMMANDS.revealInTree,
  action: 'Reveal in the 1fichier view',
  async run(services, arg) {
    const target = fileTarget(services, arg);
    await vscode.commands.executeCommand('onefichier.storage.focus');
    let node = target.node ?? services.storage.findFile(target.url);
    if (!node) {
      const client = await services.api.client();
      const info = await client.getFileInfo(target.url);
      let folder: FolderNode | undefined = info.folderId !== undefined ? services.storage.folderById(info.folderId) : undefined;
      if (!folder && info.path !== undefined) {
        folder = services.storage.root;
        for (const part of info.path.split('/').filter(Boolean)) {
          const next: FolderNode | undefined = (await services.storage.subFolders(folder)).find((f) => f.name === part);
          if (!next) break;
          folder = next;
        }
      }
      folder ??= info.folderId === 0 || info.folderId === undefined ? services.storage.root : undefined;
      if (folder) node = (await services.storage.files(folder)).find((f) => f.file.url === target.url);
    }
    if (!node)
      throw new UserError(
        vscode.l10n.t("The file {0} is not in this account's folders.", target.url),
        vscode.l10n.t('It may belong to another account, or be too new to be listed yet: try again in a minute.'),
      );
    await services.treeView?.reveal(node, { select: true, focus: true, expand: true });
    return node;
  },
};
