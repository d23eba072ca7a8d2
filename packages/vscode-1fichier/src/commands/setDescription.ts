/** Sets the description shown on the files' download pages. */
import * as vscode from 'vscode';
import { plural } from '../format';
import type { CommandModule } from '../services';
import { fileTargets } from './targets';

export const setDescription: CommandModule = {
  id: 'onefichier.setDescription',
  action: 'Set description',
  async run(services, arg, all) {
    const targets = fileTargets(services, arg, all);
    const what = targets.length === 1 ? (targets[0]?.node?.file.filename ?? 'the file') : plural(targets.length, 'file');
    const description = await vscode.window.showInputBox({
      title: `Description of ${what}`,
      prompt: 'Shown on the download page. Leave empty to remove it.',
      validateInput: (v) => (v.length > 2000 ? 'At most 2000 characters.' : undefined),
      ignoreFocusOut: true,
    });
    if (description === undefined) return undefined;
    const client = await services.api.client();
    await client.setFileAttributes(
      targets.map((t) => t.url),
      { description },
    );
    void vscode.window.setStatusBarMessage(`Description updated on ${what}`, 5000);
    return description;
  },
};
