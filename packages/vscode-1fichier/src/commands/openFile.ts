/** Opens a file read-only in the editor through the onefichier: file system (size-guarded there). */
import * as vscode from 'vscode';
import { fileUri } from '../fs/uri';
import type { CommandModule } from '../services';
import { fileTarget } from './targets';

export const openFile: CommandModule = {
  id: 'onefichier.openFile',
  action: 'Open',
  async run(services, arg) {
    const target = fileTarget(services, arg);
    let folderPath = target.node?.folderPath;
    let filename = target.node?.file.filename;
    if (!filename) {
      const info = await (await services.api.client()).getFileInfo(target.url);
      filename = info.filename;
      folderPath = info.path ? `/${info.path.replace(/^\/+/, '')}` : '/';
    }
    const uri = fileUri(folderPath ?? '/', filename, target.url);
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
    return uri;
  },
};
