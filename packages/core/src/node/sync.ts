/**
 * Folder sync from the file system: walk a local folder (files, empty folders, what cannot be read), then plan
 * the sync with the pure planner (sync/plan.ts) and run it (sync/execute.ts). Symbolic links to files are
 * followed; links to folders are not, so a link loop cannot make an endless walk.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { OneFichierError, throwIfAborted } from '../errors';
import { planSync, type PlanSyncOptions } from '../sync/plan';
import type { SyncEndpoints } from '../sync/remote';
import type { LocalTree, SyncPlan } from '../sync/types';
import { statedFileSource } from './files';

/** Every file and folder under `root` (paths relative to it, '/'-separated), with what was left out and why. */
export async function scanLocalFolder(root: string, opts: { signal?: AbortSignal } = {}): Promise<LocalTree> {
  const tree: LocalTree = { files: [], folders: [], skipped: [] };
  const rootStat = await fsp.stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new OneFichierError({
      kind: rootStat ? 'invalid_input' : 'not_found',
      message: rootStat ? `${root} is not a folder.` : `Local folder not found: ${root}`,
      hint: 'Pick a local folder to sync.',
    });
  }
  const walk = async (dir: string, rel: string): Promise<void> => {
    throwIfAborted(opts.signal);
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (rel === '') throw e;
      tree.skipped.push({ path: rel, reason: readProblem(e) });
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
        tree.skipped.push({ path, reason: 'not a regular file' });
        continue;
      }
      let stat;
      try {
        stat = await fsp.stat(full);
      } catch (e) {
        tree.skipped.push({ path, reason: readProblem(e) });
        continue;
      }
      if (!stat.isFile()) tree.skipped.push({ path, reason: 'a link to a folder is not followed' });
      else
        tree.files.push({
          dir: rel,
          name: entry.name,
          size: stat.size,
          source: statedFileSource(full, entry.name, stat.size, stat.mtimeMs),
        });
    }
  };
  await walk(root, '');
  return tree;
}

export interface FolderSyncOptions extends PlanSyncOptions {
  /** The local folder whose contents the remote target mirrors. */
  localDir: string;
}

/** Walks `localDir` and plans its sync to the target (nothing changes yet: run it with runSyncPlan). */
export async function planFolderSync(api: SyncEndpoints, opts: FolderSyncOptions): Promise<SyncPlan> {
  const { localDir, ...planOptions } = opts;
  const local = await scanLocalFolder(localDir, opts.signal ? { signal: opts.signal } : {});
  return planSync(api, local, planOptions);
}

function readProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? `cannot be read (${code})` : e instanceof Error ? e.message : String(e);
}
