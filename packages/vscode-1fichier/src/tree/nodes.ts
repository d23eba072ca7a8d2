/** What the storage tree shows: folders, files, "Load more" entries and inline messages. */
import type { FileItem } from '@onefichier/core';

export interface FolderNode {
  type: 'folder';
  id: number;
  name: string;
  /** Absolute path shown to the user, "/" for the root. */
  path: string;
  parentId: number | null;
  passwordProtected: boolean;
  createDate?: string;
  createDateUtc?: string;
}

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
}

export type StorageNode = FolderNode | FileNode | LoadMoreNode | MessageNode;

export const ROOT_ID = 0;

export function rootFolder(): FolderNode {
  return { type: 'folder', id: ROOT_ID, name: 'My files', path: '/', parentId: null, passwordProtected: false };
}

export function isFolder(n: unknown): n is FolderNode {
  return typeof n === 'object' && n !== null && (n as StorageNode).type === 'folder' && typeof (n as FolderNode).id === 'number';
}

export function isFile(n: unknown): n is FileNode {
  return typeof n === 'object' && n !== null && (n as StorageNode).type === 'file' && typeof (n as FileNode).file?.url === 'string';
}
