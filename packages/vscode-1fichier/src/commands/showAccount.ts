/** Shows the account: offer, storage used, CDN credits (user/info.cgi, shared by windows within its 5-minute budget). */
import * as vscode from 'vscode';
import { USER_INFO_INTERVAL_MS } from '@onefichier/core';
import { accountSnapshot, describeAccount, describeAge } from '../statusBar';
import type { CommandModule } from '../services';

export const showAccount: CommandModule = {
  id: 'onefichier.showAccount',
  action: 'Show account',
  async run(services) {
    // user/info.cgi is allowed once per 5 minutes per user: an answer that recent is as good as a new one.
    const snapshot = await accountSnapshot(services, USER_INFO_INTERVAL_MS);
    const { info } = snapshot;
    const d = describeAccount(info, snapshot.changedBytes);
    void vscode.window.showInformationMessage(
      [
        d.cdn
          ? vscode.l10n.t(
              '1fichier {0} account {1}: {2} {3}, CDN credits {4}.',
              d.offer,
              info.email,
              d.storage,
              describeAge(snapshot),
              d.cdn,
            )
          : vscode.l10n.t('1fichier {0} account {1}: {2} {3}.', d.offer, info.email, d.storage, describeAge(snapshot)),
        ...(info.uploadForbidden ? [vscode.l10n.t('Uploads are forbidden on this account.')] : []),
      ].join(' '),
    );
    return info;
  },
};
