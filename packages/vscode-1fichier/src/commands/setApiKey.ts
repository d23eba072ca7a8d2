/** Stores the API key in SecretStorage (never settings.json) and reloads the tree with it. */
import * as vscode from 'vscode';
import { isOneFichierError } from '@onefichier/core';
import { UserError, describeError } from '../errors';
import { apiKeyProblem } from '../keyStore';
import type { CommandModule, Services } from '../services';
import { accountSnapshot, describeAccount } from '../statusBar';

export const setApiKey: CommandModule = {
  id: 'onefichier.setApiKey',
  action: 'Set API key',
  async run(services, arg) {
    let key: string | undefined;
    if (typeof arg === 'string') {
      // Programmatic use (tests, other extensions): the same checks as the input box.
      const problem = apiKeyProblem(arg);
      if (problem) throw new UserError(vscode.l10n.t('That API key cannot be right: {0}', problem));
      key = arg;
    } else {
      key = await vscode.window.showInputBox({
        title: vscode.l10n.t('1fichier API key'),
        prompt: vscode.l10n.t("Paste your API key from 1fichier.com > Parameters > API key. It is kept in VS Code's secret storage."),
        password: true,
        ignoreFocusOut: true,
        placeHolder: vscode.l10n.t('API key'),
        validateInput: apiKeyProblem,
      });
    }
    if (!key) return false;
    const previous = await services.keys.get();
    await services.keys.set(key);
    const verdict = await checkKey(services);
    if (verdict.refused) {
      // A key 1fichier does not know is not kept: the one before it (if any) is back in force.
      if (previous?.source === 'secret-storage') await services.keys.set(previous.key);
      else await services.keys.clear();
      services.log.warn(`API key refused by 1fichier: ${verdict.detail}`);
      const setKey = vscode.l10n.t('Set API Key');
      void vscode.window
        .showErrorMessage(
          vscode.l10n.t(
            '1fichier does not know this key, so it was not saved. Copy it again from 1fichier.com > Parameters > API key ({0}).',
            verdict.detail,
          ),
          setKey,
        )
        .then((choice) => {
          if (choice === setKey) void vscode.commands.executeCommand('onefichier.setApiKey');
        });
      return false;
    }
    services.tree.refresh(undefined, { force: false });
    services.log.info(`API key saved in secret storage. ${verdict.text}`);
    if (verdict.ok) void vscode.window.showInformationMessage(verdict.text);
    else void vscode.window.showWarningMessage(verdict.text);
    return true;
  },
};

/**
 * Asks 1fichier who the new key belongs to (user/info.cgi, through the status bar's profile-wide cache, so
 * the status bar does not ask again): "Key accepted: Premium account …", or why it could not be checked.
 */
async function checkKey(services: Services): Promise<{ ok: boolean; refused: boolean; text: string; detail: string }> {
  try {
    // The same key checked in the last 5 minutes is not asked again: user/info allows one call per 5 minutes per account.
    const snapshot = await accountSnapshot(services, 5 * 60_000);
    const { offer } = describeAccount(snapshot.info);
    const text = vscode.l10n.t("Key accepted: {0} account {1}. It is kept in VS Code's secret storage.", offer, snapshot.info.email);
    return { ok: true, refused: false, text, detail: '' };
  } catch (e) {
    const { message, hint } = describeError(e);
    if (isOneFichierError(e) && e.kind === 'auth') return { ok: false, refused: true, text: '', detail: message };
    const text = hint
      ? vscode.l10n.t('API key saved in secret storage, but it could not be checked now: {0} {1}', message, hint)
      : vscode.l10n.t('API key saved in secret storage, but it could not be checked now: {0}', message);
    return { ok: false, refused: false, text, detail: message };
  }
}
