/**
 * A tree folder's "Download Folder...": the folder and everything in it recreated under a local folder, by
 * the core's folder download (planFolderDownload / runFolderDownload): one listing per folder, every file
 * checked against its size and Whirlpool, files already there skipped, progress and Cancel. Local files that
 * differ from 1fichier are replaced only after the user agreed. Accepts a destination folder as a second
 * argument (then nothing is asked).
 */
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { decodeFileName, isOneFichierError, localNameProblem, type SyncCompare } from '@onefichier/core';
import { UserError, reportError } from '../errors';
import { plural, size } from '../locale';
import type { CommandModule } from '../services';
import { withJobProgress } from '../sync/progress';
import { ROOT_ID, isFile, isFolder } from '../tree/nodes';
import { pickFolder } from '../ui/pickFolder';
import { folderTarget } from './targets';

export const downloadFolder: CommandModule = {
  id: 'onefichier.downloadFolder',
  action: 'Download',
  async run(services, arg, destArg) {
    // From the palette, with nothing selected in the 1fichier view: ask which folder.
    const fromPalette = !isFolder(arg) && !isFile(arg) && (services.treeView?.selection ?? []).length === 0;
    const folder = fromPalette ? await pickFolder(services, vscode.l10n.t('Download which 1fichier folder?')) : folderTarget(services, arg);
    if (!folder) return undefined;
    const client = await services.api.client();
    const name = folder.id === ROOT_ID ? '1fichier' : decodeFileName(folder.name);
    // The folder's own name is checked as the core checks every name inside it: `..` or `../../x` would
    // put the download outside the folder the user picks.
    const problem = localNameProblem(name, sep, vscode.env.language);
    if (problem) {
      throw new UserError(
        vscode.l10n.t('{0} cannot be downloaded as a local folder: {1}.', folder.path, problem),
        vscode.l10n.t('Rename the folder on 1fichier (Rename in the 1fichier view), then download it.'),
      );
    }
    let parentDir = typeof destArg === 'string' ? destArg : undefined;
    if (!parentDir) {
      const picked = await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Download {0} into... (it becomes the folder {1} there)', folder.path, name),
        openLabel: vscode.l10n.t('Download Here'),
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      });
      parentDir = picked?.[0]?.fsPath;
      if (!parentDir) return undefined;
    }
    const localDir = join(parentDir, name);
    const compare = vscode.workspace.getConfiguration('onefichier').get<SyncCompare>('sync.compare', 'whirlpool');
    const backend = services.api.getBackend();
    const plan = await withJobProgress(
      services,
      vscode.l10n.t('Comparing 1fichier {0} with {1}', folder.path, localDir),
      (report, signal) =>
        backend.planFolderDownload(client, {
          folderId: folder.id,
          localDir,
          compare,
          signal,
          onEvent: report,
        }),
    );
    for (const s of plan.skipped) services.log.warn(`download skipped ${s.path}: ${s.reason}`);
    for (const w of plan.warnings) services.log.warn(`download: ${w}`);
    const replacing = plan.downloads.filter((d) => d.replaces);
    if (replacing.length > 0) {
      const names = replacing.map((d) => d.path);
      const n = replacing.length;
      const list = `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}`;
      const REPLACE = vscode.l10n.t('Replace Them');
      const KEEP = vscode.l10n.t('Keep Local Files');
      const choice = await vscode.window.showWarningMessage(
        plural(n, {
          one: vscode.l10n.t('{0} local file in {1} differs from 1fichier: {2}.', n, localDir, list),
          other: vscode.l10n.t('{0} local files in {1} differ from 1fichier: {2}.', n, localDir, list),
        }),
        { modal: true, detail: vscode.l10n.t('Replacing writes the copy from 1fichier over them once it is downloaded and checked.') },
        REPLACE,
        KEEP,
      );
      if (!choice) return undefined;
      if (choice === KEEP) plan.downloads = plan.downloads.filter((d) => !d.replaces);
    }
    if (plan.downloads.length === 0 && plan.createDirs.length === 0) {
      const n = plan.unchanged;
      void vscode.window.showInformationMessage(
        plural(n, {
          one: vscode.l10n.t('{0} is up to date: {1} file already there.', localDir, n),
          other: vscode.l10n.t('{0} is up to date: {1} files already there.', localDir, n),
        }),
      );
      return localDir;
    }
    const bytes = plan.downloads.reduce((n, d) => n + d.file.size, 0);
    plan.summary.bytes = bytes;
    let downloaded = 0;
    try {
      const report = await withJobProgress(
        services,
        vscode.l10n.t('Downloading 1fichier {0} to {1}', folder.path, localDir),
        (progress, signal) =>
          backend.runFolderDownload(client, plan, {
            signal,
            onEvent: (e) => {
              if (e.type === 'downloaded') downloaded++;
              progress(e);
            },
          }),
      );
      for (const f of report.failed) services.log.error(`download of ${f.path} failed: ${f.error.message}`);
      const nf = report.failed.length;
      const nd = report.downloaded.length;
      const done = plural(nd, {
        one: vscode.l10n.t('Downloaded {0} file ({1}) to {2}; {3} already there.', nd, size(bytes), localDir, plan.unchanged),
        other: vscode.l10n.t('Downloaded {0} files ({1}) to {2}; {3} already there.', nd, size(bytes), localDir, plan.unchanged),
      });
      const text =
        nf > 0
          ? plural(nf, {
              one: vscode.l10n.t('{0} {1} file failed; see the log.', done, nf),
              other: vscode.l10n.t('{0} {1} files failed; see the log.', done, nf),
            })
          : done;
      services.log.info(text);
      const show = nf > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      const reveal = vscode.l10n.t('Reveal');
      void show(text, reveal).then((c) => {
        if (c === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(localDir));
      });
      return localDir;
    } catch (e) {
      if (isOneFichierError(e) && e.kind === 'cancelled') {
        void vscode.window.showInformationMessage(
          plural(downloaded, {
            one: vscode.l10n.t('Download cancelled after {0} file; it is kept. The next download fetches the rest.', downloaded),
            other: vscode.l10n.t('Download cancelled after {0} files; they are kept. The next download fetches the rest.', downloaded),
          }),
        );
        return undefined;
      }
      reportError(services.log, 'Download', e);
      return undefined;
    }
  },
};
