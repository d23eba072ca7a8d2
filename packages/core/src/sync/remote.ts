/**
 * The remote side of a sync: a folder tree read with one `folder/ls.cgi` (files included) per folder, the
 * listing budget every folder allows (docs/api-notes.md#rate-limits-and-budgets). Only the folders the caller
 * wants are walked, so a sync that removes nothing never lists remote folders it has no use for.
 */
import { decodeFileName } from '../names';
import type { CallOptions, CreatedFolder, FolderListing, ListFolderOptions, RemoveFilesResult, ReservedNamePolicy } from '../types';
import type { FileToRemove, UploadedFile, UploadOptions, UploadSource } from '../types';
import type { NameOptions } from '../endpoints/files';
import type { ListedEvent, RemoteFolder, RemoteTree } from './types';

/** The client methods a sync uses (OneFichierClient has them all). */
export interface SyncEndpoints {
  listFolder(folderId: number, opts?: ListFolderOptions): Promise<FolderListing>;
  createFolder(name: string, parentId?: number, opts?: NameOptions): Promise<CreatedFolder>;
  upload(sources: UploadSource | UploadSource[], opts?: UploadOptions): Promise<UploadedFile[]>;
  removeFiles(files: (string | FileToRemove)[], opts?: CallOptions): Promise<RemoveFilesResult>;
  removeFolder(folderId: number, opts?: CallOptions): Promise<void>;
  /** The client's reserved-name policy, which a sync follows unless told otherwise. */
  readonly reservedNames: ReservedNamePolicy;
}

/** A stored path one level down ('' is the root). */
export function childPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

export interface RemoteWalk extends CallOptions {
  /** Whether to list the folder at this stored path (the root is always listed). */
  descend(storedPath: string): boolean;
  emit?: (e: ListedEvent) => void;
}

/**
 * Lists `rootId` and, breadth first, every sub-folder `descend` asks for: one listing each. A name used by
 * several sub-folders of one parent is recorded as ambiguous and not walked (which one is meant cannot be
 * known); a stored name holding '/' cannot stand for a local folder and is not walked either. Each folder id
 * is walked once: a listing that names a folder already in the walk (itself, an ancestor) is recorded in
 * `loops`, so such a listing cannot make the walk endless.
 */
export async function loadRemoteTree(api: Pick<SyncEndpoints, 'listFolder'>, rootId: number, walk: RemoteWalk): Promise<RemoteTree> {
  const tree: RemoteTree = { rootId, folders: new Map(), ambiguous: new Map(), loops: new Map(), listings: 0 };
  const queue: { id: number; storedPath: string; path: string }[] = [{ id: rootId, storedPath: '', path: '' }];
  const walked = new Map<number, string>([[rootId, '']]); // folder id → the stored path it is walked at
  for (let next = queue.shift(); next; next = queue.shift()) {
    const listing = await api.listFolder(next.id, { includeFiles: true, ...(walk.signal ? { signal: walk.signal } : {}) });
    tree.listings++;
    const files = listing.items ?? [];
    const folder: RemoteFolder = {
      ...next,
      files,
      subFolders: listing.subFolders,
      incomplete: files.length < listing.fileCount,
    };
    tree.folders.set(next.storedPath, folder);
    walk.emit?.({
      type: 'listed',
      path: next.path,
      listings: tree.listings,
      message: `Listed ${next.path === '' ? 'the folder' : next.path} on 1fichier (${files.length} files, ${listing.subFolders.length} folders).`,
    });
    const byName = new Map<string, number[]>();
    for (const sub of listing.subFolders) byName.set(sub.name, [...(byName.get(sub.name) ?? []), sub.id]);
    for (const [name, ids] of byName) {
      if (name.includes('/')) continue;
      const storedPath = childPath(next.storedPath, name);
      const id = ids[0] as number;
      if (ids.length > 1) tree.ambiguous.set(storedPath, ids);
      else if (walked.has(id)) tree.loops.set(storedPath, { id, storedPath: walked.get(id) as string });
      else if (walk.descend(storedPath)) {
        walked.set(id, storedPath);
        queue.push({ id, storedPath, path: childPath(next.path, decodeFileName(name)) });
      }
    }
  }
  return tree;
}
