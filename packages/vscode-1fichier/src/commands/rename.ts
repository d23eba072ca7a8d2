/** Renames a file or a folder. */
import * as vscode from 'vscode';
import type { CommandModule } from '../services';
import { nameValidator } from '../ui/validate';
import { itemTargets } from './targets';

export const rename: CommandModule = {
  id: 'onefichier.rename',
  action: 'Rename',
  async run(services, arg, nameArg) {
    const [node] = itemTargets(services, arg);
    if (!node) return undefined;
    const current = node.type === 'file' ? node.file.filename : node.name;
    const validate = nameValidator(services);
    let name = typeof nameArg === 'string' ? nameArg : undefined;
    if (name === undefined) {
      const dot = node.type === 'file' ? current.lastIndexOf('.') : -1;
      name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Rename {0}', current),
        value: current,
        valueSelection: [0, dot > 0 ? dot : current.length],
        validateInput: (v) => validate(v),
        ignoreFocusOut: true,
      });
    } else if (validate(name)) throw new Error(validate(name));
    // 1fichier answers "No file has been renamed #312" for an unchanged name: nothing to do then.
    if (!name || name === current) return undefined;
    const client = await services.api.client();
    if (node.type === 'file') {
      const result = await client.renameFile(node.file.url, name);
      services.storage.updateFile(node.file.url, { filename: result.newFilename || name, url: result.url || node.file.url });
    } else {
      // The parent goes with the new name, so the folder stays where it is (core renameFolder).
      await client.renameFolder(node.id, name, node.parentId !== null ? { parentId: node.parentId } : {});
      services.storage.renameFolder(node.id, name);
    }
    services.log.info(`renamed ${current} to ${name}`);
    return name;
  },
};
