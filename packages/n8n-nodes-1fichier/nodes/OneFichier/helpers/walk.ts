import type { FolderListing, OneFichierClient } from '@onefichier/core';

export interface WalkedFolder {
  id: number;
  /** '' for the root, else /A/B. */
  path: string;
  listing: FolderListing;
}

/**
 * The folders under `start`, breadth-first, nearest first: one folder/ls call each (1fichier allows one per
 * folder every 30 s; the core answers repeats inside that window from its cache), at most `maxFolders`.
 * Each folder id is walked once: a listing that names the folder itself or an ancestor adds nothing.
 */
export async function* walkFolders(
  client: OneFichierClient,
  start: { id: number; path: string },
  options: { maxFolders: number; includeFiles?: boolean; signal?: AbortSignal },
): AsyncGenerator<WalkedFolder> {
  const queue = [start];
  const queued = new Set([start.id]);
  let visited = 0;
  while (queue.length > 0 && visited < options.maxFolders) {
    const folder = queue.shift()!;
    visited++;
    const listing = await client.listFolder(folder.id, {
      ...(options.includeFiles ? { includeFiles: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    yield { ...folder, listing };
    for (const sub of listing.subFolders) {
      if (queued.has(sub.id)) continue;
      queued.add(sub.id);
      queue.push({ id: sub.id, path: `${folder.path}/${sub.name}` });
    }
  }
}
