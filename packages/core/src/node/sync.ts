/**
 * Folder sync from the file system: walk a local folder (files, empty folders, what cannot be read), then plan
 * the sync with the pure planner (sync/plan.ts) and run it (sync/execute.ts). Symbolic links to files inside
 * the folder are followed; links that lead out of it are skipped with the reason unless `followLinksOutside`
 * (links.ts); links to folders are never followed, so a link loop cannot make an endless walk.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { OneFichierError, throwIfAborted } from '../errors';
import { skippedFor, unreadableReason } from '../reasons';
import { planSync, type PlanSyncOptions } from '../sync/plan';
import type { SyncEndpoints } from '../sync/remote';
import type { LocalTree, SyncPlan } from '../sync/types';
import { statedFileSource } from './files';
import { resolveLink } from './links';

export interface ScanOptions {
  signal?: AbortSignal;
  /** Read links to files outside the folder as those files (rclone's -L); default false: they are skipped. */
  followLinksOutside?: boolean;
}

/** Every file and folder under `root` (paths relative to it, '/'-separated), with what was left out and why. */
export async function scanLocalFolder(root: string, opts: ScanOptions = {}): Promise<LocalTree> {
  const tree: LocalTree = { files: [], folders: [], skipped: [] };
  const rootStat = await fsp.stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new OneFichierError({
      kind: rootStat ? 'invalid_input' : 'not_found',
      message: rootStat ? `${root} is not a folder.` : `Local folder not found: ${root}`,
      hint: 'Pick a local folder to sync.',
    });
  }
  let realRoot: string | undefined;
  const walk = async (dir: string, rel: string): Promise<void> => {
    throwIfAborted(opts.signal);
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (rel === '') throw e;
      tree.skipped.push(skippedFor({ path: rel }, unreadableReason(e)));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        tree.folders.push(path);
        await walk(full, path);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) {
        tree.skipped.push(skippedFor({ path }, { code: 'not_regular_file' }));
        continue;
      }
      let stat;
      try {
        stat = await fsp.stat(full);
      } catch (e) {
        tree.skipped.push(skippedFor({ path }, unreadableReason(e)));
        continue;
      }
      if (!stat.isFile()) {
        tree.skipped.push(skippedFor({ path }, { code: 'folder_link', orBroken: false }));
        continue;
      }
      let read = full;
      let linkTarget: string | undefined;
      if (entry.isSymbolicLink()) {
        const link = await resolveLink(full, (realRoot ??= await fsp.realpath(root))).catch(() => undefined);
        if (!link) {
          tree.skipped.push(skippedFor({ path }, { code: 'link_unresolved' }));
          continue;
        }
        if (!link.inside && !opts.followLinksOutside) {
          tree.skipped.push(skippedFor({ path }, { code: 'link_outside', target: link.target, root: 'synced' }));
          continue;
        }
        // The file the plan measured is the one read, even if the link is pointed elsewhere meanwhile.
        read = link.target;
        linkTarget = link.target;
      }
      tree.files.push({
        dir: rel,
        name: entry.name,
        size: stat.size,
        source: statedFileSource(read, entry.name, stat.size, stat.mtimeMs),
        ...(linkTarget ? { linkTarget } : {}),
      });
    }
  };
  await walk(root, '');
  return tree;
}

export interface FolderSyncOptions extends PlanSyncOptions {
  /** The local folder whose contents the remote target mirrors. */
  localDir: string;
  /** Upload what links to files outside `localDir` point to (rclone's -L); default false: they are skipped with the reason. */
  followLinksOutside?: boolean;
}

/** Walks `localDir` and plans its sync to the target (nothing changes yet: run it with runSyncPlan). */
export async function planFolderSync(api: SyncEndpoints, opts: FolderSyncOptions): Promise<SyncPlan> {
  const { localDir, followLinksOutside, ...planOptions } = opts;
  const local = await scanLocalFolder(localDir, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(followLinksOutside ? { followLinksOutside } : {}),
  });
  return planSync(api, local, planOptions);
}
