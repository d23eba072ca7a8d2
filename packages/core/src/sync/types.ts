/**
 * Types of one-way sync (local → 1fichier) and of the upload-if-exists policy: what the planner reads (local
 * files, the remote tree), the plan it shows before anything happens, the progress events and the report.
 * Pure: no Node globals.
 */
import type { OneFichierError } from '../errors';
import type { Reason } from '../reasons';
import type { FileItem, ReservedNamePolicy, SubFolder, UploadedFile, UploadSource } from '../types';

/** How a local file and a remote file of the same name are found identical. */
export type SyncCompare = 'size' | 'whirlpool';

/** One local file to mirror, named by its place under the synced folder. */
export interface LocalFile {
  /** The folder it is in, relative to the synced folder, as local names joined by '/' ('' = the folder itself). */
  dir: string;
  /** Its local name (the name on 1fichier follows the reserved-name policy, as for uploads). */
  name: string;
  size: number;
  /** Re-openable source of its bytes: read for the upload, and once more to hash it when sizes match. */
  source: UploadSource;
  /** Its Whirlpool when the caller already knows it (lower-case hex): saves reading the file. */
  whirlpool?: string;
  /** When it is a symbolic link: the real path of the file it points to, which is what is read. */
  linkTarget?: string;
}

/** Something left out, and why (said so the user can act on it): in English, and as a code for other languages. */
export interface SkippedEntry {
  path: string;
  /** reasonText(why): English, for logs and reports. */
  reason: string;
  /** The reason as a code with its parts, for reasonText(why, locale) (reasons.ts). */
  why: Reason;
}

/**
 * The local side: its files, every folder (empty ones too; not ''), and what could not be read. A skipped
 * path still exists locally, so the planner never removes its remote copy or anything under it.
 */
export interface LocalTree {
  files: LocalFile[];
  folders: string[];
  skipped: SkippedEntry[];
}

/** One remote folder as listed once: its files and sub-folders. */
export interface RemoteFolder {
  id: number;
  /** Path below the sync root as stored names joined by '/' ('' = the root). */
  storedPath: string;
  /** The same path with names decoded for display. */
  path: string;
  files: FileItem[];
  subFolders: SubFolder[];
  /** The listing held fewer files than the folder has (the 5,000-result cap): files may be missing from it. */
  incomplete: boolean;
}

/** The remote side: the folders that were listed, by stored path; folders named twice in one parent are not walked. */
export interface RemoteTree {
  rootId: number;
  folders: Map<string, RemoteFolder>;
  /** Stored paths of sub-folders whose name is used by several folders in their parent (ids). */
  ambiguous: Map<string, number[]>;
  /**
   * Stored paths where a listing names a folder the walk already holds (the folder itself or an ancestor, at
   * `storedPath`): not walked again, so a listing that loops cannot make the walk endless.
   */
  loops: Map<string, { id: number; storedPath: string }>;
  /** Folder listings spent building it. */
  listings: number;
}

/** Where to sync to: an existing folder, or a folder `name` inside `parentId` (found, or created by the run). */
export type SyncTarget = { folderId: number } | { parentId: number; name: string };

export interface PlannedUpload {
  /** Local path relative to the synced folder ('a/b.txt'). */
  path: string;
  file: LocalFile;
  /** The stored folder path it goes into (key of the folder map: '' = the sync root). */
  storedDir: string;
}

export interface PlannedReplacement extends PlannedUpload {
  /** The remote copies removed once the new upload is confirmed. */
  replaces: FileItem[];
}

export type RemovalReason = 'duplicate' | 'absent locally';

export interface PlannedRemoval {
  /** Remote path, decoded for display. */
  path: string;
  file: FileItem;
  reason: RemovalReason;
}

export interface PlannedFolder {
  /** Local path ('a/b'); '' for the sync root itself when it does not exist yet. */
  path: string;
  /** Stored path ('' for the root). */
  storedPath: string;
}

export interface SyncSummary {
  upload: number;
  replace: number;
  remove: number;
  createFolders: number;
  removeFolders: number;
  unchanged: number;
  /** Remote files absent locally that stay (removal was not asked for, or the listing was incomplete). */
  keptRemote: number;
  skipped: number;
  /** Bytes the run will send (uploads and replacements). */
  bytes: number;
}

/** Everything a sync will do, computed before anything changes, so a front end can show it first. */
export interface SyncPlan {
  /** The remote folder mirrored to, or undefined when it is created by the run (SyncTarget with a name). */
  remoteFolderId: number | undefined;
  /** With a named target: the parent it goes in and its name. */
  target: SyncTarget;
  compare: SyncCompare;
  deleteExtraneous: boolean;
  reservedNames: ReservedNamePolicy;
  /** Outermost first. */
  createFolders: PlannedFolder[];
  uploads: PlannedUpload[];
  replacements: PlannedReplacement[];
  removals: PlannedRemoval[];
  /** Remote folders absent locally (with removal asked for), deepest first. */
  removeFolders: { path: string; id: number }[];
  skipped: SkippedEntry[];
  /** Things the user should know (an incomplete listing, checksums the service did not give...), in English. */
  warnings: string[];
  /** The same notes as codes, in the same order, for the user's language (reasons.ts). */
  notes: Reason[];
  /** Folder ids by stored path, for the folders that exist already. */
  folderIds: Map<string, number>;
  /** Folder listings the plan spent. */
  listings: number;
  summary: SyncSummary;
}

/** A remote folder was listed (planning a sync or a folder download). */
export interface ListedEvent {
  type: 'listed';
  path: string;
  listings: number;
  message: string;
}

/** A step of planning or running, with a readable message; byte counts let a front end show a percentage. */
export type SyncEvent =
  | ListedEvent
  | { type: 'hashing'; path: string; message: string }
  | { type: 'folder-created'; path: string; folderId: number; parentId: number; name: string; message: string }
  | { type: 'uploading'; path: string; bytesDone: number; bytesTotal: number; message: string }
  | { type: 'uploaded'; path: string; file: UploadedFile; replaced: boolean; bytesDone: number; bytesTotal: number; message: string }
  | { type: 'removed'; path: string; url: string; reason: RemovalReason | 'replaced'; message: string }
  | { type: 'folder-removed'; path: string; folderId: number; message: string }
  | { type: 'failed'; path: string; error: OneFichierError; message: string };

export interface SyncReport {
  uploaded: { path: string; file: UploadedFile }[];
  replaced: { path: string; file: UploadedFile; removed: string[] }[];
  removed: { path: string; url: string; reason: RemovalReason }[];
  createdFolders: string[];
  removedFolders: string[];
  /** Files or steps that failed while the rest went on (each with the core's error). */
  failed: { path: string; error: OneFichierError }[];
  /** What the plan skipped, and warnings of the plan and of the run. */
  skipped: SkippedEntry[];
  warnings: string[];
  /** The remote folder mirrored to (created by the run when it did not exist). */
  remoteFolderId: number;
}
