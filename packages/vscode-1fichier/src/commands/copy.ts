/** Copies files (server side) into a folder picked in a quick pick. */
import * as vscode from 'vscode';
import { plural } from '../locale';
import type { CommandModule } from '../services';
import { pickFolder } from '../ui/pickFolder';
import { fileTargets, folderOfItems } from './targets';

export const copy: CommandModule = {
  id: 'onefichier.copy',
  action: 'Copy',
  async run(services, arg, all) {
    const targets = fileTargets(services, arg, all);
    const n = targets.length;
    const name = targets[0]?.node?.file.filename;
    const title =
      n === 1
        ? name !== undefined
          ? vscode.l10n.t('Copy {0} to...', name)
          : vscode.l10n.t('Copy the file to...')
        : plural(n, { one: vscode.l10n.t('Copy {0} file to...', n), other: vscode.l10n.t('Copy {0} files to...', n) });
    const nodes = targets.flatMap((t) => (t.node ? [t.node] : []));
    const dest = await pickFolder(services, title, folderOfItems(services, nodes));
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
    const copied = result.copied || result.urls.length;
    void vscode.window.setStatusBarMessage(
      plural(copied, {
        one: vscode.l10n.t('Copied {0} file to {1}', copied, dest.path),
        other: vscode.l10n.t('Copied {0} files to {1}', copied, dest.path),
      }),
      5000,
    );
    return result;
  },
};
