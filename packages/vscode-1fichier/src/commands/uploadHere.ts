/** A folder's "Upload Files or Folders Here...": an open dialog, then the upload into that folder. */
import * as vscode from 'vscode';
import type { CommandModule } from '../services';
import { uploadPaths } from '../upload/start';
import { folderTarget } from './targets';

export const uploadHere: CommandModule = {
  id: 'onefichier.uploadHere',
  action: 'Upload',
  async run(services, arg) {
    const target = folderTarget(services, arg);
    await services.api.client();
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Upload to 1fichier {0}', target.path),
      openLabel: vscode.l10n.t('Upload'),
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: true,
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
    });
    if (!picked || picked.length === 0) return undefined;
    return uploadPaths(
      services,
      picked.map((u) => u.fsPath),
      target,
    );
  },
};
