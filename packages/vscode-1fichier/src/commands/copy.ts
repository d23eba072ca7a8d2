/** Copies files (server side) into a folder picked in a quick pick. */
import * as vscode from 'vscode';
import { plural } from '../format';
import type { CommandModule } from '../services';
import { pickFolder } from '../ui/pickFolder';
import { fileTargets, folderOfItems } from './targets';

export const copy: CommandModule = {
  id: 'onefichier.copy',
  action: 'Copy',
  async run(services, arg, all) {
    const targets = fileTargets(services, arg, all);
    const label = targets.length === 1 ? (targets[0]?.node?.file.filename ?? 'file') : plural(targets.length, 'file');
    const nodes = targets.flatMap((t) => (t.node ? [t.node] : []));
    const dest = await pickFolder(services, `Copy ${label} to...`, folderOfItems(services, nodes));
    if (!dest) return undefined;
    const client = await services.api.client();
    const result = await client.copyFiles(
      targets.map((t) => t.url),
      dest.id,
    );
    for (const pair of result.urls) {
      const original = targets.find((t) => t.url === pair.fromUrl)?.node?.file;
      if (original) services.storage.addFile(dest.id, { ...original, url: pair.toUrl });
      await services.account?.changed(original?.size);
    }
    void vscode.window.setStatusBarMessage(`Copied ${plural(result.copied || result.urls.length, 'file')} to ${dest.path}`, 5000);
    return result;
  },
};
