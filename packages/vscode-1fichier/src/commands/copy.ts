/** Copies files (server side) into a folder picked in a quick pick. */
import * as vscode from 'vscode';
import { copyEach } from '@onefichier/core';
import { plural } from '../locale';
import type { CommandModule } from '../services';
import { pickFolder } from '../ui/pickFolder';
import { throwIfAnyFailed, type FailedItem } from './outcomes';
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
    // One request for every file (the core halves it only when the service refuses it for one file).
    const outcomes = await copyEach(
      client,
      targets.map((t) => t.url),
      dest.id,
    );
    const failed: FailedItem[] = [];
    const copies: { fromUrl: string; toUrl: string }[] = [];
    for (const [i, target] of targets.entries()) {
      const o = outcomes[i]!;
      if (!o.ok) {
        failed.push({ name: target.node?.file.filename ?? target.url, error: o.error });
        continue;
      }
      copies.push(o.value);
      const original = target.node?.file;
      if (original && o.value.toUrl) services.storage.addFile(dest.id, { ...original, url: o.value.toUrl });
      await services.account?.changed(original?.size);
    }
    throwIfAnyFailed('copy', failed, targets.length);
    const copied = copies.length;
    void vscode.window.setStatusBarMessage(
      plural(copied, {
        one: vscode.l10n.t('Copied {0} file to {1}', copied, dest.path),
        other: vscode.l10n.t('Copied {0} files to {1}', copied, dest.path),
      }),
      5000,
    );
    return { copied, urls: copies };
  },
};
