/** Command palette "Upload File...": asks for the files, then for the target folder. */
import * as vscode from 'vscode';
import type { CommandModule } from '../services';
import { pickFolder } from '../ui/pickFolder';
import { uploadPaths, uploadPickerStart } from '../upload/start';

export const uploadPick: CommandModule = {
  id: 'onefichier.uploadPick',
  action: 'Upload',
  async run(services) {
    await services.api.client();
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Upload to 1fichier'),
      openLabel: vscode.l10n.t('Choose'),
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: true,
    });
    if (!picked || picked.length === 0) return undefined;
    const target = await pickFolder(services, vscode.l10n.t('Upload to...'), uploadPickerStart(services));
    if (!target) return undefined;
    return uploadPaths(
      services,
      picked.map((u) => u.fsPath),
      target,
    );
  },
};
