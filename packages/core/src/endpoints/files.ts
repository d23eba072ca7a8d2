/** The file endpoints: listing, info, remove, move, rename, copy, attributes, scan (docs/api-notes.md#files). */
import { checkFileUrl, checkFolderId, dateParam, invalidInput, nonEmptyList } from '../checks';
import type { ClientContext } from '../context';
import { checkName } from '../names';
import * as P from '../parse';
import type {
  CallOptions,
  CopyFilesResult,
  FileAttributes,
  FileInfo,
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

export async function removeFiles(c: ClientContext, files: (string | FileToRemove)[], opts: CallOptions): Promise<RemoveFilesResult> {
  const list = nonEmptyList(files, 'removeFiles').map((f) => {
    const item = typeof f === 'string' ? { url: f } : f;
    checkFileUrl(item?.url);
    return item.code ? { url: item.url, code: item.code } : { url: item.url };
  });
  return P.parseRemoveFiles(await c.call('file/rm.cgi', { files: list }, opts.signal));
}

/** file/mv.cgi; `rename` only with one file (the service rejects a rename equal to the current name). */
export async function moveFiles(c: ClientContext, urls: string[], destinationId: number, opts: TransferOptions): Promise<MoveFilesResult> {
  const { list, payload } = transferPayload(c, 'moveFiles', 'moving', urls, 'destination_folder_id', destinationId, opts);
  return P.parseMoveFiles(await c.call('file/mv.cgi', payload, opts.signal), list.length);
}

export async function copyFiles(c: ClientContext, urls: string[], destinationId: number, opts: TransferOptions): Promise<CopyFilesResult> {
  const { list, payload } = transferPayload(c, 'copyFiles', 'copying', urls, 'folder_id', destinationId, opts);
  return P.parseCopy(await c.call('file/cp.cgi', payload, opts.signal, { folderId: destinationId }), list.length);
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

export async function renameFile(c: ClientContext, url: string, name: string, opts: NameOptions): Promise<RenameFileResult> {
  checkFileUrl(url);
  const sent = checkName(name, c.namePolicy(opts), 'file name');
  return P.parseRename(await c.call('file/rename.cgi', { urls: [{ url, filename: sent }], pretty: 0 }, opts.signal), url, sent);
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
