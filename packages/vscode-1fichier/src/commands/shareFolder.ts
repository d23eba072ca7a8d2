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
        { label: '$(link) Share publicly', detail: 'Anyone with the link can see and download the files.', mode: 'public' as const },
        {
          label: '$(lock) Share publicly with a password...',
          detail: 'Visitors need the password (at least 6 characters).',
          mode: 'password' as const,
        },
        { label: '$(circle-slash) Stop sharing', detail: 'The public link stops working.', mode: 'off' as const },
      ],
      { title: `Share ${folder.path}` },
    );
    if (!choice) return undefined;
    let password: string | undefined;
    if (choice.mode === 'password') {
      password = await vscode.window.showInputBox({
        title: `Password for ${folder.path}`,
        password: true,
        validateInput: (v) => (v.length === 0 ? 'Type a password (at least 6 characters).' : passwordValidator(v)),
        ignoreFocusOut: true,
      });
      if (!password) return undefined;
    }
    const client = await services.api.client();
    const result = await client.shareFolder(folder.id, { share: choice.mode !== 'off', ...(password ? { password } : {}) });
    if (choice.mode === 'off') {
      void vscode.window.showInformationMessage(`${folder.path} is no longer shared.`);
      return undefined;
    }
    const url = (result as { url?: string }).url;
    if (url) {
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(`${folder.path} is shared; its link is copied: ${url}`);
    } else {
      void vscode.window.showInformationMessage(`${folder.path} is shared.`);
    }
    return url;
  },
};
