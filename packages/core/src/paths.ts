/**
 * The path helpers, built on the client's own endpoint methods (so they share its budgets and cache): resolve
 * a '/A/B' path to a folder id, create the missing folders (mkdir -p), find a file by name, and remove a
 * folder with everything in it. Names may repeat on 1fichier, so several matches are an `ambiguous` error,
 * never a guess.
 */
import { checkFolderId, invalidInput } from './checks';
import type { NameOptions } from './endpoints/files';
import { OneFichierError } from './errors';
import type {
  CallOptions,
  CreatedFolder,
  FileItem,
  FileListing,
  FileToRemove,
  FolderListing,
  ListFilesOptions,
  ListFolderOptions,
  RemoveFilesResult,
} from './types';

/** The endpoint methods of OneFichierClient the path helpers use. */
export interface PathEndpoints {
  listFolder(folderId: number, opts?: ListFolderOptions): Promise<FolderListing>;
  listFiles(opts?: ListFilesOptions): Promise<FileListing>;
  createFolder(name: string, parentId?: number, opts?: NameOptions): Promise<CreatedFolder>;
  removeFiles(files: (string | FileToRemove)[], opts?: CallOptions): Promise<RemoveFilesResult>;
  removeFolder(folderId: number, opts?: CallOptions): Promise<void>;
}

/** '/Backups/2026' → folder id (0 for '/'). Throws not_found or ambiguous (duplicate folder names). */
export async function resolveFolderPath(api: PathEndpoints, path: string, opts: CallOptions): Promise<number> {
  let id = 0;
  for (const segment of splitPath(path)) {
    const child = await findSubFolder(api, id, segment, opts.signal);
    if (child === undefined) {
      throw new OneFichierError({
        kind: 'not_found',
        message: `Folder "${segment}" not found in ${describeFolder(path, segment)}.`,
        hint: 'Check the path (names are case-sensitive), or create the missing folder first.',
      });
    }
    id = child;
  }
  return id;
}

/** mkdir -p: resolves the path, creating the missing folders; returns the last folder's id. */
export async function ensureFolderPath(api: PathEndpoints, path: string, opts: NameOptions): Promise<number> {
  let id = 0;
  let creating = false;
  for (const segment of splitPath(path)) {
    const child = creating ? undefined : await findSubFolder(api, id, segment, opts.signal);
    if (child !== undefined) {
      id = child;
      continue;
    }
    // Once one level was created, the levels below cannot exist yet: no need to list them.
    creating = true;
    id = (await api.createFolder(segment, id, opts)).folderId;
  }
  return id;
}

/** How many folders findParentFolder lists at most before asking for the parent. */
const MAX_PARENT_SEARCH_LISTINGS = 100;

/**
 * The folder that holds `folderId`, looked for breadth-first from the root (the service has no "parent of"
 * call; listings are shared with the cache and paced). Bounded: a large account gets a clear error instead.
 */
export async function findParentFolder(api: PathEndpoints, folderId: number, opts: CallOptions): Promise<number> {
  checkFolderId(folderId, 'folderId');
  if (folderId === 0) throw invalidInput('The root folder (id 0) has no parent.');
  const queue = [0];
  for (let listed = 0; listed < MAX_PARENT_SEARCH_LISTINGS && queue.length > 0; listed++) {
    const id = queue.shift()!;
    const listing = await api.listFolder(id, opts.signal ? { signal: opts.signal } : {});
    if (listing.subFolders.some((f) => f.id === folderId)) return id;
    queue.push(...listing.subFolders.map((f) => f.id));
  }
  throw new OneFichierError({
    kind: queue.length > 0 ? 'invalid_input' : 'not_found',
    message:
      queue.length > 0
        ? `Folder ${folderId} was not found in the first ${MAX_PARENT_SEARCH_LISTINGS} folders of the account.`
        : `Folder ${folderId} was not found in the account.`,
    hint: queue.length > 0 ? 'Give the folder that contains it (its parent) as well.' : 'Check the folder id; it may have been removed.',
  });
}

async function findSubFolder(api: PathEndpoints, parentId: number, name: string, signal?: AbortSignal): Promise<number | undefined> {
  const listing = await api.listFolder(parentId, signal ? { signal } : {});
  const matches = listing.subFolders.filter((f) => f.name === name);
  if (matches.length > 1) {
    throw new OneFichierError({
      kind: 'ambiguous',
      message: `${matches.length} folders are named "${name}" in folder ${parentId} (ids ${matches.map((m) => m.id).join(', ')}).`,
      hint: 'Use the folder id instead of the path, or rename one of them.',
      details: { folderIds: matches.map((m) => m.id) },
    });
  }
  return matches[0]?.id;
}

/** The file named `name` in a folder; names may repeat on 1fichier, so several matches are an `ambiguous` error. */
export async function findFileByName(api: PathEndpoints, folderId: number, name: string, opts: CallOptions): Promise<FileItem> {
  if (typeof name !== 'string' || name === '') throw invalidInput('findFileByName needs a file name.');
  const listing = await api.listFiles({ folderId, ...(opts.signal ? { signal: opts.signal } : {}) });
  const matches = listing.items.filter((i) => i.filename === name);
  if (matches.length === 0)
    throw new OneFichierError({
      kind: 'not_found',
      message: `No file named "${name}" in folder ${folderId}.`,
      hint: 'Check the name (case-sensitive) and the folder.',
    });
  if (matches.length > 1) {
    throw new OneFichierError({
      kind: 'ambiguous',
      message: `${matches.length} files are named "${name}" in folder ${folderId}: ${matches.map((m) => `${m.url} (${m.size} bytes, ${m.date})`).join('; ')}.`,
      hint: '1fichier allows duplicate names: pick the file by its URL.',
      details: { urls: matches.map((m) => m.url) },
    });
  }
  return matches[0]!;
}

export type RemoveRecursiveOptions = CallOptions & { onRemoved?: (what: { kind: 'file' | 'folder'; id: string }) => void };

/** Deletes a folder with everything in it (files first, then sub-folders depth-first, then the folder). */
export async function removeFolderRecursive(
  api: PathEndpoints,
  folderId: number,
  opts: RemoveRecursiveOptions,
): Promise<{ files: number; folders: number }> {
  checkFolderId(folderId, 'folderId');
  if (folderId === 0) throw invalidInput('Refusing to remove the root folder (id 0) recursively.');
  const counts = { files: 0, folders: 0 };
  const call = opts.signal ? { signal: opts.signal } : {};
  const walk = async (id: number): Promise<void> => {
    const listing = await api.listFolder(id, { includeFiles: true, ...call });
    const urls = (listing.items ?? []).map((i) => i.url);
    for (let i = 0; i < urls.length; i += 100) {
      const batch = urls.slice(i, i + 100);
      await api.removeFiles(batch, call);
      counts.files += batch.length;
      batch.forEach((u) => opts.onRemoved?.({ kind: 'file', id: u }));
    }
    for (const sub of listing.subFolders) await walk(sub.id);
    await api.removeFolder(id, call);
    counts.folders++;
    opts.onRemoved?.({ kind: 'folder', id: String(id) });
  };
  await walk(folderId);
  return counts;
}

function splitPath(path: string): string[] {
  if (typeof path !== 'string') throw invalidInput('A folder path must be a string such as /Backups/2026.');
  const parts = path.split('/').filter((p) => p !== '');
  for (const p of parts) if (p === '.' || p === '..') throw invalidInput(`"${path}": "." and ".." are not supported in 1fichier paths.`);
  return parts;
}

function describeFolder(path: string, segment: string): string {
  const parts = splitPath(path);
  const parent = parts.slice(0, parts.indexOf(segment)).join('/');
  return parent ? `/${parent}` : 'the root folder';
}
