/**
 * The explorer's "Upload to 1fichier...": files, several files, whole folders (their tree is recreated).
 * Asks for the target folder, starting at the folder selected in the 1fichier view.
 */
import * as vscode from 'vscode';
import { plural } from '../locale';
import type { CommandModule } from '../services';
import { pickFolder } from '../ui/pickFolder';
import { uploadPaths, uploadPickerStart } from '../upload/start';

export const uploadFiles: CommandModule = {
  id: 'onefichier.uploadFiles',
  action: 'Upload',
  async run(services, arg, all) {
    const uris = (Array.isArray(all) && all.length > 0 ? all : [arg]).filter(
      (u): u is vscode.Uri => u instanceof vscode.Uri && u.scheme === 'file',
    );
    if (uris.length === 0) {
      return vscode.commands.executeCommand('onefichier.uploadPick');
    }
    await services.api.client();
    const n = uris.length;
    const title =
      n === 1
        ? vscode.l10n.t('Upload {0} to...', uris[0]?.path.split('/').pop() ?? '')
        : plural(n, { one: vscode.l10n.t('Upload {0} item to...', n), other: vscode.l10n.t('Upload {0} items to...', n) });
    const target = await pickFolder(services, title, uploadPickerStart(services));
    if (!target) return undefined;
    return uploadPaths(
      services,
      uris.map((u) => u.fsPath),
      target,
    );
  },
};
