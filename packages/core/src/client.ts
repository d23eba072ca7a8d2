/**
 * OneFichierClient: the 1fichier API client, a facade over the units that do the work (see README.md): the
 * request pipeline (pipeline.ts), the policies (policy/), the endpoint groups (endpoints/), the upload
 * workflow (upload/), the resumable download (download/) and the path helpers (paths.ts). Protocol only: HTTP
 * goes through the injected transport, time through the injected clock, so the same code runs in Node, in
 * VS Code and inside n8n's sandbox.
 */
import { ClientContext } from './context';
import { download } from './download/stream';
import { getDownloadToken } from './download/token';
import { getAccountInfo } from './endpoints/account';
import * as files from './endpoints/files';
import * as folders from './endpoints/folders';
import * as remote from './endpoints/remote';
import * as paths from './paths';
import type { Pacer } from './policy/pacer';
import type {
  AccountInfo,
  CallOptions,
  ClientOptions,
  CopyFilesResult,
  CreatedFolder,
  DownloadOptions,
  DownloadStream,
  DownloadToken,
  DownloadTokenRequest,
  FileAttributes,
  FileInfo,
  FileItem,
  FileListing,
  FileToRemove,
  FolderListing,
  FolderMoveResult,
  ListFilesOptions,
  ListFolderOptions,
  MoveFilesResult,
  RemoteUploadCreated,
  RemoteUploadInfo,
  RemoteUploadJob,
  RemoteUploadRequest,
  RemoveFilesResult,
  RenameFileResult,
  ReservedNamePolicy,
  ScanResult,
  SetAttributesResult,
  ShareFolderOptions,
  UploadedFile,
  UploadOptions,
  UploadServer,
  UploadSource,
  WaitForRemoteUploadOptions,
} from './types';
import { getUploadServer } from './upload/server';
import { upload } from './upload/upload';

type NameOptions = files.NameOptions;
type TransferOptions = files.TransferOptions;
type RenameFolderOptions = folders.RenameFolderOptions;

export class OneFichierClient implements paths.PathEndpoints {
  readonly baseUrl: string;
  /** Scheme of baseUrl, also used for the upload node and end.pl (https for the service, http for a loopback sandbox). */
  readonly scheme: 'http' | 'https';
  /** Where this client takes its turns: shared by every client of the process (or of the machine, from the Node entry). */
  readonly pacer: Pacer;
  /** What uploads and new folders do with reserved names unless told otherwise (sync follows it too). */
  readonly reservedNames: ReservedNamePolicy;
  private readonly c: ClientContext;

  constructor(options: ClientOptions) {
    this.c = new ClientContext(options);
    this.baseUrl = this.c.settings.baseUrl;
    this.scheme = this.c.settings.scheme;
    this.pacer = this.c.pacer;
    this.reservedNames = this.c.settings.reservedNames;
  }

  /** Forgets cached listings and account info (their budget windows still apply). */
  clearCache(): void {
    this.c.budgets.clear();
  }

  // ---------------------------------------------------------------- upload (upload/)

  /** Step 1 of an upload: an upload node and id. */
  getUploadServer(opts: CallOptions = {}): Promise<UploadServer> {
    return getUploadServer(this.c, opts);
  }

  /** Uploads one or several files in one request, never re-sending blindly (see upload/upload.ts). */
  upload(sources: UploadSource | UploadSource[], opts: UploadOptions = {}): Promise<UploadedFile[]> {
    return upload(this.c, sources, opts);
  }

  // ---------------------------------------------------------------- remote upload (endpoints/remote.ts)

  /** Asks 1fichier to fetch URLs itself (remote/request.cgi). */
  remoteUpload(req: RemoteUploadRequest, opts: CallOptions = {}): Promise<RemoteUploadCreated> {
    return remote.remoteUpload(this.c, req, opts);
  }

  listRemoteUploads(opts: CallOptions = {}): Promise<RemoteUploadJob[]> {
    return remote.listRemoteUploads(this.c, opts);
  }

  getRemoteUpload(id: number, opts: CallOptions = {}): Promise<RemoteUploadInfo> {
    return remote.getRemoteUpload(this.c, id, opts);
  }

  /** Polls remote/info.cgi (through the pacer, with a growing interval) until the job has run. */
  waitForRemoteUpload(id: number, opts: WaitForRemoteUploadOptions = {}): Promise<RemoteUploadInfo> {
    return remote.waitForRemoteUpload(this.c, id, opts);
  }

  // ---------------------------------------------------------------- download (download/)

  /** A download token (direct URL valid about 5 minutes), with every option of get_token.cgi. */
  getDownloadToken(req: DownloadTokenRequest, opts: CallOptions = {}): Promise<DownloadToken> {
    return getDownloadToken(this.c, req, opts);
  }

  /** Streams a file, resuming with Range after a network failure (see download/stream.ts). */
  download(url: string, opts: DownloadOptions = {}): Promise<DownloadStream> {
    return download(this.c, url, opts);
  }

  // ---------------------------------------------------------------- listing (budgeted: cached repeats, waits)

  /** file/ls.cgi: files of a folder (default root) or of the whole account ('all', once per hour). */
  listFiles(opts: ListFilesOptions = {}): Promise<FileListing> {
    return files.listFiles(this.c, opts);
  }

  /** folder/ls.cgi: a folder's sub-folders (and its files with includeFiles, in the same call). */
  listFolder(folderId: number, opts: ListFolderOptions = {}): Promise<FolderListing> {
    return folders.listFolder(this.c, folderId, opts);
  }

  // ---------------------------------------------------------------- folders (endpoints/folders.ts)

  createFolder(name: string, parentId = 0, opts: NameOptions = {}): Promise<CreatedFolder> {
    return folders.createFolder(this.c, name, parentId, opts);
  }

  removeFolder(folderId: number, opts: CallOptions = {}): Promise<void> {
    return folders.removeFolder(this.c, folderId, opts);
  }

  /** folder/mv.cgi as rclone sends it: destination_folder_id omitted for the root, destination_user always "". */
  moveFolder(folderId: number, destinationId: number, opts: CallOptions = {}): Promise<FolderMoveResult> {
    return folders.moveFolder(this.c, folderId, destinationId, opts);
  }

  /**
   * Renames a folder in place (folder/mv.cgi with `rename` and the parent as destination). Give `parentId` when
   * it is known; otherwise the parent is looked for from the root (one listing per folder visited, bounded).
   */
  renameFolder(folderId: number, name: string, opts: RenameFolderOptions = {}): Promise<FolderMoveResult> {
    return folders.renameFolder(this.c, folderId, name, opts, () => paths.findParentFolder(this, folderId, opts));
  }

  shareFolder(folderId: number, opts: ShareFolderOptions = {}): Promise<{ url?: string; message: string }> {
    return folders.shareFolder(this.c, folderId, opts);
  }

  // ---------------------------------------------------------------- files (endpoints/files.ts)

  getFileInfo(url: string, opts: CallOptions & { password?: string } = {}): Promise<FileInfo> {
    return files.getFileInfo(this.c, url, opts);
  }

  removeFiles(list: (string | FileToRemove)[], opts: CallOptions = {}): Promise<RemoveFilesResult> {
    return files.removeFiles(this.c, list, opts);
  }

  /**
   * file/mv.cgi; `rename` only with one file (the service rejects a rename equal to the current name). With
   * `from` (the file's folder and name, from a listing) a rename asks no file/info first.
   */
  moveFiles(urls: string[], destinationId: number, opts: files.MoveOptions = {}): Promise<MoveFilesResult> {
    return files.moveFiles(this.c, urls, destinationId, opts);
  }

  renameFile(url: string, name: string, opts: NameOptions = {}): Promise<RenameFileResult> {
    return files.renameFile(this.c, url, name, opts);
  }

  copyFiles(urls: string[], destinationId: number, opts: TransferOptions = {}): Promise<CopyFilesResult> {
    return files.copyFiles(this.c, urls, destinationId, opts);
  }

  setFileAttributes(urls: string[], attrs: FileAttributes, opts: NameOptions = {}): Promise<SetAttributesResult> {
    return files.setFileAttributes(this.c, urls, attrs, opts);
  }

  /** file/scan.cgi: antivirus scan (files under 5 GB; an infected file is removed by the service). */
  scanFile(url: string, opts: CallOptions = {}): Promise<ScanResult> {
    return files.scanFile(this.c, url, opts);
  }

  // ---------------------------------------------------------------- account (endpoints/account.ts)

  /** user/info.cgi, cached for its budget (5 minutes by default). */
  getAccountInfo(opts: CallOptions = {}): Promise<AccountInfo> {
    return getAccountInfo(this.c, opts);
  }

  // ---------------------------------------------------------------- paths (paths.ts)

  /** '/Backups/2026' → folder id (0 for '/'). Throws not_found or ambiguous (duplicate folder names). */
  resolveFolderPath(path: string, opts: CallOptions = {}): Promise<number> {
    return paths.resolveFolderPath(this, path, opts);
  }

  /** mkdir -p: resolves the path, creating the missing folders; returns the last folder's id. */
  ensureFolderPath(path: string, opts: NameOptions = {}): Promise<number> {
    return paths.ensureFolderPath(this, path, opts);
  }

  /** Creates a folder, or returns the one of that name another client or process made meanwhile (`created` false). */
  createFolderOrReuse(name: string, parentId = 0, opts: NameOptions = {}): Promise<{ folderId: number; created: boolean }> {
    return paths.createFolderOrReuse(this, parentId, name, opts);
  }

  /** The file named `name` in a folder; several files of that name are an `ambiguous` error. */
  findFileByName(folderId: number, name: string, opts: CallOptions = {}): Promise<FileItem> {
    return paths.findFileByName(this, folderId, name, opts);
  }

  /** Deletes a folder with everything in it (files first, then sub-folders depth-first, then the folder). */
  removeFolderRecursive(folderId: number, opts: paths.RemoveRecursiveOptions = {}): Promise<{ files: number; folders: number }> {
    return paths.removeFolderRecursive(this, folderId, opts);
  }
}
