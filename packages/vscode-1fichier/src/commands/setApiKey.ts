/** Stores the API key in SecretStorage (never settings.json) and reloads the tree with it. */
import * as vscode from 'vscode';
import { UserError } from '../errors';
import { apiKeyProblem } from '../keyStore';
import type { CommandModule } from '../services';

export const setApiKey: CommandModule = {
  id: 'onefichier.setApiKey',
  action: 'Set API key',
  async run(services, arg) {
    let key: string | undefined;
    if (typeof arg === 'string') {
      // Programmatic use (tests, other extensions): the same checks as the input box.
      const problem = apiKeyProblem(arg);
      if (problem) throw new UserError(`That API key cannot be right: ${problem}`);
      key = arg;
    } else {
      key = await vscode.window.showInputBox({
        title: '1fichier API key',
        prompt: "Paste your API key from 1fichier.com > Parameters > API key. It is kept in VS Code's secret storage.",
        password: true,
        ignoreFocusOut: true,
        placeHolder: 'API key',
        validateInput: apiKeyProblem,
      });
    }
    if (!key) return false;
    await services.keys.set(key);
    services.tree.refresh(undefined, { force: false });
    services.log.info('API key saved in secret storage');
    void vscode.window.setStatusBarMessage('1fichier: API key saved in secret storage', 5000);
    return true;
  },
};
