/** Creates a folder in the clicked folder (or the root from the view title). */
import * as vscode from 'vscode';
import type { CommandModule } from '../services';
import { nameValidator } from '../ui/validate';
import { folderTarget } from './targets';

export const newFolder: CommandModule = {
  id: 'onefichier.newFolder',
  action: 'New folder',
  async run(services, arg, nameArg) {
    const parent = folderTarget(services, arg);
    const validate = nameValidator(services);
    let name = typeof nameArg === 'string' ? nameArg : undefined;
    if (name !== undefined && validate(name)) throw new Error(validate(name));
    name ??= await vscode.window.showInputBox({
      title: vscode.l10n.t('New folder in {0}', parent.path),
      prompt: vscode.l10n.t('Folder name'),
      validateInput: validate,
      ignoreFocusOut: true,
    });
    if (!name) return undefined;
    const client = await services.api.client();
    const made = await client.createFolder(name, parent.id);
    const node = services.storage.addFolder(parent.id, made);
    services.log.info(`created folder ${made.name} (${made.folderId}) in ${parent.path}`);
    if (node && services.treeView) void services.treeView.reveal(node, { select: true, focus: false }).then(undefined, () => undefined);
    return made;
  },
};
