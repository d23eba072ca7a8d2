/** Editor title and context menus: uploads the current file (offering to save it first). */
import * as vscode from 'vscode';
import { UserError } from '../errors';
import type { CommandModule } from '../services';
import { pickFolder } from '../ui/pickFolder';
import { uploadPaths, uploadPickerStart } from '../upload/start';

export const uploadActiveFile: CommandModule = {
  id: 'onefichier.uploadActiveFile',
  action: 'Upload',
  async run(services, arg) {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file')
      throw new UserError(
        vscode.l10n.t('The current editor is not a file on disk.'),
        vscode.l10n.t('Open a local file, or use "1fichier: Upload File...".'),
      );
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) {
      const saveAndUpload = vscode.l10n.t('Save and Upload');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} has unsaved changes.', uri.path.split('/').pop() ?? ''),
        { modal: true },
        saveAndUpload,
        vscode.l10n.t('Upload Saved Version'),
      );
      if (!choice) return undefined;
      if (choice === saveAndUpload) await doc.save();
    }
    await services.api.client();
    const target = await pickFolder(
      services,
      vscode.l10n.t('Upload {0} to...', uri.path.split('/').pop() ?? ''),
      uploadPickerStart(services),
    );
    if (!target) return undefined;
    return uploadPaths(services, [uri.fsPath], target);
  },
};
