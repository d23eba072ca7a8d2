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
      throw new UserError('The current editor is not a file on disk.', 'Open a local file, or use "1fichier: Upload File...".');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) {
      const choice = await vscode.window.showWarningMessage(
        `${uri.path.split('/').pop()} has unsaved changes.`,
        { modal: true },
        'Save and Upload',
        'Upload Saved Version',
      );
      if (!choice) return undefined;
      if (choice === 'Save and Upload') await doc.save();
    }
    await services.api.client();
    const target = await pickFolder(services, `Upload ${uri.path.split('/').pop()} to...`, uploadPickerStart(services));
    if (!target) return undefined;
    return uploadPaths(services, [uri.fsPath], target);
  },
};
