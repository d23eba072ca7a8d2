/**
 * What the storage tree shows: folders, files, "Load more" entries and inline messages. A folder owns what
 * it holds once listed (its `contents`), so a folder that is renamed or moved keeps its loaded contents.
 */
import type { FileItem } from '@onefichier/core';

/** A folder's listing as the tree keeps it: sorted sub-folders, sorted files, and how many entries show. */
export interface FolderContents {
  folders: FolderNode[];
  files: FileNode[];
  /** How many entries (folders first, then files) are shown; the rest wait behind "Load more". */
  shown: number;
}

export class FolderNode {
  readonly type = 'folder';
  id: number;
  name: string;
  /** Absolute path shown to the user, "/" for the root. */
  path: string;
  parentId: number | null;
  passwordProtected: boolean;
  createDate?: string | undefined;
  createDateUtc?: string | undefined;
  /** What the folder holds, once listed (or known, for a folder just created); undefined before. */
  contents: FolderContents | undefined;

  constructor(facts: FolderFacts) {
    this.id = facts.id;
    this.name = facts.name;
    this.path = facts.path;
    this.parentId = facts.parentId;
    this.passwordProtected = facts.passwordProtected;
    if (facts.createDate !== undefined) this.createDate = facts.createDate;
    if (facts.createDateUtc !== undefined) this.createDateUtc = facts.createDateUtc;
  }
}

/** What a folder node is made from (a listing's sub-folder, placed under its parent). */
export type FolderFacts = Pick<FolderNode, 'id' | 'name' | 'path' | 'parentId' | 'passwordProtected' | 'createDate' | 'createDateUtc'>;

export interface FileNode {
  type: 'file';
  folderId: number;
  /** Path of the containing folder. */
  folderPath: string;
  file: FileItem;
}

export interface LoadMoreNode {
  type: 'loadMore';
  folderId: number;
  remaining: number;
}

export interface MessageNode {
  type: 'message';
  folderId: number;
  text: string;
  detail: string;
  /** What a click runs, when it is not "try again" (refresh): the command that fixes the cause. */
  fix?: { command: string; title: string };
}

export type StorageNode = FolderNode | FileNode | LoadMoreNode | MessageNode;

export const ROOT_ID = 0;

export function rootFolder(): FolderNode {
  return new FolderNode({ id: ROOT_ID, name: 'My files', path: '/', parentId: null, passwordProtected: false });
}

export function isFolder(n: unknown): n is FolderNode {
  return typeof n === 'object' && n !== null && (n as StorageNode).type === 'folder' && typeof (n as FolderNode).id === 'number';
}

export function isFile(n: unknown): n is FileNode {
  return typeof n === 'object' && n !== null && (n as StorageNode).type === 'file' && typeof (n as FileNode).file?.url === 'string';
}
