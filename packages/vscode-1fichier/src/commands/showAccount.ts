/** Shows the account: offer, storage used, CDN credits (user/info.cgi, shared by windows within its 5-minute budget). */
import * as vscode from 'vscode';
import { USER_INFO_INTERVAL_MS } from '@onefichier/core';
import { accountInfo, describeAccount } from '../statusBar';
import type { CommandModule } from '../services';

export const showAccount: CommandModule = {
  id: 'onefichier.showAccount',
  action: 'Show account',
  async run(services) {
    // user/info.cgi is allowed once per 5 minutes per user: an answer that recent is as good as a new one.
    const info = await accountInfo(services, USER_INFO_INTERVAL_MS);
    const d = describeAccount(info);
    void vscode.window.showInformationMessage(
      `1fichier ${d.offer} account ${info.email}: ${d.storage}${d.cdn ? `, CDN credits ${d.cdn}` : ''}${info.uploadForbidden ? '. Uploads are forbidden on this account.' : '.'}`,
    );
    return info;
  },
};
