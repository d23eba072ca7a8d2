/** Shows the account: offer, storage used, CDN credits (user/info.cgi, cached within its 5-minute budget). */
import * as vscode from 'vscode';
import { describeAccount } from '../statusBar';
import type { CommandModule } from '../services';

export const showAccount: CommandModule = {
  id: 'onefichier.showAccount',
  action: 'Show account',
  async run(services) {
    const client = await services.api.client();
    const info = await client.getAccountInfo();
    const d = describeAccount(info);
    void vscode.window.showInformationMessage(`1fichier ${d.offer} account ${info.email}: ${d.storage}${d.cdn ? `, CDN credits ${d.cdn}` : ''}${info.uploadForbidden ? '. Uploads are forbidden on this account.' : '.'}`);
    return info;
  },
};
