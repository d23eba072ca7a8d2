/** Sets the description shown on the files' download pages. */
import * as vscode from 'vscode';
import { plural } from '../locale';
import type { CommandModule } from '../services';
import { fileTargets } from './targets';

export const setDescription: CommandModule = {
  id: 'onefichier.setDescription',
  action: 'Set description',
  async run(services, arg, all) {
    const targets = fileTargets(services, arg, all);
    const n = targets.length;
    const name = targets[0]?.node?.file.filename;
    const description = await vscode.window.showInputBox({
      title:
        n === 1
          ? name !== undefined
            ? vscode.l10n.t('Description of {0}', name)
            : vscode.l10n.t('Description of the file')
          : plural(n, { one: vscode.l10n.t('Description of {0} file', n), other: vscode.l10n.t('Description of {0} files', n) }),
      prompt: vscode.l10n.t('Shown on the download page. Leave empty to remove it.'),
      validateInput: (v) => (v.length > 2000 ? vscode.l10n.t('At most 2000 characters.') : undefined),
      ignoreFocusOut: true,
    });
    if (description === undefined) return undefined;
    const client = await services.api.client();
    await client.setFileAttributes(
      targets.map((t) => t.url),
      { description },
    );
    void vscode.window.setStatusBarMessage(
      n === 1
        ? vscode.l10n.t('Description updated on {0}', name ?? targets[0]?.url ?? '')
        : plural(n, {
            one: vscode.l10n.t('Description updated on {0} file', n),
            other: vscode.l10n.t('Description updated on {0} files', n),
          }),
      5000,
    );
    return description;
  },
};
