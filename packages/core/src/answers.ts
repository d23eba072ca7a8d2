/**
 * Request options and typed answers of the listing, folder, file, remote-upload and account endpoints
 * (the transport contract, client options, events, upload and download types are in types.ts, which
 * re-exports this file). Pure: no Node globals.
 */
import type { CallOptions } from './types';

// ---------------------------------------------------------------- remote upload

export interface RemoteUploadRequest {
  urls: string[];
  folderId?: number;
  /** Extra request headers for the fetch (name → value). */
  headers?: Record<string, string>;
}

export interface RemoteUploadCreated {
  id: number;
  date: string;
  urls: string[];
}

export interface RemoteUploadJob {
  id: number;
  requestDate: string;
  /** Empty while pending. */
  executionDate: string;
  done: boolean;
}

export interface RemoteUploadResult {
  status: string;
  url: string;
  downloadLink: string;
  message: string;
  ok: boolean;
}

export interface RemoteUploadInfo extends RemoteUploadJob {
  links: string[];
  results: RemoteUploadResult[];
}

export interface WaitForRemoteUploadOptions extends CallOptions {
  /** Give up after this long (default 30 min). */
  timeoutMs?: number;
  /** First polling interval (default 30 s), growing by half each time up to 5 min. */
  pollIntervalMs?: number;
}

// ---------------------------------------------------------------- listing

export interface FileItem {
  url: string;
  filename: string;
  size: number;
  /** As sent: YYYY-MM-DD HH:MM:SS, Europe/Paris time. */
  date: string;
  /** The same instant as ISO-8601 UTC, or '' when the date is missing or malformed. */
  dateUtc: string;
  /** Whirlpool, lower-case hex ('' when absent). */
  checksum: string;
  contentType: string;
  passwordProtected: boolean;
  hasAcl: boolean;
  cdn: boolean;
}

export interface ListFilesOptions extends CallOptions {
  /** Folder id, or 'all' for the whole account (once per hour). Default 0 (root). */
  folderId?: number | 'all';
  /** YYYY-MM-DD HH:MM:SS (Paris time) or a Date. */
  sentBefore?: string | Date;
  sentAfter?: string | Date;
  sharingUser?: string;
}

export interface FileListing {
  count: number;
  items: FileItem[];
}

export interface SubFolder {
  id: number;
  name: string;
  createDate: string;
  createDateUtc: string;
  passwordProtected: boolean;
}

export interface FolderShare {
  email: string;
  readWrite: boolean;
  hideLinks: boolean;
}

export interface FolderListing {
  folderId: number;
  name: string;
  size: number | null;
  fileCount: number;
  subFolders: SubFolder[];
  /** Present when asked with includeFiles. */
  items?: FileItem[];
  /** Public share URL when shared. */
  shared?: string;
  shares?: FolderShare[];
}

export interface ListFolderOptions extends CallOptions {
  includeFiles?: boolean;
  sharingUser?: string;
}

// ---------------------------------------------------------------- folders and files

export interface CreatedFolder {
  folderId: number;
  name: string;
}

export interface FolderMoveResult {
  oldName: string;
  newName: string;
  message: string;
}

export interface ShareFolderOptions extends CallOptions {
  /** Public share on (true) or off (false). */
  share?: boolean;
  /** At least 6 characters; '' removes it. */
  password?: string;
  /** Groupware shares; an empty array removes them all. */
  shares?: FolderShare[];
}

export interface FileInfo extends FileItem {
  folderId?: number;
  path?: string;
  description?: string;
  inline?: boolean;
  noSsl?: boolean;
  acl?: FileAcl;
}

export interface FileAcl {
  ip?: string[];
  country?: string[];
  email?: string[];
  premium?: boolean;
}

export interface FileToRemove {
  url: string;
  /** Removal code for files not linked to an account. */
  code?: string;
}

export interface RemoveFilesResult {
  removed: number;
  urls: string[];
  /**
   * Set only after a lost answer, when the state showed that the request removed nothing because these
   * files were already gone: the others (`urls`) were then removed, these were not.
   */
  notFound?: string[];
}

export interface MoveFilesResult {
  moved: number;
  /** The files' (possibly new) URLs, in order. */
  urls: string[];
  filename?: string;
}

export interface RenameFileResult {
  url: string;
  oldFilename: string;
  newFilename: string;
}

export interface CopyFilesResult {
  copied: number;
  urls: { fromUrl: string; toUrl: string }[];
  filename?: string;
}

export interface FileAttributes {
  /** Single file only. */
  filename?: string;
  description?: string;
  /** At least 6 characters; '' removes the password. */
  password?: string;
  noSsl?: boolean;
  inline?: boolean;
  cdn?: boolean;
  acl?: FileAcl;
}

export interface SetAttributesResult {
  updated: number;
  urls: string[];
}

export interface ScanResult {
  message: string;
  date?: string;
}

// ---------------------------------------------------------------- account

/** user/info.cgi, numbers parsed whether the service sends numbers or numeric strings. */
export interface AccountInfo {
  email: string;
  /** 0 none, 1 Premium, 2 Access (when numeric). */
  offer: number | string;
  subscriptionEnd: string;
  /** CDN credits. */
  cdn: number | string;
  useCdn: number | string;
  uploadForbidden: boolean;
  coldStorage: number;
  availableColdStorage: number;
  allowedColdStorage: number;
  hotStorage: number;
  availableStorage: number;
  overquota: number;
  defaultDomain: number;
  /** Every field as sent. */
  raw: Record<string, unknown>;
}
