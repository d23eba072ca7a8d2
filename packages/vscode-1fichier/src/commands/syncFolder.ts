/**
 * The explorer's "Sync Folder to 1fichier...": a local folder mirrored into a folder of the same name on
 * 1fichier, by the core's sync (planFolderSync / runSyncPlan). It asks where, and whether files absent
 * locally are removed; shows the plan (counts and every file to upload, replace or remove) before anything
 * changes; runs it with progress and Cancel; ends with a summary. A second run does only what changed, or
 * what an interrupted run left. The last destination of each local folder is remembered (globalState).
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import {
  describePlan,
  isOneFichierError,
  type SyncCompare,
  type SyncEvent,
  type SyncPlan,
  type SyncReport,
  type UploadedFile,
} from '@onefichier/core';
import { reportError } from '../errors';
import { joinPath } from '../format';
import { plural } from '../locale';
import { closeTabsOf } from '../fs/tabs';
import type { CommandModule, Services } from '../services';
import { confirmPlan, planHasChanges, planSummary } from '../sync/preview';
import { withJobProgress } from '../sync/progress';
import type { FolderNode } from '../tree/nodes';
import { pickFolder } from '../ui/pickFolder';

const TARGETS_KEY = 'onefichier.sync.targets';

/** Where a local folder was last synced to (the parent folder on 1fichier). */
type RememberedTargets = Record<string, { parentId: number }>;

export const syncFolder: CommandModule = {
  id: 'onefichier.syncFolder',
  action: 'Sync',
  async run(services, arg) {
    const localDir = await localFolder(arg);
    if (!localDir) return undefined;
    const client = await services.api.client();
    const name = basename(localDir);
    const remembered = services.context.globalState.get<RememberedTargets>(TARGETS_KEY, {})?.[localDir];
    const start = remembered ? services.storage.folderById(remembered.parentId) : undefined;
    // The folder synced into last time is not offered as a parent: choosing it would nest name/name.
    const syncedInto = start ? (await services.storage.subFolders(start)).filter((f) => f.name === name).map((f) => f.id) : [];
    const parent = await pickFolder(
      services,
      vscode.l10n.t('Sync {0} into... (it becomes the folder {0} there)', name),
      start,
      new Set(syncedInto),
    );
    if (!parent) return undefined;
    const remotePath = joinPath(parent.path, name);
    const mode = await vscode.window.showQuickPick(
      [
        {
          label: `$(cloud-upload) ${vscode.l10n.t('Upload new and changed files')}`,
          description: vscode.l10n.t('files only on 1fichier stay'),
          mirror: false,
        },
        {
          label: `$(sync) ${vscode.l10n.t('Mirror')}`,
          description: vscode.l10n.t('also remove from 1fichier what is not in the local folder'),
          mirror: true,
        },
      ],
      { title: vscode.l10n.t('Sync {0} to 1fichier {1}', name, remotePath) },
    );
    if (!mode) return undefined;
    const compare = vscode.workspace.getConfiguration('onefichier').get<SyncCompare>('sync.compare', 'whirlpool');
    const backend = services.api.getBackend();

    const plan = await withJobProgress(services, vscode.l10n.t('Comparing {0} with 1fichier {1}', name, remotePath), (report, signal) =>
      backend.planFolderSync(client, {
        localDir,
        target: { parentId: parent.id, name },
        compare,
        deleteExtraneous: mode.mirror,
        signal,
        onEvent: report,
      }),
    );
    services.log.info(`sync plan for ${localDir} → ${remotePath}: ${describePlan(plan)}`);
    await remember(services, localDir, parent);
    if (!planHasChanges(plan)) {
      for (const s of plan.skipped) services.log.warn(`sync skipped ${s.path}: ${s.reason}`);
      const u = plan.summary.unchanged;
      const upToDate = plural(u, {
        one: vscode.l10n.t('{0} is up to date: {1} file unchanged.', remotePath, u),
        other: vscode.l10n.t('{0} is up to date: {1} files unchanged.', remotePath, u),
      });
      const k = plan.skipped.length;
      void vscode.window.showInformationMessage(
        k > 0
          ? plural(k, {
              one: vscode.l10n.t('{0} Skipped {1} item; see the log.', upToDate, k),
              other: vscode.l10n.t('{0} Skipped {1} items; see the log.', upToDate, k),
            })
          : upToDate,
      );
      return { plan };
    }
    if (!(await confirmPlan(plan, vscode.l10n.t('Sync {0} to 1fichier {1}: {2}', name, remotePath, planSummary(plan)), remotePath)))
      return { plan };

    let report: SyncReport | undefined;
    let failure: unknown;
    const done: Record<string, number> = {};
    const recordReplaced = replacementRecorder(services);
    try {
      report = await withJobProgress(services, vscode.l10n.t('Syncing {0} to 1fichier {1}', name, remotePath), (progress, signal) =>
        backend.runSyncPlan(client, plan, {
          signal,
          onEvent: (e) => {
            progress(e);
            patchTree(services, e);
            recordReplaced.see(e);
          },
        }),
      );
    } catch (e) {
      failure = e;
      Object.assign(done, (e as { details?: { done?: Record<string, number> } }).details?.done ?? {});
    }
    await recordReplaced.written();
    announce(services, plan, remotePath, report, failure, done);
    return { plan, report };
  },
};

/** The folder the command was run on (explorer), or one picked in a dialog (command palette). */
async function localFolder(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return arg.fsPath;
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Sync a folder to 1fichier'),
    openLabel: vscode.l10n.t('Sync'),
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0]?.fsPath;
}

async function remember(services: Services, localDir: string, parent: FolderNode): Promise<void> {
  const all = services.context.globalState.get<RememberedTargets>(TARGETS_KEY, {}) ?? {};
  await services.context.globalState.update(TARGETS_KEY, { ...all, [localDir]: { parentId: parent.id } });
}

/** The tree follows the run's changes without listing again (a listing would wait for the folder's budget). */
function patchTree(services: Services, e: SyncEvent): void {
  if (e.type === 'folder-created') services.storage.addFolder(e.parentId, { folderId: e.folderId, name: e.name });
  else if (e.type === 'uploaded') {
    services.storage.addUploaded(e.file.folderId, [e.file]);
    void services.account?.changed(e.file.size);
  } else if (e.type === 'removed') {
    const size = services.storage.findFile(e.url)?.file.size;
    services.storage.removeFiles([e.url]);
    void closeTabsOf([e.url]);
    void services.account?.changed(size === undefined ? undefined : -size);
  } else if (e.type === 'folder-removed') services.storage.removeFolder(e.folderId);
}

/** Records each replacement's old → new link as the run goes (the language server offers the new one on a dead link). */
function replacementRecorder(services: Services): { see(e: SyncEvent): void; written(): Promise<unknown> } {
  const store = services.api.getBackend().replacedLinks((m) => services.log.warn(m));
  const newFileOf = new Map<string, UploadedFile>();
  const writes: Promise<void>[] = [];
  return {
    see(e) {
      if (e.type === 'uploaded' && e.replaced) newFileOf.set(e.path, e.file);
      const file = e.type === 'removed' && e.reason === 'replaced' ? newFileOf.get(e.path) : undefined;
      if (e.type === 'removed' && file)
        writes.push(
          store.record([
            { oldUrl: e.url, newUrl: file.url, filename: file.filename, folderId: file.folderId, replacedAt: new Date().toISOString() },
          ]),
        );
    },
    written: () => Promise.all(writes),
  };
}

function announce(
  services: Services,
  plan: SyncPlan,
  remotePath: string,
  report: SyncReport | undefined,
  failure: unknown,
  done: Record<string, number>,
): void {
  const counts = report ? { uploaded: report.uploaded.length, replaced: report.replaced.length, removed: report.removed.length } : done;
  for (const s of report?.skipped ?? plan.skipped) services.log.warn(`sync skipped ${s.path}: ${s.reason}`);
  for (const f of report?.failed ?? []) services.log.error(`sync of ${f.path} failed: ${f.error.message}`);
  for (const w of report?.warnings ?? plan.warnings) services.log.warn(`sync: ${w}`);
  const uploaded = counts.uploaded ?? 0;
  const replaced = counts.replaced ?? 0;
  const removed = counts.removed ?? 0;
  const withRemoved = removed > 0 || plan.deleteExtraneous;
  if (report) {
    const u = plan.summary.unchanged;
    const synced = withRemoved
      ? vscode.l10n.t('Synced to {0}: {1} uploaded, {2} replaced, {3} removed, {4} unchanged.', remotePath, uploaded, replaced, removed, u)
      : vscode.l10n.t('Synced to {0}: {1} uploaded, {2} replaced, {3} unchanged.', remotePath, uploaded, replaced, u);
    const nf = report.failed.length;
    const text =
      nf > 0
        ? plural(nf, {
            one: vscode.l10n.t('{0} {1} file failed; see the log.', synced, nf),
            other: vscode.l10n.t('{0} {1} files failed; see the log.', synced, nf),
          })
        : synced;
    services.log.info(text);
    if (nf > 0) void vscode.window.showWarningMessage(text, vscode.l10n.t('Show Log')).then((c) => c && services.log.show());
    else void vscode.window.showInformationMessage(text);
    return;
  }
  const cancelled = isOneFichierError(failure) && failure.kind === 'cancelled';
  const soFar = withRemoved
    ? vscode.l10n.t('So far: {0} uploaded, {1} replaced, {2} removed. The next sync does what is left.', uploaded, replaced, removed)
    : vscode.l10n.t('So far: {0} uploaded, {1} replaced. The next sync does what is left.', uploaded, replaced);
  if (cancelled) {
    services.log.info(`sync to ${remotePath} cancelled. ${soFar}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Sync cancelled. {0}', soFar));
    return;
  }
  reportError(services.log, 'Sync', failure);
  services.log.error(`sync to ${remotePath} stopped. ${soFar}`);
}
