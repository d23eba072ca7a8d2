/**
 * Downloads a file to disk with progress and Cancel. A cancelled or failed download leaves no partial file.
 * Accepts a tree item or a file URL string (the language server's code action).
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { localFileNameFor } from '@onefichier/core';
import { CLIENT_LINK_COMMANDS } from '@onefichier/core/lsp-contract';
import { size as sizeText } from '../locale';
import type { CommandModule } from '../services';
import { passwordValidator } from '../ui/validate';
import { fileTarget } from './targets';

export const downloadFile: CommandModule = {
  id: CLIENT_LINK_COMMANDS.downloadFile,
  action: 'Download',
  async run(services, arg, destArg) {
    const target = fileTarget(services, arg);
    const client = await services.api.client();
    let filename = target.node?.file.filename;
    let size = target.node?.file.size;
    let passwordProtected = target.node?.file.passwordProtected ?? false;
    if (!filename) {
      const info = await client.getFileInfo(target.url);
      filename = info.filename;
      size = info.size;
      passwordProtected = info.passwordProtected;
    }
    let dest: string | undefined = typeof destArg === 'string' ? destArg : undefined;
    // The save dialog itself asks before replacing a file; a destination given by a caller is never replaced.
    let overwrite = false;
    if (!dest) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
      // A plain name in that folder: a listed name such as `../x` or `.profile` must not steer the proposal.
      const uri = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Download {0}', filename),
        defaultUri: vscode.Uri.file(path.join(folder, localFileNameFor(filename, path.sep))),
        saveLabel: vscode.l10n.t('Download'),
      });
      if (!uri) return undefined;
      dest = uri.fsPath;
      overwrite = true;
    }
    let password: string | undefined;
    if (passwordProtected) {
      password = await vscode.window.showInputBox({
        title: vscode.l10n.t('Password of {0}', filename),
        password: true,
        validateInput: passwordValidator,
        ignoreFocusOut: true,
      });
      if (password === undefined) return undefined;
    }
    const destination = dest;
    const { downloadToFile } = services.api.getBackend();
    const started = Date.now();
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}', filename), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          await downloadToFile(client, target.url, destination, {
            signal: controller.signal,
            overwrite,
            restart: true,
            cdn: services.api.useCdnCredits(),
            ...(password ? { password } : {}),
            onProgress: (p) => {
              const total = p.totalBytes ?? size;
              const percent = total ? (p.bytesReceived / total) * 100 : 0;
              progress.report({
                message: total ? vscode.l10n.t('{0} of {1}', sizeText(p.bytesReceived), sizeText(total)) : sizeText(p.bytesReceived),
                increment: Math.max(0, percent - reported),
              });
              reported = Math.max(reported, percent);
            },
          });
        } catch (e) {
          // Nothing half-done: the partial file goes (the destination itself is only written when complete).
          await fsp.rm(`${destination}.part`, { force: true }).catch(() => undefined);
          throw e;
        } finally {
          sub.dispose();
        }
      },
    );
    services.log.info(`downloaded ${target.url} to ${destination} in ${Date.now() - started} ms`);
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(vscode.l10n.t('Downloaded {0} to {1}.', filename, destination), open).then((c) => {
      if (c === open) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(destination));
    });
    return destination;
  },
};
