/** The folder endpoints: listing, create, remove, move, rename, share (docs/api-notes.md#folders). */
import { checkFolderId, invalidInput } from '../checks';
import type { ClientContext } from '../context';
import { OneFichierError } from '../errors';
import { missingObjectError, folderObject } from '../missing';
import { checkName, shownName } from '../names';
import * as P from '../parse';
import type { CallOptions, CreatedFolder, FolderListing, FolderMoveResult, ListFolderOptions, ShareFolderOptions } from '../types';
import type { NameOptions } from './files';
import { changeOnce } from './reconcile';

type Json = P.Json;
/** The folder that holds the renamed one: it is sent as the destination, so the folder stays where it is. */
export type RenameFolderOptions = NameOptions & { parentId?: number };

/** folder/ls.cgi: a folder's sub-folders (and its files with includeFiles, in the same call). */
export async function listFolder(c: ClientContext, folderId: number, opts: ListFolderOptions): Promise<FolderListing> {
  checkFolderId(folderId, 'folderId');
  const includeFiles = opts.includeFiles === true;
  const payload: Json = { folder_id: folderId };
  if (includeFiles) payload.files = 1;
  if (opts.sharingUser !== undefined) payload.sharing_user = opts.sharingUser;
  const shape = (files: boolean) => JSON.stringify({ files, sharingUser: opts.sharingUser ?? null });
  const variant = shape(includeFiles);
  // A cached answer with files also serves a request without them.
  const accepts = (v: string) => v === variant || (!includeFiles && v === shape(true));
  let listing: FolderListing;
  try {
    listing = await c.budgets.within(
      'folder/ls.cgi',
      { folderId },
      { variant, accepts },
      async (sent) => P.parseFolderListing(await c.call('folder/ls.cgi', payload, opts.signal, {}, sent), includeFiles),
      opts.signal,
    );
  } catch (e) {
    throw missingObjectError(e, folderObject(folderId));
  }
  if (!includeFiles) delete listing.items;
  return listing;
}

/** folder/mkdir.cgi; after a lost answer the parent's listing shows whether the folder exists. */
export async function createFolder(c: ClientContext, name: string, parentId: number, opts: NameOptions): Promise<CreatedFolder> {
  checkFolderId(parentId, 'parentId');
  const sent = checkName(name, c.namePolicy(opts), 'folder name');
  const call = {
    endpoint: 'folder/mkdir.cgi' as const,
    payload: { name: sent, folder_id: parentId },
    scope: { parentId },
    signal: opts.signal,
  };
  try {
    return await changeOnce(c, call, (json) => P.parseCreatedFolder(json, sent), {
      look: async () => {
        const found = await subFolderNamed(c, parentId, sent, opts.signal);
        return found && { folderId: found.id, name: found.name };
      },
      whatToCheck: `Check whether folder "${sent}" exists in folder ${parentId} before creating it again.`,
    });
  } catch (e) {
    // "Already exists" (#731) shows the parent holds a folder its cached listing may not show yet.
    if (e instanceof OneFichierError && e.kind === 'conflict') c.budgets.changed('folder/mkdir.cgi', { parentId });
    throw e;
  }
}

/** folder/rm.cgi; after a lost answer it is sent again, and "not found" then means the folder was removed. */
export async function removeFolder(c: ClientContext, folderId: number, opts: CallOptions): Promise<void> {
  checkFolderId(folderId, 'folderId');
  if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be removed.');
  const call = { endpoint: 'folder/rm.cgi' as const, payload: { folder_id: folderId }, scope: { folderId }, signal: opts.signal };
  try {
    await changeOnce(c, call, () => true, {
      resend: (e) => (e.kind === 'not_found' ? true : undefined),
      whatToCheck: `Check whether folder ${folderId} still exists before removing it again.`,
    });
  } catch (e) {
    // "Not empty" shows the folder holds files its cached listing may not show (new, or removed and lingering).
    if (e instanceof OneFichierError && e.kind === 'conflict') c.budgets.changed('folder/rm.cgi', { folderId });
    throw e;
  }
}

/** folder/mv.cgi as rclone sends it: destination_folder_id omitted for the root, destination_user always "". */
export async function moveFolder(c: ClientContext, folderId: number, destinationId: number, opts: CallOptions): Promise<FolderMoveResult> {
  checkFolderId(folderId, 'folderId');
  checkFolderId(destinationId, 'destinationId');
  if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be moved.');
  if (folderId === destinationId) throw invalidInput('A folder cannot be moved into itself.');
  return moveOrRename(c, folderId, destinationId, undefined, opts.signal);
}

/**
 * Renames a folder where it is: folder/mv.cgi with `rename` and its parent as the destination, as rclone's
 * DirMove sends it (fichier.go; evidence item 6: whether a `rename` without the destination keeps the folder
 * under its parent is unproven, and a service that read the missing destination as the root would move it).
 */
export async function renameFolder(
  c: ClientContext,
  folderId: number,
  name: string,
  opts: RenameFolderOptions,
  findParent: () => Promise<number>,
): Promise<FolderMoveResult> {
  checkFolderId(folderId, 'folderId');
  if (opts.parentId !== undefined) checkFolderId(opts.parentId, 'parentId');
  if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be renamed.');
  const sent = checkName(name, c.namePolicy(opts), 'folder name');
  const parentId = opts.parentId ?? (await findParent());
  return moveOrRename(c, folderId, parentId, sent, opts.signal);
}

/** One folder/mv.cgi; after a lost answer the destination's listing shows whether the folder is there (with its new name). */
function moveOrRename(
  c: ClientContext,
  folderId: number,
  destinationId: number,
  rename: string | undefined,
  signal: AbortSignal | undefined,
): Promise<FolderMoveResult> {
  const payload: Json = { folder_id: folderId, destination_user: '' };
  // rclone omits destination_folder_id for the root (fichier.go DirMove, api.go moveDir).
  if (destinationId !== 0) payload.destination_folder_id = destinationId;
  if (rename !== undefined) payload.rename = rename;
  return changeOnce(c, { endpoint: 'folder/mv.cgi', payload, signal }, P.parseFolderMove, {
    look: async () => {
      const listing = await listFolder(c, destinationId, signal ? { signal } : {});
      const found = listing.subFolders.find((f) => f.id === folderId);
      if (!found || (rename !== undefined && found.name !== shownName(rename))) return undefined;
      return { oldName: '', newName: found.name, message: 'Folder moved' };
    },
    whatToCheck: `Check where folder ${folderId} is${rename !== undefined ? ` and its name ("${rename}" was asked)` : ''} before trying again.`,
  });
}

/** The sub-folder of `parentId` named `name` (the newest, when several are), from a listing made now or cached after the last change. */
async function subFolderNamed(c: ClientContext, parentId: number, name: string, signal: AbortSignal | undefined) {
  const listing = await listFolder(c, parentId, signal ? { signal } : {});
  return listing.subFolders.filter((f) => f.name === shownName(name)).sort((a, b) => b.id - a.id)[0];
}

export async function shareFolder(
  c: ClientContext,
  folderId: number,
  opts: ShareFolderOptions,
): Promise<{ url?: string; message: string }> {
  checkFolderId(folderId, 'folderId');
  const payload: Json = { folder_id: folderId, share: opts.share === false ? 0 : 1 };
  if (opts.password !== undefined) {
    if (opts.password !== '' && opts.password.length < 6)
      throw invalidInput('A folder password needs at least 6 characters ("" removes it).');
    payload.pass = opts.password;
  }
  if (opts.shares !== undefined) {
    payload.shares = opts.shares.map((s) => {
      if (!s || typeof s.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(s.email))
        throw invalidInput(`"${String(s?.email)}" is not an email address.`);
      return { email: s.email, rw: s.readWrite ? 1 : 0, hide_links: s.hideLinks ? 1 : 0 };
    });
  }
  const json = await c.call('folder/share.cgi', payload, opts.signal);
  const out: { url?: string; message: string } = { message: P.str(json.message) };
  if (typeof json.url === 'string' && json.url) out.url = json.url;
  return out;
}
