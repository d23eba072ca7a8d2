/**
 * Asks whether the API key may go to the host of onefichier.apiBaseUrl (src/apiHosts.ts), also after the
 * user refused it once, then loads the tree with it.
 */
import * as vscode from 'vscode';
import { apiHostOf } from '../apiHosts';
import type { CommandModule } from '../services';

export const confirmApiHost: CommandModule = {
  id: 'onefichier.confirmApiHost',
  action: 'Confirm API host',
  async run(services) {
    const baseUrl = services.api.baseUrl();
    if (services.api.hosts.isConfirmed(baseUrl)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('1fichier: your API key already goes to {0} (onefichier.apiBaseUrl).', apiHostOf(baseUrl)),
      );
      return true;
    }
    const confirmed = await services.api.hosts.ask(baseUrl);
    if (confirmed) services.tree.refresh(undefined, { force: false });
    return confirmed;
  },
};
