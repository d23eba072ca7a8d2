/** Shared by every upload entry point: local paths (or ready sources) + a target folder → a queued job. */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { sharedStoredNames, storedFileName, type ReservedNamePolicy } from '@onefichier/core';
import { UserError } from '../errors';
import { joinPath, plural } from '../format';
import { closeTabsOf } from '../fs/tabs';
import type { Services } from '../services';
import type { FolderNode } from '../tree/nodes';
import { folderTarget } from '../commands/targets';
import { collectLocalItems } from './local';
import type { LocalUploadItem, SkippedItem, UploadOutcome } from './queue';
import { runUploadJob } from './run';

let lastTargetId: number | undefined;

/**
 * Where an upload's folder picker opens: the folder selected in the 1fichier view (a selected file's
 * folder), else the folder this window uploaded to last, else the root.
 */
export function uploadPickerStart(services: Services): FolderNode {
  const selected = services.treeView?.selection[0];
  if (selected?.type === 'file' || selected?.type === 'folder') return folderTarget(services, selected);
  return (lastTargetId !== undefined && services.storage.folderById(lastTargetId)) || services.storage.root;
}

export async function uploadPaths(services: Services, paths: readonly string[], target: FolderNode): Promise<UploadOutcome | undefined> {
  if (paths.length === 0) throw new UserError('Nothing to upload.', 'Pick at least one file or folder.');
  await services.api.client(); // fails early (with the "Set API Key" button) before walking folders
  const backend = services.api.getBackend();
  const { items, skipped } = await collectLocalItems(paths, (p, name) => backend.localFileSource(p, name), backend);
  const label = paths.length === 1 ? basename(paths[0] as string) : plural(paths.length, 'item');
  lastTargetId = target.id;
  return uploadWithConflicts(services, items, target, label, skipped);
}

export async function uploadItems(
  services: Services,
  items: LocalUploadItem[],
  target: FolderNode,
  label: string,
): Promise<UploadOutcome | undefined> {
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
      refused.push({
        localPath: item.localPath,
        reason: `${others.length === 1 ? 'another picked file' : plural(others.length, 'other picked file')}, ${others.join(', ')}, would also be stored as "${group.stored}" in ${where}: rename one, or upload them one at a time`,
      });
    }
  }
  return { items: items.filter((i) => out.has(i)), refused };
}

const REPLACE = 'Replace';
const KEEP_BOTH = 'Keep Both';
const SKIP = 'Skip Them';

/**
 * 1fichier keeps two files of the same name side by side (which breaks sync tools and confuses people),
 * so files that already exist in the target folder are the user's call: replace them (the new file is
 * uploaded first, the old one removed only after that succeeded), keep both, or skip them.
 */
async function uploadWithConflicts(
  services: Services,
  items: LocalUploadItem[],
  target: FolderNode,
  label: string,
  skipped: SkippedItem[],
): Promise<UploadOutcome | undefined> {
  const shared = withoutSharedNames(items, target, services.api.namePolicy());
  items = shared.items;
  skipped = [...skipped, ...shared.refused];
  const existing = await services.storage.files(target);
  const byName = new Map(existing.map((f) => [f.file.filename, f.file.url]));
  const sizeOf = new Map(existing.map((f) => [f.file.url, f.file.size]));
  const clashing = items.filter((i) => i.relativeDir.length === 0 && byName.has(i.source.name));
  let replace: string[] = [];
  let toSend = items;
  if (clashing.length > 0) {
    const names = clashing.map((i) => i.source.name);
    const choice = await vscode.window.showWarningMessage(
      clashing.length === 1
        ? `${names[0]} already exists in ${target.path}.`
        : `${clashing.length} files already exist in ${target.path}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}.`,
      {
        modal: true,
        detail:
          '1fichier can keep two files with the same name; replacing uploads the new file first and removes the old one only once the upload succeeded. Replacing gives the file a new link: links to the old one stop working.',
      },
      REPLACE,
      KEEP_BOTH,
      SKIP,
    );
    if (!choice) return undefined;
    if (choice === SKIP) toSend = items.filter((i) => !clashing.includes(i));
    if (choice === REPLACE) replace = names;
  }
  const outcome = await runUploadJob(services, { target: { id: target.id, path: target.path }, items: toSend, skipped }, label);
  const done = new Set(outcome.uploaded.filter((u) => u.folderId === target.id).map((u) => u.file.filename));
  const old = replace.filter((n) => done.has(n)).map((n) => byName.get(n) as string);
  if (old.length > 0) {
    try {
      await (await services.api.client()).removeFiles(old);
      services.storage.removeFiles(old);
      await recordReplaced(services, outcome, target, replace, byName);
      await closeTabsOf(old);
      await services.account?.changed(-old.reduce((sum, url) => sum + (sizeOf.get(url) ?? 0), 0));
      services.log.info(`replaced ${plural(old.length, 'file')} in ${target.path}`);
    } catch (e) {
      services.log.error(`the new files were uploaded but the old ones could not be removed: ${(e as Error).message}`);
      void vscode.window.showWarningMessage(
        `The new files were uploaded to ${target.path}, but the old copies could not be removed; delete them from the 1fichier view.`,
      );
    }
  }
  return outcome;
}

/** Records each replaced file's old → new link, so the language server can offer the new link on a dead one. */
async function recordReplaced(
  services: Services,
  outcome: UploadOutcome,
  target: FolderNode,
  replaced: string[],
  oldUrlOf: Map<string, string>,
): Promise<void> {
  const replacedAt = new Date().toISOString();
  const links = outcome.uploaded
    .filter((u) => u.folderId === target.id && replaced.includes(u.file.filename) && oldUrlOf.has(u.file.filename))
    .map((u) => ({
      oldUrl: oldUrlOf.get(u.file.filename) as string,
      newUrl: u.file.url,
      filename: u.file.filename,
      folderId: target.id,
      replacedAt,
    }));
  await services.api
    .getBackend()
    .replacedLinks((m) => services.log.warn(m))
    .record(links);
}
