/**
 * Copies a direct download link (a download token: valid about 5 minutes and bound to this IP). Accepts a
 * tree item or a file URL string (the language server's code action).
 */
import * as vscode from 'vscode';
import { CLIENT_LINK_COMMANDS } from '@onefichier/core/lsp-contract';
import type { CommandModule } from '../services';
import { passwordValidator } from '../ui/validate';
import { fileTarget } from './targets';

export const copyDirectLink: CommandModule = {
  id: CLIENT_LINK_COMMANDS.copyDirectLink,
  action: 'Copy direct download link',
  async run(services, arg) {
    const target = fileTarget(services, arg);
    let password: string | undefined;
    if (target.node?.file.passwordProtected) {
      password = await vscode.window.showInputBox({
        title: vscode.l10n.t('Password of {0}', target.node.file.filename),
        password: true,
        validateInput: passwordValidator,
        ignoreFocusOut: true,
      });
      if (password === undefined) return undefined;
    }
    const client = await services.api.client();
    const token = await client.getDownloadToken({ url: target.url, cdn: services.api.useCdnCredits(), ...(password ? { password } : {}) });
    await vscode.env.clipboard.writeText(token.url);
    void vscode.window.setStatusBarMessage(
      vscode.l10n.t('Direct download link copied: valid about 5 minutes, from this network only'),
      6000,
    );
    services.log.info(`direct download link created for ${target.url}`);
    return token.url;
  },
};
