/** The file endpoints: listing, info, remove, move, rename, copy, attributes, scan (docs/api-notes.md#files). */
import { checkFileUrl, checkFolderId, dateParam, invalidInput, nonEmptyList } from '../checks';
import type { ClientContext } from '../context';
import { OneFichierError, rewordError } from '../errors';
import { missingObjectError, folderObject } from '../missing';
import { checkName, shownName } from '../names';
import * as P from '../parse';
import { changeOnce, mixedOutcome } from './reconcile';
import type {
  CallOptions,
  CopyFilesResult,
  FileAttributes,
  FileInfo,
  FileItem,
  FileListing,
  FileToRemove,
  ListFilesOptions,
  MoveFilesResult,
  RemoveFilesResult,
  RenameFileResult,
  ReservedNamePolicy,
  ScanResult,
  SetAttributesResult,
} from '../types';

type Json = P.Json;
export type NameOptions = CallOptions & { reservedNames?: ReservedNamePolicy };
export type TransferOptions = NameOptions & { rename?: string };

/** file/ls.cgi: files of a folder (default root) or of the whole account ('all', once per hour). */
export async function listFiles(c: ClientContext, opts: ListFilesOptions): Promise<FileListing> {
  const folder = opts.folderId ?? 0;
  const payload: Json = {};
  if (folder === 'all') payload.folder_id = -1;
  else {
    checkFolderId(folder, 'folderId');
    payload.folder_id = folder;
  }
  if (opts.sentBefore !== undefined) payload.sent_before = dateParam(opts.sentBefore, 'sentBefore');
  if (opts.sentAfter !== undefined) payload.sent_after = dateParam(opts.sentAfter, 'sentAfter');
  if (opts.sharingUser !== undefined) payload.sharing_user = opts.sharingUser;
  const variant = JSON.stringify(payload);
  try {
    return await c.budgets.within(
      'file/ls.cgi',
      { folderId: folder },
      { variant, accepts: (v) => v === variant },
      async (sent) => P.parseFileListing(await c.call('file/ls.cgi', payload, opts.signal, {}, sent)),
      opts.signal,
    );
  } catch (e) {
    throw missingObjectError(e, folder === 'all' ? 'The account' : folderObject(folder));
  }
}

export async function getFileInfo(c: ClientContext, url: string, opts: CallOptions & { password?: string }): Promise<FileInfo> {
  checkFileUrl(url);
  const payload: Json = { url };
  if (opts.password) payload.pass = opts.password;
  try {
    return P.parseFileInfo(await c.call('file/info.cgi', payload, opts.signal));
  } catch (e) {
    throw missingObjectError(e, `File ${url}`);
  }
}

/**
 * file/rm.cgi; after a lost answer it is sent again. file/rm is all or nothing, so a "not found" then does
 * not say the first one removed the files: file/info of each one does. All gone: the first one removed
 * them. Some still there: the first one removed nothing (a file was already gone), so those are removed
 * now and the others are reported as not found.
 */
export async function removeFiles(c: ClientContext, files: (string | FileToRemove)[], opts: CallOptions): Promise<RemoveFilesResult> {
  const list = nonEmptyList(files, 'removeFiles').map((f) => {
    const item = typeof f === 'string' ? { url: f } : f;
    checkFileUrl(item?.url);
    return item.code ? { url: item.url, code: item.code } : { url: item.url };
  });
  return changeOnce(c, { endpoint: 'file/rm.cgi', payload: { files: list }, signal: opts.signal }, P.parseRemoveFiles, {
    resend: async (e) => {
      if (e.kind !== 'not_found') return undefined;
      const left = await stillThere(c, list, opts.signal);
      if (left.length === 0) return { removed: list.length, urls: list.map((f) => f.url) };
      const notFound = list.filter((f) => !left.includes(f)).map((f) => f.url);
      return { ...(await removeFiles(c, left, opts)), notFound };
    },
    whatToCheck: `Check whether ${describeFiles(list.map((f) => f.url))} still exist before removing again.`,
  });
}

/**
 * The files that file/info still finds (one call each, paced); "not found" means gone, other errors fail.
 * A file removed with its code may be another account's, which file/info does not show: it cannot tell.
 */
async function stillThere(c: ClientContext, list: FileToRemove[], signal: AbortSignal | undefined): Promise<FileToRemove[]> {
  const left: FileToRemove[] = [];
  for (const f of list) {
    try {
      await getFileInfo(c, f.url, signal ? { signal } : {});
      left.push(f);
    } catch (e) {
      if (!(e instanceof OneFichierError && e.kind === 'not_found')) throw e;
      if (f.code) throw mixedOutcome('file/rm.cgi', `file/info does not show whether ${f.url} (removed with its code) is still there.`);
    }
  }
  return left;
}

/**
 * file/mv.cgi; `rename` only with one file. A rename equal to the current name is dropped (the service
 * refuses it since 2024), and a rename within the file's own folder goes through file/rename.cgi, because
 * file/mv.cgi into the same folder does not rename (both: docs/api-notes.md#files).
 */
export async function moveFiles(c: ClientContext, urls: string[], destinationId: number, opts: MoveOptions): Promise<MoveFilesResult> {
  const { list, payload } = transferPayload(c, 'moveFiles', 'moving', urls, 'destination_folder_id', destinationId, opts);
  const rename = payload.rename as string | undefined;
  let folderUnknown = false;
  if (rename !== undefined) {
    // file/info is scarce (policy/endpoints.ts): asked only when the caller does not say where the file is.
    const from = opts.from ?? (await getFileInfo(c, list[0]!, opts));
    if (from.filename === shownName(rename)) delete payload.rename;
    else if (from.folderId === destinationId) {
      const renamed = await renameFile(c, list[0]!, rename, { ...opts, reservedNames: 'refuse' });
      return { moved: 1, urls: [renamed.url], filename: renamed.newFilename };
    } else folderUnknown = from.folderId === undefined;
  }
  const moved = await moveOnce(c, list, destinationId, payload, opts);
  return folderUnknown ? renamedAfterMove(c, moved, rename!, destinationId, opts) : moved;
}

/** Where a file is and its name, as the caller knows them (a listing of its folder). */
export interface FileWhereabouts {
  folderId: number;
  filename: string;
}

/** moveFiles' options: `from`, when the caller knows where the file is, spares a file/info before a rename. */
export type MoveOptions = TransferOptions & { from?: FileWhereabouts };

/**
 * After a move with a new name from a folder file/info did not name (no real file/info answer shows
 * `folder_id`): file/mv.cgi into the folder the file is already in answers OK and renames nothing
 * (docs/api-notes.md#files), so file/info says whether the name changed, and file/rename.cgi renames it when it did not. A
 * rename that cannot be checked fails, saying the file was moved; it is never reported as done.
 */
async function renamedAfterMove(
  c: ClientContext,
  moved: MoveFilesResult,
  rename: string,
  destinationId: number,
  opts: MoveOptions,
): Promise<MoveFilesResult> {
  const url = moved.urls[0]!;
  let info: FileInfo;
  try {
    info = await getFileInfo(c, url, opts.signal ? { signal: opts.signal } : {});
  } catch (e) {
    if (!(e instanceof OneFichierError) || e.kind === 'cancelled') throw e;
    throw rewordError(e, {
      message: `${url} was moved to folder ${destinationId}, but whether it was renamed to "${shownName(rename)}" could not be checked: ${e.message}`,
      hint: `Check the name of ${url} in folder ${destinationId}, and rename it if needed.`,
    });
  }
  if (info.filename === shownName(rename)) return { ...moved, filename: info.filename };
  const renamed = await renameFile(c, url, rename, { ...opts, reservedNames: 'refuse' });
  return { moved: moved.moved, urls: [renamed.url], filename: renamed.newFilename };
}

/** file/mv.cgi once; after a lost answer, file/info of each file says whether it was moved. */
function moveOnce(c: ClientContext, list: string[], destinationId: number, payload: Json, opts: MoveOptions): Promise<MoveFilesResult> {
  const rename = payload.rename as string | undefined;
  const call = { endpoint: 'file/mv.cgi' as const, payload, signal: opts.signal };
  return changeOnce(c, call, (json) => P.parseMoveFiles(json, list.length), {
    look: async () => {
      const infos = await infosOf(c, list, opts.signal);
      const moved = infos.map((i) => i.folderId === destinationId && (rename === undefined || i.filename === shownName(rename)));
      if (infos.some((i) => i.folderId === undefined))
        throw mixedOutcome('file/mv.cgi', 'file/info does not say which folder the files are in.');
      if (moved.every(Boolean)) return { moved: list.length, urls: list, ...(rename !== undefined ? { filename: shownName(rename) } : {}) };
      if (moved.some(Boolean)) throw mixedOutcome('file/mv.cgi', 'some of the files were moved and others were not.');
      return undefined;
    },
    whatToCheck: `Check which folder ${describeFiles(list)} ${list.length === 1 ? 'is' : 'are'} in before moving again.`,
  });
}

/**
 * file/cp.cgi. The destination is listed before the request (a fresh cached listing will do): after a lost
 * answer, a copy (name, size and checksum) counts as made by it only if it was not there before.
 */
export async function copyFiles(c: ClientContext, urls: string[], destinationId: number, opts: TransferOptions): Promise<CopyFilesResult> {
  const { list, payload } = transferPayload(c, 'copyFiles', 'copying', urls, 'folder_id', destinationId, opts);
  const rename = payload.rename as string | undefined;
  const listDestination = () => listFiles(c, { folderId: destinationId, ...(opts.signal ? { signal: opts.signal } : {}) });
  const before = new Set((await listDestination()).items.map((i) => i.url));
  const call = { endpoint: 'file/cp.cgi' as const, payload, scope: { folderId: destinationId }, signal: opts.signal };
  return changeOnce(c, call, (json) => P.parseCopy(json, list.length), {
    look: async () => {
      const sources = await infosOf(c, list, opts.signal);
      const added = (await listDestination()).items.filter((i) => !before.has(i.url));
      const copies = sources.map((src) => newCopyOf(src, rename !== undefined ? shownName(rename) : src.filename, added));
      if (copies.every((copy) => copy === undefined)) return undefined;
      if (copies.some((copy) => copy === undefined)) throw mixedOutcome('file/cp.cgi', 'some of the copies exist and others do not.');
      return {
        copied: list.length,
        urls: copies.map((copy, i) => ({ fromUrl: list[i]!, toUrl: copy!.url })),
        ...(rename !== undefined ? { filename: shownName(rename) } : {}),
      };
    },
    whatToCheck: `Check folder ${destinationId} for the copies of ${describeFiles(list)} before copying again.`,
  });
}

/** The copy of `src` named `name` among the files added to the folder since the request; more than one cannot tell. */
function newCopyOf(src: FileItem, name: string, added: FileItem[]): FileItem | undefined {
  const copies = added.filter(
    (i) => i.url !== src.url && i.filename === name && i.size === src.size && (!src.checksum || !i.checksum || i.checksum === src.checksum),
  );
  if (copies.length > 1) throw mixedOutcome('file/cp.cgi', `${copies.length} new copies of ${src.url} appeared in the folder.`);
  return copies[0];
}

/** file/info of each URL, one after the other (paced). */
async function infosOf(c: ClientContext, urls: string[], signal: AbortSignal | undefined): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  for (const url of urls) out.push(await getFileInfo(c, url, signal ? { signal } : {}));
  return out;
}

function describeFiles(urls: string[]): string {
  return urls.length === 1 ? urls[0]! : `the ${urls.length} files (${urls.slice(0, 3).join(', ')}${urls.length > 3 ? ', ...' : ''})`;
}

/**
 * The checked body shared by file/mv.cgi and file/cp.cgi: the URLs, the destination under the field name
 * each endpoint uses, and a `rename` that the service accepts only with a single file.
 */
function transferPayload(
  c: ClientContext,
  method: string,
  verb: string,
  urls: string[],
  destinationField: 'destination_folder_id' | 'folder_id',
  destinationId: number,
  opts: TransferOptions,
): { list: string[]; payload: Json } {
  const list = nonEmptyList(urls, method);
  list.forEach(checkFileUrl);
  checkFolderId(destinationId, 'destinationId');
  const payload: Json = { urls: list, [destinationField]: destinationId };
  if (opts.rename !== undefined) {
    if (list.length !== 1) throw invalidInput(`rename can only be used when ${verb} a single file.`);
    payload.rename = checkName(opts.rename, c.namePolicy(opts), 'file name');
  }
  return { list, payload };
}

/** file/rename.cgi; after a lost answer it is sent again, and "No file has been renamed #312" then means it was renamed. */
export async function renameFile(c: ClientContext, url: string, name: string, opts: NameOptions): Promise<RenameFileResult> {
  checkFileUrl(url);
  const sent = checkName(name, c.namePolicy(opts), 'file name');
  const call = { endpoint: 'file/rename.cgi' as const, payload: { urls: [{ url, filename: sent }], pretty: 0 }, signal: opts.signal };
  return changeOnce(c, call, (json) => P.parseRename(json, url, sent), {
    resend: (e) => (e.code === 312 ? { url, oldFilename: '', newFilename: shownName(sent) } : undefined),
    whatToCheck: `Check the name of ${url} before renaming again.`,
  });
}

export async function setFileAttributes(
  c: ClientContext,
  urls: string[],
  attrs: FileAttributes,
  opts: NameOptions,
): Promise<SetAttributesResult> {
  const list = nonEmptyList(urls, 'setFileAttributes');
  list.forEach(checkFileUrl);
  if (!attrs || typeof attrs !== 'object') throw invalidInput('setFileAttributes needs the attributes to change.');
  const payload: Json = { urls: list };
  if (attrs.filename !== undefined) {
    if (list.length !== 1) throw invalidInput('filename can only be set on a single file.');
    payload.filename = checkName(attrs.filename, c.namePolicy(opts), 'file name');
  }
  if (attrs.description !== undefined) payload.description = attrs.description;
  if (attrs.password !== undefined) {
    if (attrs.password !== '' && attrs.password.length < 6)
      throw invalidInput('A file password needs at least 6 characters ("" removes it).');
    payload.pass = attrs.password;
  }
  if (attrs.noSsl !== undefined) payload.no_ssl = attrs.noSsl ? 1 : 0;
  if (attrs.inline !== undefined) payload.inline = attrs.inline ? 1 : 0;
  if (attrs.cdn !== undefined) payload.cdn = attrs.cdn ? 1 : 0;
  if (attrs.acl !== undefined) {
    const acl: Json = {};
    if (attrs.acl.ip) acl.ip = attrs.acl.ip;
    if (attrs.acl.country) acl.country = attrs.acl.country;
    if (attrs.acl.email) acl.email = attrs.acl.email;
    if (attrs.acl.premium !== undefined) acl.premium = attrs.acl.premium ? 1 : 0;
    payload.acl = acl;
  }
  if (Object.keys(payload).length === 1) throw invalidInput('setFileAttributes: no attribute to change was given.');
  return P.parseChattr(await c.call('file/chattr.cgi', payload, opts.signal));
}

/** file/scan.cgi: antivirus scan (files under 5 GB; an infected file is removed by the service). */
export async function scanFile(c: ClientContext, url: string, opts: CallOptions): Promise<ScanResult> {
  checkFileUrl(url);
  return P.parseScan(await c.call('file/scan.cgi', { url }, opts.signal));
}
