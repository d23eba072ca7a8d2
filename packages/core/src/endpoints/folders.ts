/** The folder endpoints: listing, create, remove, move, rename, share (docs/api-notes.md#folders). */
import { checkFolderId, invalidInput } from '../checks';
import type { ClientContext } from '../context';
import { checkName } from '../names';
import * as P from '../parse';
import type { CallOptions, CreatedFolder, FolderListing, FolderMoveResult, ListFolderOptions, ShareFolderOptions } from '../types';
import type { NameOptions } from './files';

type Json = P.Json;

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
  const listing = await c.budgets.within(
    'folder/ls.cgi',
    { folderId },
    { variant, accepts },
    async () => P.parseFolderListing(await c.call('folder/ls.cgi', payload, opts.signal), includeFiles),
    opts.signal,
  );
  if (!includeFiles) delete listing.items;
  return listing;
}

export async function createFolder(c: ClientContext, name: string, parentId: number, opts: NameOptions): Promise<CreatedFolder> {
  checkFolderId(parentId, 'parentId');
  const sent = checkName(name, c.namePolicy(opts), 'folder name');
  return P.parseCreatedFolder(await c.call('folder/mkdir.cgi', { name: sent, folder_id: parentId }, opts.signal, { parentId }), sent);
}

export async function removeFolder(c: ClientContext, folderId: number, opts: CallOptions): Promise<void> {
  checkFolderId(folderId, 'folderId');
  if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be removed.');
  await c.call('folder/rm.cgi', { folder_id: folderId }, opts.signal, { folderId });
}

/** folder/mv.cgi as rclone sends it: destination_folder_id omitted for the root, destination_user always "". */
export async function moveFolder(c: ClientContext, folderId: number, destinationId: number, opts: CallOptions): Promise<FolderMoveResult> {
  checkFolderId(folderId, 'folderId');
  checkFolderId(destinationId, 'destinationId');
  if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be moved.');
  if (folderId === destinationId) throw invalidInput('A folder cannot be moved into itself.');
  const payload: Json = { folder_id: folderId, destination_user: '' };
  if (destinationId !== 0) payload.destination_folder_id = destinationId;
  return P.parseFolderMove(await c.call('folder/mv.cgi', payload, opts.signal));
}

/** Renames a folder in place (folder/mv.cgi with `rename`, which ignores the destination). */
export async function renameFolder(c: ClientContext, folderId: number, name: string, opts: NameOptions): Promise<FolderMoveResult> {
  checkFolderId(folderId, 'folderId');
  if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be renamed.');
  const sent = checkName(name, c.namePolicy(opts), 'folder name');
  return P.parseFolderMove(await c.call('folder/mv.cgi', { folder_id: folderId, rename: sent }, opts.signal));
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
