/** Sets or removes the download password of files (at least 6 characters; empty removes it). */
import * as vscode from 'vscode';
import { plural } from '../format';
import type { CommandModule } from '../services';
import { passwordValidator } from '../ui/validate';
import { fileTargets } from './targets';

export const setPassword: CommandModule = {
  id: 'onefichier.setPassword',
  action: 'Set password',
  async run(services, arg, all) {
    const targets = fileTargets(services, arg, all);
    const what = targets.length === 1 ? (targets[0]?.node?.file.filename ?? 'the file') : plural(targets.length, 'file');
    const password = await vscode.window.showInputBox({
      title: `Password for ${what}`,
      prompt: 'Downloaders will need this password. Leave empty to remove the password.',
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
    void vscode.window.setStatusBarMessage(password ? `Password set on ${what}` : `Password removed from ${what}`, 5000);
    return password.length > 0;
  },
};
