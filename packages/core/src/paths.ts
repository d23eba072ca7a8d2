/**
 * The path helpers, built on the client's own endpoint methods (so they share its budgets and cache): resolve
 * a '/A/B' path to a folder id, create the missing folders (mkdir -p), find a file by name, and remove a
 * folder with everything in it. Names may repeat on 1fichier, so several matches are an `ambiguous` error,
 * never a guess.
 */
import { checkFolderId, invalidInput } from './checks';
import type { NameOptions } from './endpoints/files';
import { OneFichierError, rewordError } from './errors';
import { isShownAs } from './names';
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
    id = (await createFolderOrReuse(api, id, segment, opts)).folderId;
  }
  return id;
}

/** The folder creations running in this process, per client, by parent and name. */
const creations = new WeakMap<PathEndpoints, Map<string, Promise<{ folderId: number; created: boolean }>>>();

/**
 * Creates `name` in `parentId`, or returns the folder of that name that another client or process made
 * meanwhile (`created` false: it is not the caller's to clean up). One creation per parent and name at a
 * time (single flight): parallel callers share it instead of each asking the service, which would refuse
 * all but one with #731 (test/paths.test.ts); only the first caller is told it created the folder.
 */
export function createFolderOrReuse(
  api: PathEndpoints,
  parentId: number,
  name: string,
  opts: NameOptions,
): Promise<{ folderId: number; created: boolean }> {
  let running = creations.get(api);
  if (!running) creations.set(api, (running = new Map()));
  const key = JSON.stringify([parentId, name]);
  const shared = running.get(key);
  if (shared) return shared.then(({ folderId }) => ({ folderId, created: false }));
  const made = createOrReuse(api, parentId, name, opts).finally(() => running.delete(key));
  running.set(key, made);
  return made;
}

/** Creates the folder; when another client or process made it meanwhile (a refusal such as #731), the new listing has it. */
async function createOrReuse(
  api: PathEndpoints,
  parentId: number,
  name: string,
  opts: NameOptions,
): Promise<{ folderId: number; created: boolean }> {
  try {
    return { folderId: (await api.createFolder(name, parentId, opts)).folderId, created: true };
  } catch (e) {
    if (!(e instanceof OneFichierError && e.kind === 'conflict')) throw e;
    const existing = await findSubFolder(api, parentId, name, opts.signal);
    if (existing === undefined) throw e;
    return { folderId: existing, created: false };
  }
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
  const queued = new Set(queue); // each folder listed once, whatever a listing names
  for (let listed = 0; listed < MAX_PARENT_SEARCH_LISTINGS && queue.length > 0; listed++) {
    const id = queue.shift()!;
    const listing = await api.listFolder(id, opts.signal ? { signal: opts.signal } : {});
    if (listing.subFolders.some((f) => f.id === folderId && f.id !== id)) return id;
    for (const f of listing.subFolders) {
      if (queued.has(f.id)) continue;
      queued.add(f.id);
      queue.push(f.id);
    }
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
  const matches = listing.subFolders.filter((f) => isShownAs(name, f.name));
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
  const matches = listing.items.filter((i) => isShownAs(name, i.filename));
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

/**
 * How many listings in a row may show nothing new before a recursive remove gives up on a folder. Each one
 * waits for the folder's listing window, so files that linger after removal (the C# SDK's live-tested
 * b843b24 loop waits for them) have time to go.
 */
const MAX_IDLE_ROUNDS = 5;

/**
 * Deletes a folder with everything in it: files, sub-folders depth-first, then the folder. The service keeps
 * showing removed files for a while and refuses folder/rm until they are gone, and a listing stops at 5,000
 * items (evidence item 3), so each folder is listed again (within its listing budget) and emptied until
 * folder/rm accepts it; bounded by MAX_IDLE_ROUNDS listings that show nothing new. Each folder id is walked
 * once: a listing that names the folder itself or an ancestor as a sub-folder cannot make the walk endless.
 */
export async function removeFolderRecursive(
  api: PathEndpoints,
  folderId: number,
  opts: RemoveRecursiveOptions,
): Promise<{ files: number; folders: number }> {
  checkFolderId(folderId, 'folderId');
  if (folderId === 0) throw invalidInput('Refusing to remove the root folder (id 0) recursively.');
  const removed = new Set<string>();
  const entered = new Set<number>([folderId]);
  let folders = 0;
  const call = opts.signal ? { signal: opts.signal } : {};
  const walk = async (id: number, isTop: boolean): Promise<void> => {
    for (let idle = 0; ; ) {
      let listing: FolderListing;
      try {
        listing = await api.listFolder(id, { includeFiles: true, ...call });
      } catch (e) {
        // A sub-folder that is already gone (listed before it was removed) is what we wanted.
        if (!isTop && e instanceof OneFichierError && e.kind === 'not_found') return;
        throw e;
      }
      const urls = (listing.items ?? []).map((i) => i.url);
      const fresh = urls.filter((u) => !removed.has(u));
      await removeListed(api, urls, call);
      for (const u of fresh) {
        removed.add(u);
        opts.onRemoved?.({ kind: 'file', id: u });
      }
      const subs = listing.subFolders.filter((sub) => !entered.has(sub.id));
      for (const sub of subs) {
        entered.add(sub.id);
        await walk(sub.id, false);
      }
      try {
        await api.removeFolder(id, call);
        folders++;
        opts.onRemoved?.({ kind: 'folder', id: String(id) });
        return;
      } catch (e) {
        if (!(e instanceof OneFichierError && e.kind === 'conflict')) throw e;
        idle = fresh.length > 0 || subs.length > 0 ? 0 : idle + 1;
        if (idle >= MAX_IDLE_ROUNDS) {
          throw rewordError(e, {
            message: `${e.message} (folder ${id} still not empty after ${MAX_IDLE_ROUNDS} listings that showed nothing more to remove)`,
            hint: 'Files that were just uploaded or removed may take a while to show or go: try again in a few minutes.',
          });
        }
      }
    }
  };
  await walk(folderId, true);
  return { files: removed.size, folders };
}

/**
 * Removes the listed files, 100 per call. A file that is already gone (removed before, still listed) is fine;
 * file/rm is all or nothing, so a batch refused for one such file is removed again one file at a time.
 */
async function removeListed(api: PathEndpoints, urls: string[], call: CallOptions): Promise<void> {
  const removeGone = async (batch: string[]): Promise<boolean> => {
    try {
      await api.removeFiles(batch, call);
      return true;
    } catch (e) {
      if (!(e instanceof OneFichierError && e.kind === 'not_found')) throw e;
      return false;
    }
  };
  for (let i = 0; i < urls.length; i += 100) {
    const batch = urls.slice(i, i + 100);
    if (!(await removeGone(batch)) && batch.length > 1) for (const url of batch) await removeGone([url]);
  }
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
