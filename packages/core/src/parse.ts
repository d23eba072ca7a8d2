/**
 * Parsing of every answer. Tolerant where the sources disagree on types (numbers as strings, content-type vs
 * content_type, items absent on an empty folder, pass as number: docs/api-notes.md#listings-and-dates and
 * #account); strict (a `protocol` error) where a wrong shape would do harm (an upload server without id, a
 * token without URL, a move without the new URLs).
 */
import { shownName, shownPath } from './names';
import { OneFichierError, redactedExcerpt } from './errors';
import { parisToIsoUtc } from './dates';
import type {
  AccountInfo,
  CopyFilesResult,
  CreatedFolder,
  FileAcl,
  FileInfo,
  FileItem,
  FileListing,
  FolderListing,
  FolderMoveResult,
  FolderShare,
  MoveFilesResult,
  RemoteUploadCreated,
  RemoteUploadInfo,
  RemoteUploadJob,
  RemoteUploadResult,
  RemoveFilesResult,
  RenameFileResult,
  ScanResult,
  SetAttributesResult,
  SubFolder,
} from './types';

export type Json = Record<string, unknown>;

export function protocolError(endpoint: string, message: string, httpStatus?: number): OneFichierError {
  return new OneFichierError({ kind: 'protocol', endpoint, message, ...(httpStatus !== undefined ? { httpStatus } : {}) });
}

/** Text of an HTML page reduced to its first 200 visible characters, secrets removed (for error messages). */
export function htmlExcerpt(text: string, secrets: readonly (string | undefined)[]): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return redactedExcerpt(plain, secrets);
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text);
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Number or numeric string → number; anything else → fallback. */
function num(v: unknown, fallback = 0): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return fallback;
}

/** Keeps numbers numeric, numeric strings as numbers, other strings as sent. */
function numOrText(v: unknown): number | string {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  return '';
}

export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** 0/1, "0"/"1", booleans → boolean. */
function flag(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return num(v, 0) !== 0;
}

function requiredString(obj: Json, key: string, endpoint: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v === '')
    throw protocolError(endpoint, `The answer has no "${key}" (got ${JSON.stringify(v) ?? 'nothing'}).`);
  return v;
}

function requiredNumber(obj: Json, key: string, endpoint: string): number {
  const v = num(obj[key], NaN);
  if (!Number.isFinite(v))
    throw protocolError(endpoint, `The answer has no numeric "${key}" (got ${JSON.stringify(obj[key]) ?? 'nothing'}).`);
  return v;
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

// ---------------------------------------------------------------- upload

export function parseUploadServer(obj: Json): { host: string; id: string } {
  const endpoint = 'upload/get_upload_server.cgi';
  const host = requiredString(obj, 'url', endpoint);
  const id = requiredString(obj, 'id', endpoint);
  if (!/^[a-zA-Z0-9]{1,10}$/.test(id))
    throw protocolError(endpoint, `Invalid upload id "${id.slice(0, 40)}" (expected 1 to 10 letters or digits).`);
  // A bare host[:port]: no scheme, no path, no credentials, so the upload goes where we expect.
  if (!/^[a-zA-Z0-9.-]+(:\d{1,5})?$/.test(host))
    throw protocolError(endpoint, `Invalid upload node "${host.slice(0, 80)}" (expected a bare host name).`);
  return { host, id };
}

export interface EndLink {
  download: string;
  filename: string;
  remove: string;
  size: number;
  whirlpool: string;
}

export function parseEndResult(obj: Json): { incoming: number; links: EndLink[] } {
  const links = arrayOf(obj.links)
    .filter(isObject)
    .map((l) => ({
      download: str(l.download),
      filename: shownName(str(l.filename)),
      remove: str(l.remove),
      size: num(l.size, -1),
      whirlpool: str(l.whirlpool).toLowerCase(),
    }));
  for (const l of links) {
    if (!l.download) throw protocolError('end.pl', `An upload result for "${l.filename}" has no download URL.`);
  }
  return { incoming: num(obj.incoming), links };
}

// ---------------------------------------------------------------- download

export function parseDownloadToken(obj: Json): string {
  return requiredString(obj, 'url', 'download/get_token.cgi');
}

// ---------------------------------------------------------------- listing

function parseFileItem(raw: unknown): FileItem {
  const o = isObject(raw) ? raw : {};
  const date = str(o.date);
  return {
    url: str(o.url),
    filename: shownName(str(o.filename)),
    size: num(o.size),
    date,
    dateUtc: parisToIsoUtc(date),
    checksum: str(o.checksum).toLowerCase(),
    contentType: str(o['content-type'] ?? o.content_type),
    passwordProtected: flag(o.pass),
    hasAcl: isObject(o.acl) ? true : flag(o.acl),
    cdn: flag(o.cdn),
  };
}

export function parseFileListing(obj: Json): FileListing {
  const items = arrayOf(obj.items)
    .map(parseFileItem)
    .filter((i) => i.url !== '');
  return { count: num(obj.count, items.length), items };
}

function parseSubFolder(raw: unknown): SubFolder | undefined {
  if (!isObject(raw)) return undefined;
  const id = num(raw.id, NaN);
  if (!Number.isFinite(id)) return undefined;
  const createDate = str(raw.create_date);
  return { id, name: shownName(str(raw.name)), createDate, createDateUtc: parisToIsoUtc(createDate), passwordProtected: flag(raw.pass) };
}

function parseShares(v: unknown): FolderShare[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isObject).map((s) => ({ email: str(s.email), readWrite: flag(s.rw), hideLinks: flag(s.hide_links) }));
}

export function parseFolderListing(obj: Json, includeFiles: boolean): FolderListing {
  const out: FolderListing = {
    folderId: requiredNumber(obj, 'folder_id', 'folder/ls.cgi'),
    name: shownName(str(obj.name)),
    size: obj.size === null || obj.size === undefined ? null : num(obj.size),
    fileCount: num(obj.files),
    subFolders: arrayOf(obj.sub_folders)
      .map(parseSubFolder)
      .filter((f): f is SubFolder => f !== undefined),
  };
  if (includeFiles)
    out.items = arrayOf(obj.items)
      .map(parseFileItem)
      .filter((i) => i.url !== '');
  if (typeof obj.shared === 'string' && obj.shared) out.shared = obj.shared;
  const shares = parseShares(obj.shares);
  if (shares) out.shares = shares;
  return out;
}

// ---------------------------------------------------------------- folders

export function parseCreatedFolder(obj: Json, requestedName: string): CreatedFolder {
  return { folderId: requiredNumber(obj, 'folder_id', 'folder/mkdir.cgi'), name: shownName(str(obj.name) || requestedName) };
}

export function parseFolderMove(obj: Json): FolderMoveResult {
  return { oldName: shownName(str(obj.old_name)), newName: shownName(str(obj.new_name)), message: str(obj.message) };
}

// ---------------------------------------------------------------- files

export function parseFileInfo(obj: Json): FileInfo {
  const base = parseFileItem(obj);
  if (!base.url) throw protocolError('file/info.cgi', 'The answer has no "url".');
  const info: FileInfo = { ...base };
  if (obj.folder_id !== undefined) info.folderId = num(obj.folder_id);
  if (typeof obj.path === 'string') info.path = shownPath(obj.path);
  if (typeof obj.description === 'string') info.description = obj.description;
  if (obj.inline !== undefined) info.inline = flag(obj.inline);
  if (obj.no_ssl !== undefined) info.noSsl = flag(obj.no_ssl);
  if (isObject(obj.acl)) {
    const a = obj.acl;
    const acl: FileAcl = {};
    if (Array.isArray(a.ip)) acl.ip = a.ip.map(str);
    if (Array.isArray(a.country)) acl.country = a.country.map(str);
    if (Array.isArray(a.email)) acl.email = a.email.map(str);
    if (a.premium !== undefined) acl.premium = flag(a.premium);
    info.acl = acl;
  }
  return info;
}

export function parseRemoveFiles(obj: Json): RemoveFilesResult {
  return { removed: num(obj.removed), urls: arrayOf(obj.urls).map(str) };
}

export function parseMoveFiles(obj: Json, expected: number): MoveFilesResult {
  const urls = arrayOf(obj.urls).map((u) => (isObject(u) ? str(u.url) : str(u)));
  if (urls.length < expected || urls.some((u) => !u)) {
    throw protocolError(
      'file/mv.cgi',
      `The answer lists ${urls.length} moved file URL(s) for ${expected} requested; the new URLs are unknown.`,
    );
  }
  const out: MoveFilesResult = { moved: num(obj.moved, urls.length), urls };
  if (typeof obj.filename === 'string') out.filename = shownName(obj.filename);
  return out;
}

export function parseRename(obj: Json, url: string, newName: string): RenameFileResult {
  const first = arrayOf(obj.urls).find(isObject);
  return {
    url: first ? str(first.url) || url : url,
    oldFilename: first ? shownName(str(first.old_filename)) : '',
    newFilename: shownName(first ? str(first.new_filename) || newName : newName),
  };
}

export function parseCopy(obj: Json, expected: number): CopyFilesResult {
  const urls = arrayOf(obj.urls)
    .filter(isObject)
    .map((u) => ({ fromUrl: str(u.from_url), toUrl: str(u.to_url) }));
  if (urls.length < expected || urls.some((u) => !u.toUrl)) {
    throw protocolError('file/cp.cgi', `The answer lists ${urls.length} copies for ${expected} requested; the new URLs are unknown.`);
  }
  const out: CopyFilesResult = { copied: num(obj.copied, urls.length), urls };
  if (typeof obj.filename === 'string') out.filename = shownName(obj.filename);
  return out;
}

export function parseChattr(obj: Json): SetAttributesResult {
  return { updated: num(obj.updated), urls: arrayOf(obj.urls).map((u) => (isObject(u) ? str(u.url) : str(u))) };
}

export function parseScan(obj: Json): ScanResult {
  const out: ScanResult = { message: str(obj.message) };
  if (typeof obj.date === 'string' && obj.date) out.date = obj.date;
  return out;
}

// ---------------------------------------------------------------- account

export function parseAccountInfo(obj: Json): AccountInfo {
  return {
    email: str(obj.email),
    offer: numOrText(obj.offer),
    subscriptionEnd: str(obj.subscription_end),
    cdn: numOrText(obj.cdn),
    useCdn: numOrText(obj.use_cdn),
    uploadForbidden: flag(obj.upload_forbidden),
    coldStorage: num(obj.cold_storage),
    availableColdStorage: num(obj.available_cold_storage),
    allowedColdStorage: num(obj.allowed_cold_storage),
    hotStorage: num(obj.hot_storage),
    availableStorage: num(obj.available_storage),
    overquota: num(obj.overquota),
    defaultDomain: num(obj.default_domain),
    raw: { ...obj },
  };
}

// ---------------------------------------------------------------- remote upload

export function parseRemoteCreated(obj: Json): RemoteUploadCreated {
  return { id: requiredNumber(obj, 'id', 'remote/request.cgi'), date: str(obj.date), urls: arrayOf(obj.urls).map(str) };
}

function parseRemoteJob(o: Json, endpoint: string): RemoteUploadJob {
  const executionDate = str(o.execution_date);
  return { id: requiredNumber(o, 'id', endpoint), requestDate: str(o.request_date), executionDate, done: executionDate.trim() !== '' };
}

export function parseRemoteList(obj: Json): RemoteUploadJob[] {
  return arrayOf(obj.data)
    .filter(isObject)
    .map((o) => parseRemoteJob(o, 'remote/ls.cgi'));
}

export function parseRemoteInfo(obj: Json): RemoteUploadInfo {
  const job = parseRemoteJob(obj, 'remote/info.cgi');
  const results: RemoteUploadResult[] = arrayOf(obj.result)
    .filter(isObject)
    .map((r) => {
      const status = str(r.status);
      return { status, url: str(r.url), downloadLink: str(r.download_link), message: str(r.message), ok: status.toUpperCase() === 'OK' };
    });
  return { ...job, links: arrayOf(obj.links).map(str), results };
}
