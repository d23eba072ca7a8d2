/** The file endpoints: listing, info, remove, move, rename, copy, attributes, scan (docs/api-notes.md#files). */
import { checkFileUrl, checkFolderId, dateParam, invalidInput, nonEmptyList } from '../checks';
import type { ClientContext } from '../context';
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
  return c.budgets.within(
    'file/ls.cgi',
    { folderId: folder },
    { variant, accepts: (v) => v === variant },
    async () => P.parseFileListing(await c.call('file/ls.cgi', payload, opts.signal)),
    opts.signal,
  );
}

export async function getFileInfo(c: ClientContext, url: string, opts: CallOptions & { password?: string }): Promise<FileInfo> {
  checkFileUrl(url);
  const payload: Json = { url };
  if (opts.password) payload.pass = opts.password;
  return P.parseFileInfo(await c.call('file/info.cgi', payload, opts.signal));
}

/** file/rm.cgi; after a lost answer it is sent again, and "not found" then means the files were removed. */
export async function removeFiles(c: ClientContext, files: (string | FileToRemove)[], opts: CallOptions): Promise<RemoveFilesResult> {
  const list = nonEmptyList(files, 'removeFiles').map((f) => {
    const item = typeof f === 'string' ? { url: f } : f;
    checkFileUrl(item?.url);
    return item.code ? { url: item.url, code: item.code } : { url: item.url };
  });
  return changeOnce(c, { endpoint: 'file/rm.cgi', payload: { files: list }, signal: opts.signal }, P.parseRemoveFiles, {
    resend: (e) => (e.kind === 'not_found' ? { removed: list.length, urls: list.map((f) => f.url) } : undefined),
    whatToCheck: `Check whether ${describeFiles(list.map((f) => f.url))} still exist before removing again.`,
  });
}

/**
 * file/mv.cgi; `rename` only with one file. A rename equal to the current name is dropped (the service
 * refuses it since 2024, rclone 3f20749), and a rename within the file's own folder goes through
 * file/rename.cgi, because file/mv.cgi into the same folder does not rename (rclone #5421, 3349b05).
 */
export async function moveFiles(c: ClientContext, urls: string[], destinationId: number, opts: TransferOptions): Promise<MoveFilesResult> {
  const { list, payload } = transferPayload(c, 'moveFiles', 'moving', urls, 'destination_folder_id', destinationId, opts);
  const rename = payload.rename as string | undefined;
  if (rename !== undefined) {
    const info = await getFileInfo(c, list[0]!, opts);
    if (info.filename === shownName(rename)) delete payload.rename;
    else if (info.folderId === destinationId) {
      const renamed = await renameFile(c, list[0]!, rename, { ...opts, reservedNames: 'refuse' });
      return { moved: 1, urls: [renamed.url], filename: renamed.newFilename };
    }
  }
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

/** file/cp.cgi; after a lost answer the destination's listing shows whether the copies (name and checksum) exist. */
export async function copyFiles(c: ClientContext, urls: string[], destinationId: number, opts: TransferOptions): Promise<CopyFilesResult> {
  const { list, payload } = transferPayload(c, 'copyFiles', 'copying', urls, 'folder_id', destinationId, opts);
  const rename = payload.rename as string | undefined;
  const call = { endpoint: 'file/cp.cgi' as const, payload, scope: { folderId: destinationId }, signal: opts.signal };
  return changeOnce(c, call, (json) => P.parseCopy(json, list.length), {
    look: async () => {
      const sources = await infosOf(c, list, opts.signal);
      const listing = await listFiles(c, { folderId: destinationId, ...(opts.signal ? { signal: opts.signal } : {}) });
      const copies = sources.map((src) => newestCopyOf(src, rename !== undefined ? shownName(rename) : src.filename, listing.items));
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

/** A copy of `src` named `name` among a folder's files (the newest when several match), other than `src` itself. */
function newestCopyOf(src: FileItem, name: string, items: FileItem[]): FileItem | undefined {
  const copies = items.filter(
    (i) => i.url !== src.url && i.filename === name && i.size === src.size && (!src.checksum || !i.checksum || i.checksum === src.checksum),
  );
  return copies.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0];
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
