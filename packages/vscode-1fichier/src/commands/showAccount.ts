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
      `1fichier ${d.offer} account ${info.email}: ${d.storage} ${describeAge(snapshot)}${d.cdn ? `, CDN credits ${d.cdn}` : ''}${info.uploadForbidden ? '. Uploads are forbidden on this account.' : '.'}`,
    );
    return info;
  },
};
