/** Removes the stored API key. */
import * as vscode from 'vscode';
import { API_KEY_ENV } from '@onefichier/core/lsp-contract';
import type { CommandModule } from '../services';

export const clearApiKey: CommandModule = {
  id: 'onefichier.clearApiKey',
  action: 'Clear API key',
  async run(services) {
    await services.keys.clear();
    services.tree.refresh(undefined, { force: false });
    services.log.info('API key removed from secret storage');
    const still = await services.keys.get();
    if (still?.source === 'environment') {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'The stored API key was removed, but the {0} environment variable still provides one. Unset it to disconnect completely.',
          API_KEY_ENV,
        ),
      );
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t("The 1fichier API key was removed from this machine's secret storage."));
    }
  },
};
