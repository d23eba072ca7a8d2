/** Shared by every upload entry point: local paths (or ready sources) + a target folder → a queued job. */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { sharedStoredNames, skippedFor, storedFileName, type IfExists, type ReservedNamePolicy } from '@onefichier/core';
import type { ApiService } from '../api';
import { UserError } from '../errors';
import { englishCount, joinPath } from '../format';
import { plural } from '../locale';
import { closeTabsOf } from '../fs/tabs';
import type { AccountStatus } from '../statusBar';
import type { StorageModel } from '../tree/model';
import type { FolderNode, StorageNode } from '../tree/nodes';
import { collectLocalItems } from './local';
import type { ChooseIfExists, LocalUploadItem, SkippedItem, UploadOutcome } from './queue';
import { runUploadJob, type JobServices } from './run';

/** What an upload uses of the extension's services. */
export interface UploadServices extends JobServices {
  api: Pick<ApiService, 'client' | 'getBackend' | 'namePolicy' | 'onClientEvent'>;
  storage: Pick<StorageModel, 'root' | 'folderById' | 'folderOf' | 'removeFiles'>;
  treeView?: Pick<vscode.TreeView<StorageNode>, 'selection'> | undefined;
  account?: Pick<AccountStatus, 'changed'> | undefined;
}

let lastTargetId: number | undefined;

/**
 * Where an upload's folder picker opens: the folder selected in the 1fichier view (a selected file's
 * folder), else the folder this window uploaded to last, else the root.
 */
export function uploadPickerStart(services: UploadServices): FolderNode {
  const selected = services.treeView?.selection[0];
  if (selected?.type === 'file' || selected?.type === 'folder') return services.storage.folderOf(selected);
  return (lastTargetId !== undefined && services.storage.folderById(lastTargetId)) || services.storage.root;
}

export async function uploadPaths(services: UploadServices, paths: readonly string[], target: FolderNode): Promise<UploadOutcome> {
  if (paths.length === 0) throw new UserError(vscode.l10n.t('Nothing to upload.'), vscode.l10n.t('Pick at least one file or folder.'));
  await services.api.client(); // fails early (with the "Set API Key" button) before walking folders
  const backend = services.api.getBackend();
  const { items, skipped } = await collectLocalItems(paths, (p, name) => backend.localFileSource(p, name), backend);
  const n = paths.length;
  // A name or a count, read inside "Uploading {0} to 1fichier {1}" (upload/run.ts).
  const label =
    n === 1 ? basename(paths[0] as string) : plural(n, { one: vscode.l10n.t('{0} item', n), other: vscode.l10n.t('{0} items', n) });
  lastTargetId = target.id;
  return uploadWithConflicts(services, items, target, label, skipped);
}

export async function uploadItems(
  services: UploadServices,
  items: LocalUploadItem[],
  target: FolderNode,
  label: string,
): Promise<UploadOutcome> {
  return uploadWithConflicts(services, items, target, label, []);
}

/**
 * Picked files that would be stored under one name in one folder (from different local folders, or names
 * that differ only by a reserved character) would stand side by side or, replacing, undo each other: none of
 * them is uploaded, and each says which other file it clashes with (the core's sharedStoredNames).
 */
function withoutSharedNames(
  items: LocalUploadItem[],
  target: FolderNode,
  policy: ReservedNamePolicy,
): { items: LocalUploadItem[]; refused: SkippedItem[] } {
  const dirOf = (i: LocalUploadItem) => i.relativeDir.map((d) => storedFileName(d, policy) ?? d).join('/');
  const refused: SkippedItem[] = [];
  const out = new Set(items);
  for (const group of sharedStoredNames(
    items.map((i) => ({ folder: dirOf(i), name: i.source.name })),
    policy,
  )) {
    const members = group.indexes.map((n) => items[n] as LocalUploadItem);
    const where = group.folder === '' ? target.path : joinPath(target.path, String(group.folder));
    for (const item of members) {
      const others = members.filter((m) => m !== item).map((m) => m.localPath);
      out.delete(item);
      refused.push(
        skippedFor({ localPath: item.localPath }, { code: 'same_stored_name', others, stored: group.stored, picked: true, folder: where }),
      );
    }
  }
  return { items: items.filter((i) => out.has(i)), refused };
}

/**
 * 1fichier keeps two files of the same name side by side (which breaks sync tools and confuses people), so
 * files whose name is already taken in their folder, at the top or in a sub-folder, are the user's call,
 * asked once per upload when the job meets the first: replace them, keep both, or skip them.
 */
function askIfExists(target: FolderNode): ChooseIfExists {
  return async (existing) => {
    const prefix = joinPath(target.path, '');
    const relative = existing.map((e) => (e.remotePath.startsWith(prefix) ? e.remotePath.slice(prefix.length) : e.remotePath));
    const first = existing[0]?.remotePath ?? '';
    const inSubFolders = relative.some((r) => r.includes('/'));
    const REPLACE = vscode.l10n.t('Replace');
    const KEEP_BOTH = vscode.l10n.t('Keep Both');
    const SKIP = vscode.l10n.t('Skip Them');
    const CHOICES: Record<string, IfExists> = { [REPLACE]: 'replace', [KEEP_BOTH]: 'keepBoth', [SKIP]: 'skip' };
    const list = `${relative.slice(0, 5).join(', ')}${relative.length > 5 ? ', ...' : ''}`;
    const choice = await vscode.window.showWarningMessage(
      existing.length === 1
        ? vscode.l10n.t(
            '{0} already exists in {1}.',
            first.slice(first.lastIndexOf('/') + 1),
            first.slice(0, first.lastIndexOf('/')) || '/',
          )
        : inSubFolders
          ? vscode.l10n.t('{0} files already exist in {1} and its sub-folders: {2}.', existing.length, target.path, list)
          : vscode.l10n.t('{0} files already exist in {1}: {2}.', existing.length, target.path, list),
      {
        modal: true,
        detail: vscode.l10n.t(
          '1fichier can keep two files with the same name; replacing uploads the new file first and removes the old one only once the upload succeeded. Replacing gives the file a new link: links to the old one stop working. The choice applies to every file of this upload.',
        ),
      },
      REPLACE,
      KEEP_BOTH,
      SKIP,
    );
    return choice ? CHOICES[choice] : undefined;
  };
}

/** Uploads the items (a name taken in its folder is asked about), then brings the tree and the editor up to date. */
async function uploadWithConflicts(
  services: UploadServices,
  items: LocalUploadItem[],
  target: FolderNode,
  label: string,
  skipped: SkippedItem[],
): Promise<UploadOutcome> {
  const shared = withoutSharedNames(items, target, services.api.namePolicy());
  const outcome = await runUploadJob(
    services,
    {
      target: { id: target.id, path: target.path },
      items: shared.items,
      skipped: [...skipped, ...shared.refused],
      ifExists: askIfExists(target),
      // The language server offers a replaced file's new link on its dead one from this record.
      replacedLinks: services.api.getBackend().replacedLinks((m) => services.log.warn(m)),
    },
    label,
  );
  const replaced = outcome.uploaded.flatMap((u) => u.replaced);
  if (replaced.length > 0) {
    const old = replaced.map((r) => r.url);
    services.storage.removeFiles(old);
    await closeTabsOf(old);
    await services.account?.changed(-replaced.reduce((sum, r) => sum + r.size, 0));
    services.log.info(`replaced ${englishCount(replaced.length, 'file')} under ${target.path}`);
  }
  return outcome;
}
