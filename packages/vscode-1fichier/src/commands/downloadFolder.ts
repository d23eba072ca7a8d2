/**
 * A tree folder's "Download Folder...": the folder and everything in it recreated under a local folder, by
 * the core's folder download (planFolderDownload / runFolderDownload): one listing per folder, every file
 * checked against its size and Whirlpool, files already there skipped, progress and Cancel. Local files that
 * differ from 1fichier are replaced only after the user agreed. Accepts a destination folder as a second
 * argument (then nothing is asked).
 */
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { decodeFileName, formatSize, isOneFichierError, localNameProblem, type SyncCompare } from '@onefichier/core';
import { UserError, reportError } from '../errors';
import { plural } from '../format';
import type { CommandModule } from '../services';
import { withJobProgress } from '../sync/progress';
import { ROOT_ID, isFile, isFolder } from '../tree/nodes';
import { pickFolder } from '../ui/pickFolder';
import { folderTarget } from './targets';

const REPLACE = 'Replace Them';
const KEEP = 'Keep Local Files';

export const downloadFolder: CommandModule = {
  id: 'onefichier.downloadFolder',
  action: 'Download',
  async run(services, arg, destArg) {
    // From the palette, with nothing selected in the 1fichier view: ask which folder.
    const fromPalette = !isFolder(arg) && !isFile(arg) && (services.treeView?.selection ?? []).length === 0;
    const folder = fromPalette ? await pickFolder(services, 'Download which 1fichier folder?') : folderTarget(services, arg);
    if (!folder) return undefined;
    const client = await services.api.client();
    const name = folder.id === ROOT_ID ? '1fichier' : decodeFileName(folder.name);
    // The folder's own name is checked as the core checks every name inside it: `..` or `../../x` would
    // put the download outside the folder the user picks.
    const problem = localNameProblem(name, sep);
    if (problem) {
      throw new UserError(
        `${folder.path} cannot be downloaded as a local folder: ${problem}.`,
        'Rename the folder on 1fichier (Rename in the 1fichier view), then download it.',
      );
    }
    let parentDir = typeof destArg === 'string' ? destArg : undefined;
    if (!parentDir) {
      const picked = await vscode.window.showOpenDialog({
        title: `Download ${folder.path} into... (it becomes the folder ${name} there)`,
        openLabel: 'Download Here',
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
    const plan = await withJobProgress(services, `Comparing 1fichier ${folder.path} with ${localDir}`, (report, signal) =>
      backend.planFolderDownload(client, {
        folderId: folder.id,
        localDir,
        compare,
        signal,
        onEvent: (e) => report({ message: e.message }),
      }),
    );
    for (const s of plan.skipped) services.log.warn(`download skipped ${s.path}: ${s.reason}`);
    for (const w of plan.warnings) services.log.warn(`download: ${w}`);
    const replacing = plan.downloads.filter((d) => d.replaces);
    if (replacing.length > 0) {
      const names = replacing.map((d) => d.path);
      const choice = await vscode.window.showWarningMessage(
        `${plural(replacing.length, 'local file')} in ${localDir} ${replacing.length === 1 ? 'differs' : 'differ'} from 1fichier: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}.`,
        { modal: true, detail: 'Replacing writes the copy from 1fichier over them once it is downloaded and checked.' },
        REPLACE,
        KEEP,
      );
      if (!choice) return undefined;
      if (choice === KEEP) plan.downloads = plan.downloads.filter((d) => !d.replaces);
    }
    if (plan.downloads.length === 0 && plan.createDirs.length === 0) {
      void vscode.window.showInformationMessage(`${localDir} is up to date: ${plural(plan.unchanged, 'file')} already there.`);
      return localDir;
    }
    const bytes = plan.downloads.reduce((n, d) => n + d.file.size, 0);
    plan.summary.bytes = bytes;
    let downloaded = 0;
    try {
      const report = await withJobProgress(services, `Downloading 1fichier ${folder.path} to ${localDir}`, (progress, signal) =>
        backend.runFolderDownload(client, plan, {
          signal,
          onEvent: (e) => {
            if (e.type === 'downloaded') downloaded++;
            progress(e);
          },
        }),
      );
      for (const f of report.failed) services.log.error(`download of ${f.path} failed: ${f.error.message}`);
      const failed = report.failed.length > 0 ? ` ${plural(report.failed.length, 'file')} failed; see the log.` : '';
      const text = `Downloaded ${plural(report.downloaded.length, 'file')} (${formatSize(bytes)}) to ${localDir}; ${plan.unchanged} already there.${failed}`;
      services.log.info(text);
      const show = report.failed.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(text, 'Reveal').then((c) => {
        if (c === 'Reveal') void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(localDir));
      });
      return localDir;
    } catch (e) {
      if (isOneFichierError(e) && e.kind === 'cancelled') {
        void vscode.window.showInformationMessage(
          `Download cancelled after ${plural(downloaded, 'file')}; they are kept. The next download fetches the rest.`,
        );
        return undefined;
      }
      reportError(services.log, 'Download', e);
      return undefined;
    }
  },
};
