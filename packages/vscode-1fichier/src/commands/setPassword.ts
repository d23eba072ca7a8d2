/** Sets or removes the download password of files (at least 6 characters; empty removes it). */
import * as vscode from 'vscode';
import { plural } from '../locale';
import type { CommandModule } from '../services';
import { passwordValidator } from '../ui/validate';
import { fileTargets } from './targets';

export const setPassword: CommandModule = {
  id: 'onefichier.setPassword',
  action: 'Set password',
  async run(services, arg, all) {
    const targets = fileTargets(services, arg, all);
    const n = targets.length;
    const name = targets[0]?.node?.file.filename ?? targets[0]?.url ?? '';
    const password = await vscode.window.showInputBox({
      title:
        n === 1
          ? vscode.l10n.t('Password for {0}', name)
          : plural(n, { one: vscode.l10n.t('Password for {0} file', n), other: vscode.l10n.t('Password for {0} files', n) }),
      prompt: vscode.l10n.t('Downloaders will need this password. Leave empty to remove the password.'),
      password: true,
      validateInput: passwordValidator,
      ignoreFocusOut: true,
    });
    if (password === undefined) return undefined;
    const client = await services.api.client();
    await client.setFileAttributes(
      targets.map((t) => t.url),
      { password },
    );
    for (const t of targets) services.storage.updateFile(t.url, { passwordProtected: password.length > 0 });
    const done =
      n === 1
        ? password
          ? vscode.l10n.t('Password set on {0}', name)
          : vscode.l10n.t('Password removed from {0}', name)
        : password
          ? plural(n, { one: vscode.l10n.t('Password set on {0} file', n), other: vscode.l10n.t('Password set on {0} files', n) })
          : plural(n, {
              one: vscode.l10n.t('Password removed from {0} file', n),
              other: vscode.l10n.t('Password removed from {0} files', n),
            });
    void vscode.window.setStatusBarMessage(done, 5000);
    return password.length > 0;
  },
};
