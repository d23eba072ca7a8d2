/** Shares a folder publicly (optionally with a password) and copies its public link, or stops sharing. */
import * as vscode from 'vscode';
import type { CommandModule } from '../services';
import { passwordValidator } from '../ui/validate';
import { folderTarget } from './targets';

export const shareFolder: CommandModule = {
  id: 'onefichier.shareFolder',
  action: 'Share folder',
  async run(services, arg) {
    const folder = folderTarget(services, arg);
    const choice = await vscode.window.showQuickPick(
      [
        {
          label: `$(link) ${vscode.l10n.t('Share publicly')}`,
          detail: vscode.l10n.t('Anyone with the link can see and download the files.'),
          mode: 'public' as const,
        },
        {
          label: `$(lock) ${vscode.l10n.t('Share publicly with a password...')}`,
          detail: vscode.l10n.t('Visitors need the password (at least 6 characters).'),
          mode: 'password' as const,
        },
        {
          label: `$(circle-slash) ${vscode.l10n.t('Stop sharing')}`,
          detail: vscode.l10n.t('The public link stops working.'),
          mode: 'off' as const,
        },
      ],
      { title: vscode.l10n.t('Share {0}', folder.path) },
    );
    if (!choice) return undefined;
    let password: string | undefined;
    if (choice.mode === 'password') {
      password = await vscode.window.showInputBox({
        title: vscode.l10n.t('Password for {0}', folder.path),
        password: true,
        validateInput: (v) => (v.length === 0 ? vscode.l10n.t('Type a password (at least 6 characters).') : passwordValidator(v)),
        ignoreFocusOut: true,
      });
      if (!password) return undefined;
    }
    const client = await services.api.client();
    const result = await client.shareFolder(folder.id, { share: choice.mode !== 'off', ...(password ? { password } : {}) });
    if (choice.mode === 'off') {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is no longer shared.', folder.path));
      return undefined;
    }
    const url = (result as { url?: string }).url;
    if (url) {
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is shared; its link is copied: {1}', folder.path, url));
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is shared.', folder.path));
    }
    return url;
  },
};
