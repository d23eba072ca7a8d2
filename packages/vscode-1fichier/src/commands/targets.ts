/**
 * What a command acts on. Commands are called from tree items (with the multi-selection), from the command
 * palette (then the tree's selection is used), and by the language server's code actions with a file URL
 * string such as "https://1fichier.com/?abc123def4".
 */
import * as vscode from 'vscode';
import { parseFileUrl } from '@onefichier/core';
import { UserError } from '../errors';
import { fileUrlOf } from '../fs/uri';
import type { Services } from '../services';
import type { FileNode, FolderNode, StorageNode } from '../tree/nodes';
import { isFile, isFolder } from '../tree/nodes';

/** A file to act on: the URL always, the tree node when the tree has it. */
export interface FileTarget {
  url: string;
  node?: FileNode;
}

/** A file URL given as text, by the core's rule, in the canonical form listings use (so the tree finds the file). */
function fileUrlFromText(text: string): string {
  const parsed = parseFileUrl(text);
  if (!parsed) {
    throw new UserError(
      vscode.l10n.t('"{0}" is not a 1fichier file URL.', text.trim().slice(0, 80)),
      vscode.l10n.t('A file URL looks like https://1fichier.com/?abc123def4.'),
    );
  }
  return parsed.canonicalUrl;
}

function selection(services: Services): readonly StorageNode[] {
  return services.treeView?.selection ?? [];
}

/** The files a command acts on: the clicked file (and the rest of a multi-selection), a URL, or the selection. */
export function fileTargets(services: Services, arg: unknown, all?: unknown): FileTarget[] {
  if (typeof arg === 'string') {
    const url = fileUrlFromText(arg);
    const node = services.storage.findFile(url);
    return [node ? { url, node } : { url }];
  }
  if (arg instanceof vscode.Uri) {
    const url = fileUrlOf(arg);
    if (url) return [{ url, ...(services.storage.findFile(url) ? { node: services.storage.findFile(url) as FileNode } : {}) }];
  }
  const nodes = pickNodes(services, arg, all).filter(isFile);
  if (nodes.length === 0)
    throw new UserError(
      vscode.l10n.t('No file is selected.'),
      vscode.l10n.t('Select a file in the 1fichier view, or run the command from its context menu.'),
    );
  return nodes.map((node) => ({ url: node.file.url, node }));
}

/** One file (commands that cannot act on several). */
export function fileTarget(services: Services, arg: unknown): FileTarget {
  const [first] = fileTargets(services, arg);
  return first as FileTarget;
}

/** The files and folders a command acts on (delete, move). */
export function itemTargets(services: Services, arg: unknown, all?: unknown): (FileNode | FolderNode)[] {
  const nodes = pickNodes(services, arg, all).filter((n): n is FileNode | FolderNode => isFile(n) || (isFolder(n) && n.parentId !== null));
  if (nodes.length === 0)
    throw new UserError(vscode.l10n.t('No file or folder is selected.'), vscode.l10n.t('Select items in the 1fichier view first.'));
  return nodes;
}

/**
 * The folder a command acts on: the clicked folder, the folder of a clicked file, the selected folder, or
 * the root when nothing is selected (view title buttons).
 */
export function folderTarget(services: Services, arg: unknown): FolderNode {
  return services.storage.folderOf(isFolder(arg) || isFile(arg) ? arg : selection(services)[0]);
}

/** Where items are: the folder of the first one (a file's folder, a folder's parent), for pickers to open at. */
export function folderOfItems(services: Services, items: readonly (FileNode | FolderNode)[]): FolderNode {
  const first = items[0];
  const id = first === undefined ? null : first.type === 'file' ? first.folderId : first.parentId;
  return (id !== null && services.storage.folderById(id)) || services.storage.root;
}

function pickNodes(services: Services, arg: unknown, all: unknown): StorageNode[] {
  if (Array.isArray(all) && all.length > 0 && (isFile(arg) || isFolder(arg)) && all.includes(arg)) return all as StorageNode[];
  if (isFile(arg) || isFolder(arg)) return [arg];
  return [...selection(services)];
}
